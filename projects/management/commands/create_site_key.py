"""`manage.py create_site_key SITE_SLUG [--name NAME] [--expires-days N]`: a new key for a
partner site, printed once on standard output (nowhere else: not logged, not stored)."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from projects.models import Site
from projects.services.site_keys import site_key_create
from tpc_portal.errors import ApplicationError


class Command(BaseCommand):
    help = "Create an API key for a partner site and print it (shown this once only)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("site", metavar="SITE_SLUG", help="The site's short name.")
        parser.add_argument(
            "--name", default="made on the command line", help="What the key is for."
        )
        parser.add_argument(
            "--expires-days",
            type=int,
            default=None,
            help="Refuse the key after this many days (default: no expiry).",
        )

    def handle(self, *args, **options) -> None:
        site = Site.objects.filter(slug=options["site"]).first()
        if site is None:
            raise CommandError(f"No site {options['site']!r}.")
        days = options["expires_days"]
        if days is not None and days < 1:
            raise CommandError("--expires-days takes a number of days, 1 or more.")
        expiry = timezone.now() + timedelta(days=days) if days is not None else None
        try:
            key, plaintext = site_key_create(
                actor=None, site=site, name=options["name"], expiry=expiry
            )
        except ApplicationError as error:
            raise CommandError(f"{error.message} {error.errors}") from error
        self.stderr.write(f"Key {key.prefix}… for {site.name}. Copy it now: it is not shown again.")
        self.stdout.write(plaintext)
