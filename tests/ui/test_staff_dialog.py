"""The staff form: values in, values out, an inline problem, and accessible names."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from db import staff
from desktop.ui.dialogs.staff_dialog import StaffDialog


def test_new_form_reads_back_what_was_typed(qtbot):
    dialog = StaffDialog(None)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Add teacher"
    assert not dialog.error_label.isVisibleTo(dialog)
    qtbot.keyClicks(dialog.fields["first_name"], "  Zoe ")
    dialog.fields["last_name"].setText("Ñúñez")   # QTest types ASCII only
    dialog.role.setCurrentIndex(dialog.role.findData("coach"))
    dialog.years.setValue(7)
    values = dialog.values()
    assert values["first_name"] == "Zoe"
    assert values["last_name"] == "Ñúñez"
    assert values["role"] == "coach"
    assert values["years_experience"] == 7
    dialog.years.setValue(-1)
    assert dialog.values()["years_experience"] is None
    assert dialog.years.text() == "Not known"


def test_edit_form_starts_from_the_member_and_shows_the_problem(qtbot, memory_db):
    member = staff.get(memory_db, staff.add(memory_db, first_name="Ana", last_name="Lopez",
                                            subjects="Mathematics", years_experience=4))
    dialog = StaffDialog(None, member, {"email": "bad"}, "“bad” is not an email address.")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Edit Ana Lopez"
    assert dialog.fields["subjects"].text() == "Mathematics"
    assert dialog.fields["email"].text() == "bad"   # what was typed wins over the saved value
    assert dialog.years.value() == 4
    assert dialog.error_label.isVisibleTo(dialog)
    assert "not an email" in dialog.error_label.text()
    # the values it returns are accepted by db.staff as they are
    good = dict(dialog.values(), email="ana@school.example")
    staff.update(memory_db, member.id, **good)
    assert staff.get(memory_db, member.id).email == "ana@school.example"


def test_every_field_has_its_label_as_accessible_name(qtbot):
    dialog = StaffDialog(None)
    qtbot.addWidget(dialog)
    names = {edit.accessibleName() for edit in dialog.findChildren(QLineEdit)
             if edit.parent() is dialog}
    assert {"First name", "Last name", "Email", "Subjects", "Grades", "Career goals",
            "Prefers to learn through", "Interests", "Leadership strengths"} <= names
    assert dialog.role.accessibleName() == "Role"
    assert dialog.years.accessibleName() == "Years of experience"
