"""The static files' storage in production: whitenoise's, with each address worked out once."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """whitenoise's compressed, hashed files; `url()` remembers what it answered.

    Every page links the same stylesheets, scripts and icons, and each {% static %} cost
    more than rendering the element around it (the manifest, unquoting, urljoin). The
    manifest does not change while the process runs (collectstatic comes before a deploy,
    which restarts it), so an address once worked out stays right. A name missing from
    the manifest still raises, every time.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[tuple[str, bool], str] = {}

    def url(self, name: str, force: bool = False) -> str:
        key = (name, force)
        address = self._urls.get(key)
        if address is None:
            address = self._urls[key] = super().url(name, force)
        return address
