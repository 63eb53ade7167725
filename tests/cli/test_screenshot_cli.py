"""``cultivate screenshot`` writes one PNG per tab and refuses bad files in plain words."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from db.connection import open_database
from desktop import cli
from tests.ui.school import TODAY, build_small_school

SLUGS = ("overview", "observations", "goals", "pd-menu", "celebrations")


@pytest.fixture
def school_db(tmp_path):
    path = tmp_path / "school.db"
    db = open_database(path)
    build_small_school(db)
    db.close()
    return path


def test_writes_five_tab_pictures(school_db, tmp_path, capsys, qapp):
    out = tmp_path / "shots"
    code = cli.main(["screenshot", "--data", str(school_db), "--out", str(out),
                     "--size", "1000x700", "--today", TODAY.isoformat()])
    assert code == 0
    for slug in SLUGS:
        image = QImage(str(out / f"{slug}.png"))
        assert (image.width(), image.height()) == (1000, 700), slug
    printed = capsys.readouterr().out.split()
    assert [p.rsplit("/", 1)[-1] for p in printed] == [f"{slug}.png" for slug in SLUGS]
    # Pictures of different tabs differ: each tab really was shown.
    sizes = {(out / f"{slug}.png").read_bytes() for slug in SLUGS}
    assert len(sizes) == 5


def test_data_may_also_come_before_the_command(school_db, tmp_path, qapp):
    out = tmp_path / "shots"
    assert cli.main(["--data", str(school_db), "screenshot", "--out", str(out)]) == 0
    assert (out / "celebrations.png").exists()


def test_a_file_that_is_not_cultivate_fails_plainly(tmp_path, capsys, qapp):
    bad = tmp_path / "notes.db"
    bad.write_text("shopping list", encoding="utf-8")
    assert cli.main(["screenshot", "--data", str(bad), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "cannot be opened" in err and "Traceback" not in err
    assert bad.read_text(encoding="utf-8") == "shopping list"


def test_a_missing_file_is_not_created(tmp_path, capsys, qapp):
    missing = tmp_path / "missing.db"
    assert cli.main(["screenshot", "--data", str(missing), "--out", str(tmp_path / "o")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not missing.exists()


def test_bad_size_is_explained(school_db, tmp_path, capsys):
    assert cli.main(["screenshot", "--data", str(school_db), "--out", str(tmp_path),
                     "--size", "huge"]) == 2
    assert "--size must look like 1400x900" in capsys.readouterr().err
