from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tpc_portal.second_factor import second_factor_admin_view


class PortalAdminSite(admin.AdminSite):
    """The Django admin behind the portal's own log-in (rate limits, MFA) and a second factor."""

    site_header = _("TPC Portal administration")
    site_title = _("TPC Portal admin")
    index_title = _("Secretariat")

    def admin_view(self, view, cacheable=False):
        return second_factor_admin_view(super().admin_view(view, cacheable))

    def login(self, request, extra_context=None):
        return secure_admin_login(super().login)(request, extra_context)
