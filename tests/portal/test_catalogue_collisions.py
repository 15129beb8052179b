"""Django merges the apps' translation catalogues into one, the first app's entry winning:
a msgid two apps translate differently shows one app's meaning in the other's pages (the
profile's job "title" once named every project's and meeting's title «должность»). Words
that mean different things in different apps carry a context (pgettext)."""

import gettext
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.utils import translation

from members.models import Profile
from projects.models import Project


def _catalogues() -> dict[str, dict]:
    found = {}
    ours = Path(settings.BASE_DIR).resolve()
    places = [
        (config.label, Path(config.path) / "locale")
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == ours  # the portal's apps, not libraries'
    ]
    places += [(str(path), Path(path)) for path in settings.LOCALE_PATHS]
    for name, path in places:
        if (path / "ru" / "LC_MESSAGES" / "django.mo").exists():
            found[name] = gettext.translation("django", path, ["ru"])._catalog
    return found


def test_no_msgid_means_two_things_in_two_apps():
    seen: dict[object, tuple[str, str]] = {}
    clashes = []
    for app, catalogue in _catalogues().items():
        for msgid, msgstr in catalogue.items():
            if msgid == "" or not msgstr:
                continue
            earlier = seen.setdefault(msgid, (app, msgstr))
            if earlier[1] != msgstr:
                clashes.append(f"{msgid!r}: {earlier[0]} {earlier[1]!r} / {app} {msgstr!r}")
    assert clashes == []


def test_a_projects_title_and_a_persons_job_title_each_keep_their_russian_word():
    with translation.override("ru"):
        assert str(Project._meta.get_field("title").verbose_name) == "название"
        assert str(Profile._meta.get_field("title").verbose_name) == "должность"
