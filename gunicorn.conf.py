"""gunicorn's settings in the image (gunicorn reads ./gunicorn.conf.py from /app by itself).

Whose X-Forwarded-Proto gunicorn believes follows the one setting the app reads too:
TRUSTED_PROXY_COUNT. With 0 (no proxy of ours in front) only the container itself
(its healthcheck) is trusted; with a proxy, any peer, because the proxy's address is not
known in advance and port 8000 is reachable only through it. FORWARDED_ALLOW_IPS, when
set, names the trusted peers instead.
"""

import os

_trusted_proxy_count = int(os.environ.get("TRUSTED_PROXY_COUNT") or 0)

forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or (
    "*" if _trusted_proxy_count > 0 else "127.0.0.1,::1"
)
