"""Reading roster exports as schools really send them: encodings, quoting, zips, spreadsheets."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from desktop.core.roster.readers import RosterReadError, read_roster

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "roster"


def rows_of(export):
    return [(line, cells) for line, cells in export.users.rows]


def test_oneroster_11_folder_reads_users_orgs_and_version():
    export = read_roster(SAMPLES / "oneroster-1.1")
    assert export.is_oneroster and export.version == "1.1"
    assert export.orgs["org-school-20"].name == "Hillcrest Middle School, East Campus"
    assert export.orgs["org-district-1"].type == "district"
    rows = rows_of(export)
    assert len(rows) == 10
    role = export.users.columns["role"]
    assert rows[0][0] == 2 and rows[0][1][role] == "teacher"


def test_oneroster_12_folder_reads_roles_csv():
    export = read_roster(SAMPLES / "oneroster-1.2")
    assert export.version == "1.2"
    roles = export.roles["u-03"]
    assert {(r.role_type, r.role) for r in roles} == {("primary", "principal"), ("secondary", "teacher")}
    assert "primaryorgsourcedid" in export.users.columns


def test_zip_with_a_folder_inside_reads_like_the_folder(tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in (SAMPLES / "oneroster-1.2").iterdir():
            zipped.write(path, f"lakeside-2025/{path.name}")
    from_zip = read_roster(archive)
    from_folder = read_roster(SAMPLES / "oneroster-1.2")
    assert from_zip.version == "1.2"
    assert rows_of(from_zip) == rows_of(from_folder)
    assert from_zip.roles == from_folder.roles


def test_choosing_users_csv_reads_its_whole_folder(tmp_path):
    folder = tmp_path / "export"
    shutil.copytree(SAMPLES / "oneroster-1.1", folder)
    export = read_roster(folder / "users.csv")
    assert export.is_oneroster and export.orgs


def test_windows_1252_with_semicolons_is_decoded():
    export = read_roster(SAMPLES / "staff-windows-1252.csv")
    rows = rows_of(export)
    first = export.users.columns["firstname"]
    assert [cells[first] for _line, cells in rows] == ["Jürgen", "Begoña", "Ann"]
    assert "emailaddress" in export.users.columns  # "E-mail Address" normalised


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_encodings_with_and_without_bom(tmp_path, encoding):
    path = tmp_path / "staff.csv"
    path.write_bytes("First Name,Last Name\nZoë,Brontë\n".encode(encoding))
    export = read_roster(path)
    assert list(export.users.columns) == ["firstname", "lastname"]
    assert rows_of(export) == [(2, ["Zoë", "Brontë"])]


def test_record_line_numbers_are_where_the_record_starts(tmp_path):
    path = tmp_path / "staff.csv"
    path.write_bytes(
        b"Email,First Name,Notes\r\n"
        b"\r\n"
        b'a@x.org,Ann,"line one\r\nline two, with a comma"\r\n'
        b"\r\n"
        b"   \r\n"
        b'b@x.org,"Bea ""B"" Jones",plain\r\n'
        b'c@x.org,Cy,"three\nlines\nhere"\n'
        b"d@x.org,Di,last"
    )
    rows = rows_of(read_roster(path))
    assert [line for line, _cells in rows] == [3, 7, 8, 11]
    assert rows[0][1][2] == "line one\r\nline two, with a comma"
    assert rows[1][1][1] == 'Bea "B" Jones'


def test_headers_are_case_insensitive_and_reordered(tmp_path):
    path = tmp_path / "users.csv"
    path.write_text("EMAIL,Favourite Colour,GIVENNAME,familyName,SourcedID\n")
    columns = read_roster(path).users.columns
    assert columns["email"] == 0 and columns["givenname"] == 2 and columns["sourcedid"] == 4


def test_nul_bytes_refuse_the_file_with_a_plain_message(tmp_path):
    path = tmp_path / "staff.csv"
    path.write_bytes(b"First Name\nAnn\x00\x00\x01\x02\n")
    with pytest.raises(RosterReadError, match="binary data"):
        read_roster(path)


def test_not_a_zip(tmp_path):
    path = tmp_path / "export.zip"
    path.write_bytes(b"PK\x03\x04 this is not really a zip file")
    with pytest.raises(RosterReadError, match="not a readable zip"):
        read_roster(path)


def test_zip_without_users_csv(tmp_path):
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as zipped:
        zipped.writestr("orgs.csv", "sourcedId,name,type\n1,A,school\n")
    with pytest.raises(RosterReadError, match="no users.csv"):
        read_roster(path)


def test_missing_path_and_old_excel_and_empty_file(tmp_path):
    with pytest.raises(RosterReadError, match="not found"):
        read_roster(tmp_path / "nope.csv")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(RosterReadError, match="old-style Excel"):
        read_roster(tmp_path / "old.xls")
    (tmp_path / "empty.csv").write_bytes(b"\r\n\r\n")
    with pytest.raises(RosterReadError, match="empty"):
        read_roster(tmp_path / "empty.csv")


def test_damaged_xlsx_is_refused(tmp_path):
    path = tmp_path / "staff.xlsx"
    path.write_bytes(b"\x00\x01 definitely not a workbook")
    with pytest.raises(RosterReadError, match="not a readable Excel workbook"):
        read_roster(path)


def test_xlsx_rows_keep_their_sheet_row_numbers(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Staff ID", "First Name", "Last Name", "Email"])
    sheet.append([1001, "Ann", "Lee", "ann@x.org"])
    sheet.append([None, None, None, None])
    sheet.append([1002.0, "Bo", "Kim", "bo@x.org"])
    path = tmp_path / "staff.xlsx"
    workbook.save(path)
    export = read_roster(path)
    assert export.users.name == "staff.xlsx"
    assert rows_of(export) == [(2, ["1001", "Ann", "Lee", "ann@x.org"]),
                               (4, ["1002", "Bo", "Kim", "bo@x.org"])]
