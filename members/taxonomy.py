"""The expertise taxonomy's names, as messages to translate.

The areas are rows seeded by a data migration (0003_expertise_taxonomy) with their English
names; each name is also the message id of its translation, listed here with gettext_noop
so that makemessages collects it, and shown through gettext in the reader's language.

Why not a column per language: the taxonomy is the consortium's fixed list, translated
with every other string of the portal in the same catalogues; a new language then needs
translations, not a migration, and the slugs, which links, filters and the API use, stay
as they are. An area that staff add later without a translation shows its name as
written. Only names listed here are looked up, so that an area's name never borrows the
translation of an unrelated message that happens to be spelt the same.
"""

from functools import lru_cache

from django.utils.translation import get_language, gettext, gettext_noop

AREA_NAMES = (
    # AI methods
    gettext_noop("Model architectures"),
    gettext_noop("NLP and multimodal models"),
    gettext_noop("AI workflows"),
    gettext_noop("Data aggregation, cleaning and curation"),
    gettext_noop("Evaluation"),
    gettext_noop("Downstream adaptation"),
    gettext_noop("Alignment and trust"),
    # Systems
    gettext_noop("Scalable libraries and frameworks"),
    gettext_noop("Training runtimes"),
    gettext_noop("Hardware systems"),
    gettext_noop("Software systems"),
    # Science domains
    gettext_noop("Physics"),
    gettext_noop("Chemistry"),
    gettext_noop("Biology"),
    gettext_noop("Materials"),
    gettext_noop("Climate"),
    gettext_noop("Medicine"),
    gettext_noop("Engineering"),
)
_KNOWN = frozenset(AREA_NAMES)


def area_label(name: str) -> str:
    """An expertise area's name in the active language."""
    return _translated(name, get_language()) if name in _KNOWN else name


@lru_cache(maxsize=len(AREA_NAMES) * 8)
def _translated(name: str, language: str | None) -> str:
    # Remembered per language: a directory page names some seventy areas, and each
    # gettext passes through every catalogue in the chain.
    return gettext(name)
