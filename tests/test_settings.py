"""Settings: one object per program, saving only what changed, following the file."""

from desktop import paths
from desktop.settings import Settings, get_settings


def test_get_settings_is_one_object_until_the_data_folder_changes(tmp_path):
    first = get_settings()
    assert get_settings() is first
    paths.override_data_dir(tmp_path / "elsewhere")
    assert get_settings() is not first and get_settings().path == tmp_path / "elsewhere" / "settings.json"


def test_a_save_writes_only_its_own_keys_and_follows_the_file():
    mine, theirs = Settings.load(), Settings.load()
    mine.set("coverage.threshold_days", 21)
    theirs.set("backups.keep", 4)                       # does not write its stale threshold back
    assert Settings.load().get("coverage.threshold_days") == 21
    assert mine.get("backups.keep") == 4                # the other's change is seen at once
    mine.remember_file("/schools/a.db")
    assert theirs.get("files.recent") == ["/schools/a.db"] and theirs.get("backups.keep") == 4


def test_settings_made_from_values_are_never_saved():
    detached = Settings({"pdf.page_size": "a4"})
    detached.set("coverage.threshold_days", 3)
    assert detached.get("coverage.threshold_days") == 3
    assert not paths.settings_file().exists()


def test_a_damaged_settings_file_gives_the_defaults():
    paths.settings_file().write_text("{not json", encoding="utf-8")
    assert Settings.load().get("coverage.threshold_days") == 14
    get_settings().set("coverage.threshold_days", 9)
    assert Settings.load().get("coverage.threshold_days") == 9
