"""Who is asking: the client's address, behind as many proxies of ours as are configured.

`TRUSTED_PROXY_COUNT` is the number of proxies we run in front of the app, each of which
appends the address it received the request from to `X-Forwarded-For`. The client is then
the entry that many places from the right; everything left of it came from the client and
may be forged. With 0 (the default) the header is ignored and the peer (`REMOTE_ADDR`) is
the client. allauth's rate limits and DRF's throttles both ask this one function.
"""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address the rate limits key on (DRF's `NUM_PROXIES` rule, for one answer)."""
    remote_addr = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    forwarded_for = request.META.get("HTTP_X_FORWARDED_FOR")
    if count == 0 or not forwarded_for:
        return remote_addr
    addresses = [address.strip() for address in forwarded_for.split(",")]
    # Fewer entries than proxies: the request skipped a proxy; its left-most entry is the
    # closest thing to a client it has.
    return addresses[-min(count, len(addresses))] or remote_addr
