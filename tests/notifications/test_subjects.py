"""Notification e-mails carry the portal's one subject prefix, the setting account e-mails use."""

from datetime import date

import pytest

from notifications import emails
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_notice_and_digest_subjects_start_with_the_portals_prefix(announce, settings):
    settings.ACCOUNT_EMAIL_SUBJECT_PREFIX = "[TPC Test] "
    ada = UserFactory()
    [notice] = announce([ada], subject="Hackathon registration is open")

    assert emails.notice_email(notice).subject == "[TPC Test] Hackathon registration is open"
    assert emails.digest_email(ada, [notice], date(2026, 12, 1)).subject.startswith("[TPC Test] ")
