"""Demo accounts for a local `make run`. Never load this into production."""

from collections.abc import Iterator

from allauth.account.models import EmailAddress

from members.models import User

DEMO_PASSWORD = "tpc-demo-2026"  # noqa: S105 - documented in the README, local use only
STAFF_EMAIL = "secretariat@tpc.example"

DEMO_PEOPLE = [
    # (e-mail, full name, staff)
    (STAFF_EMAIL, "Secretariat Demo", True),
    ("ada.researcher@tpc.example", "Ada Researcher", False),
    ("grace.lead@tpc.example", "Grace Lead", False),
]


def seed() -> Iterator[str]:
    for email, full_name, staff in DEMO_PEOPLE:
        user, created = User.objects.get_or_create(
            email=email, defaults={"full_name": full_name, "is_staff": staff, "is_superuser": staff}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if created:
            yield f"Created {'staff ' if staff else ''}account {email}"
    yield f"Demo accounts log in with the password {DEMO_PASSWORD!r} (local use only)."
