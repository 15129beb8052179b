"""allauth hooks: the moments of an account's life that the members app acts on."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest
from django.utils.crypto import get_random_string

from members import services
from tpc_portal.net import client_address


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user, form, commit: bool = True):
        """Sign-up: the account gets the name it gave (SignupNameForm) and its (still
        unlisted) researcher profile, which starts from that name."""
        user.full_name = form.cleaned_data.get("full_name", "") or user.full_name
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            services.profile_create(user=user, actor=user)
        return user

    def confirm_email(self, request: HttpRequest, email_address: EmailAddress) -> bool:
        """A verified address on a member institution's domain affiliates its owner."""
        confirmed = super().confirm_email(request, email_address)
        if confirmed:
            services.affiliation_by_verified_email(email_address=email_address)
        return confirmed

    def get_client_ip(self, request: HttpRequest) -> str:
        """Rate limits key on the client behind our proxies, as the API's throttles do."""
        return client_address(request) or super().get_client_ip(request)

    def respond_email_verification_sent(self, request: HttpRequest, user):
        """Sign-up with a known address makes no account (user is None) and says the same as
        for a new one; the password is hashed as a new one's would be, so that it also takes
        as long (hashing is nearly all of a sign-up's time)."""
        if user is None:
            make_password(get_random_string(32))
        return super().respond_email_verification_sent(request, user)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def save_user(self, request: HttpRequest, sociallogin, form=None):
        """Sign-up through ORCID without a form (the provider gave a usable address) makes
        the profile too; with a form, AccountAdapter.save_user has made it already."""
        user = super().save_user(request, sociallogin, form)
        services.profile_create(user=user, actor=user)
        return user
