"""The dialog for a bug: plain words first, the details one click away and easy to copy."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class BugReportDialog(QDialog):
    def __init__(self, summary: str, details: str, log_path: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Something went wrong")
        self.setObjectName("bug-report")
        message = QLabel(
            f"{summary}<br><br>Cultivate is still running and your saved work is safe. "
            f"The details below were also written to<br><code>{log_path}</code>.")
        message.setWordWrap(True)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Details")
        self.details.setMinimumSize(560, 220)
        copy = QPushButton("&Copy details")
        copy.setAccessibleName("Copy details")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(details))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
