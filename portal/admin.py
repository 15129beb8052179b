from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from members.permissions import has_second_factor, second_factor_setup_redirect


class PortalAdminSite(admin.AdminSite):
    """The Django admin behind the portal's own log-in (rate limits, MFA) and a second factor."""

    site_header = _("TPC Portal administration")
    site_title = _("TPC Portal admin")
    index_title = _("Secretariat")

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def second_factor_view(request, *args, **kwargs):
            user = request.user
            if user.is_authenticated and user.is_staff and not has_second_factor(user):
                return second_factor_setup_redirect(request)
            return inner(request, *args, **kwargs)

        return second_factor_view

    def login(self, request, extra_context=None):
        return secure_admin_login(super().login)(request, extra_context)
