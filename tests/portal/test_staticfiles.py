"""The production storage of static files (tpc_portal.staticfiles)."""

import json

import pytest

from tpc_portal.staticfiles import StaticFilesStorage


@pytest.fixture
def storage(tmp_path, settings):
    settings.DEBUG = False  # in DEBUG a manifest storage answers unhashed names
    manifest = {"version": "1.1", "hash": "0", "paths": {"css/portal.css": "css/portal.1a2b.css"}}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return StaticFilesStorage(location=tmp_path, base_url="/static/")


def test_a_file_is_addressed_by_its_hashed_name_every_time(storage):
    answers = [storage.url("css/portal.css") for _ in range(3)]

    assert answers == ["/static/css/portal.1a2b.css"] * 3


def test_a_file_missing_from_the_manifest_raises_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/missing.css")
