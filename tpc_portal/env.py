"""Reading configuration from the environment: the only place settings look outside."""

import os
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env(name: str, *, default: Any = None, cast: Callable[[str], Any] = str) -> Any:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return cast(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name}={value!r} is not valid: {error}") from error


def env_bool(name: str, *, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use true or false).")


def env_list(name: str, *, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def parse_cache_url(url: str) -> dict:
    """`redis://host:port/db` for a shared cache, `locmem://` for one process."""
    scheme = urlsplit(url).scheme
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL scheme {scheme!r} is not supported (redis, locmem, dummy)."
    )


def parse_email_url(url: str) -> dict:
    """A Django 6.1 MAILERS entry from `smtp://user:password@host:port?tls=true`.

    Schemes: smtp (STARTTLS with ?tls=true), smtps (implicit TLS), console, locmem, dummy.
    """
    parts = urlsplit(url)
    backends = {
        "console": "tpc_portal.mail.ReadableConsoleBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
    }
    if parts.scheme in backends:
        return {"BACKEND": backends[parts.scheme]}
    if parts.scheme not in {"smtp", "smtps"}:
        raise ImproperlyConfigured(f"EMAIL_URL scheme {parts.scheme!r} is not supported.")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    options: dict[str, Any] = {
        "host": parts.hostname or "localhost",
        "port": parts.port or (465 if parts.scheme == "smtps" else 25),
        "username": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "use_ssl": parts.scheme == "smtps",
        "use_tls": query.get("tls", "").lower() in _TRUE,
        "timeout": int(query.get("timeout", "10")),
    }
    return {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}
