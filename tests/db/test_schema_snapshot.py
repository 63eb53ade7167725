"""The stored schema (db/migrations/expected_schema.json) is what the migrations make, and a
stale one is never trusted."""

from __future__ import annotations

import json

from db import migrations, schema


def test_the_stored_schema_is_the_one_the_migrations_make():
    stored = schema._stored(migrations.LATEST_VERSION)
    assert stored is not None, ("db/migrations changed since the schema was stored: "
                                "run `python -m db.schema` and commit the file")
    assert stored == schema.migrated(migrations.LATEST_VERSION)


def test_a_stored_schema_that_no_longer_matches_the_migrations_is_not_used(tmp_path, monkeypatch):
    real = schema.SNAPSHOT
    data = json.loads(real.read_text(encoding="utf-8"))
    # A copy out of step with the migrations: a trigger more, another digest.
    data["objects"].append(["trigger", "leak", "staff",
                            "CREATE TRIGGER leak AFTER UPDATE ON staff BEGIN SELECT 1; END"])
    data["migrations"] = "0" * 64
    stale = tmp_path / "expected_schema.json"
    stale.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(schema, "SNAPSHOT", stale)
    assert schema._stored(migrations.LATEST_VERSION) is None
    # …and an older format is always built from its migrations.
    monkeypatch.setattr(schema, "SNAPSHOT", real)
    assert schema._stored(migrations.LATEST_VERSION - 1) is None
