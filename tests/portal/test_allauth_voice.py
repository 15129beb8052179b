"""allauth's pages and e-mails speak in the portal's voice (issue 9, defect 9).

Sweep: every allauth page a person meets and every account e-mail, in English and
Russian: sentence-case headings, "e-mail" never "Email", no "a portal member" where the
text speaks of the reader, and no greeting from the server's host and port.
"""

import re
from pathlib import Path

import allauth
import pytest
from allauth.account.adapter import get_adapter
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru"]
VISITOR_PAGES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
]
MEMBER_PAGES = [
    "account_email",
    "account_change_password",
    "account_logout",
    "account_reauthenticate",
    "mfa_index",
    "mfa_list_webauthn",
]
# Words that keep their capital inside a sentence-case heading.
PROPER = {"TPC", "Portal", "ORCID", "API", "E-mail"}
ALLAUTH_TEMPLATES = Path(allauth.__file__).parent / "templates"
EMAILS = sorted(
    str(path.relative_to(ALLAUTH_TEMPLATES)).removesuffix("_subject.txt")
    for folder in ("account/email", "mfa/email")
    for path in (ALLAUTH_TEMPLATES / folder).glob("*_subject.txt")
)


def _main(html: str) -> str:
    return html.split('id="main"', 1)[1].split("</main>", 1)[0]


def _words_wrong_case(heading: str) -> list[str]:
    text = re.sub(r"<[^>]+>", " ", heading)
    words = re.findall(r"[\w'-]+", text)
    return [
        word
        for word in words[1:]
        if word[0].isupper() and word not in PROPER and not word.isupper()
    ]


def _assert_in_voice(text: str, where: str) -> None:
    assert not re.search(r"\bEmail", text), f"{where}: 'Email' in {text!r}"
    for language in LANGUAGES:
        with translation.override(language):
            member = str(translation.gettext("a portal member"))
        assert member not in text, f"{where}: {member!r}"
    assert "Hello from" not in text, where
    assert "testserver" not in text, f"{where}: the host"
    assert "127.0.0.1" not in text, f"{where}: the host"


def _pages(client):
    for name in VISITOR_PAGES:
        yield name, client
    client.force_login(UserFactory())
    for name in MEMBER_PAGES:
        yield name, client


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_allauth_page_speaks_in_the_portals_voice(client, language):
    for name, browser in _pages(client):
        response = browser.get(reverse(name), HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, name
        main = _main(response.content.decode())
        _assert_in_voice(main, name)
        for heading in re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", main, re.S):
            assert not _words_wrong_case(heading), f"{name}: heading {heading.strip()!r}"
        for label in re.findall(r"<(?:label|button)[^>]*>(.*?)</(?:label|button)>", main, re.S):
            assert not _words_wrong_case(label.split("<")[0]), f"{name}: {label.strip()!r}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sign_in_message_does_not_name_the_reader_a_portal_member(client, language):
    user = UserFactory(full_name="")
    client.post(
        reverse("account_login"),
        {"login": user.email, "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    response = client.get(reverse("account_email"), HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200  # signed in
    signed_in = {"en": "You are signed in.", "ru": "Вы вошли."}[language]
    assert signed_in in response.content.decode()
    _assert_in_voice(response.content.decode(), "after signing in")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("template", EMAILS)
def test_every_account_email_speaks_in_the_portals_voice(rf, language, template):
    user = UserFactory(full_name="")
    request = rf.get("/", HTTP_HOST="127.0.0.1:8301")
    request.user = user
    context = {
        "request": request,
        "user": user,
        "email": user.email,
        "activate_url": "https://tpc.example/accounts/confirm-email/key/",
        "code": "",
        "password_reset_url": "https://tpc.example/accounts/password/reset/key/x/",
        "signup_url": "https://tpc.example/accounts/signup/",
        "from_email": "old@example.org",
        "to_email": user.email,
        "deleted_email": "old@example.org",
        "ip": "192.0.2.1",
        "user_agent": "Browser",
        "timestamp": "now",
    }
    with translation.override(language):
        message = get_adapter(request).render_mail(template, user.email, context)

    subject = message.subject.removeprefix(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX)
    _assert_in_voice(subject, f"{template} subject")
    _assert_in_voice(message.body, f"{template} body")
    assert not _words_wrong_case(subject), f"{template}: subject {subject!r}"
    if language == "en":
        assert "TPC Portal" in message.body


def _msgids(catalogue: str) -> set[str]:
    """The message ids of a catalogue (singular ones; wrapped lines joined first)."""
    ids = set()
    for line in catalogue.replace('"\n"', "").splitlines():
        if line.startswith('msgid "') and line != 'msgid ""':
            ids.add(line[len('msgid "') : -1].replace('\\"', '"').replace("\\\\", "\\"))
    return ids


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_reworded_allauth_text_is_still_one_of_allauths(language):
    """After an allauth upgrade, a reworded id that allauth dropped would silently stop
    applying: this names it."""
    voice = settings.BASE_DIR / "tpc_portal" / "allauth_voice" / "locale"
    allauth_po = Path(allauth.__file__).parent / "locale" / "ru" / "LC_MESSAGES" / "django.po"

    ours = _msgids((voice / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8"))

    assert ours
    assert ours - _msgids(allauth_po.read_text(encoding="utf-8")) == set()
