"""The dialog for a bug: plain words first, the details one click away and easy to copy."""

from __future__ import annotations

from PySide6.QtCore import Qt
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


# Non-modal reports stay alive until their window is closed.
_open_reports: list[QWidget] = []


def keep_open(widget: QWidget) -> QWidget:
    """Hold a non-modal report or notice until it closes (nothing else refers to it)."""
    _open_reports.append(widget)
    widget.destroyed.connect(lambda *_: _open_reports.remove(widget) if widget in _open_reports
                             else None)
    return widget


def report_bug(parent: QWidget | None, error: BaseException) -> BugReportDialog:
    """A bug, not the user's doing nor the disk's: logged with its traceback, then shown
    in plain words with the details a click away ("Copy details")."""
    import traceback

    from desktop import __version__, paths
    from desktop.errors import log, plain_message

    details = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    log.error("Unexpected error\n%s", details)
    summary, _ = plain_message(error)
    dialog = BugReportDialog(summary, f"Cultivate {__version__}\n{details}", str(paths.log_file()),
                             parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.finished.connect(lambda *_: _open_reports.remove(dialog) if dialog in _open_reports
                            else None)
    _open_reports.append(dialog)
    dialog.show()
    return dialog
