"""DRF's throttles, keyed on the client as `tpc_portal.net` finds it (not on a forged
`X-Forwarded-For`, which DRF believes by default)."""

from rest_framework import throttling

from tpc_portal.net import client_address


class AnonRateThrottle(throttling.AnonRateThrottle):
    def get_ident(self, request) -> str:
        return client_address(request)


class UserRateThrottle(throttling.UserRateThrottle):
    def get_ident(self, request) -> str:
        return client_address(request)
