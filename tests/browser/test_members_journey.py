"""A researcher completes a profile, finds people by expertise, and writes to one of them."""

import importlib
import re

import pytest
from playwright.sync_api import Page, expect

from members.models import Institution, Profile
from notifications.models import Notification
from tests.factories import PASSWORD, InstitutionFactory, ProfileFactory

ADA = "ada.journey@lab.example"


@pytest.fixture
def people(transactional_db):
    # A transactional test may have emptied the tables the data migration filled.
    taxonomy = importlib.import_module("members.migrations.0003_expertise_taxonomy")
    taxonomy.seed(django_apps(), None)
    lab = InstitutionFactory(name="Journey National Laboratory", slug="journey-lab")
    university = InstitutionFactory(name="Journey University", slug="journey-uni", country="GB")
    ada = ProfileFactory(
        institution=lab,
        user__email=ADA,
        user__full_name="Ada Journey",
        display_name="",
        visibility=Profile.Visibility.HIDDEN,
    )
    bruno = ProfileFactory(
        institution=university,
        user__full_name="Bruno Collaborator",
        title="Research scientist",
        expertise=["evaluation", "alignment-and-trust"],
        keywords=["tokenizers"],
        open_to_collaboration=True,
    )
    ProfileFactory(institution=university, user__full_name="Petra Physicist", expertise=["physics"])
    assert Institution.objects.filter(status="member").count() == 2
    return {"ada": ada, "bruno": bruno}


def django_apps():
    from django.apps import apps

    return apps


def test_researcher_completes_profile_finds_a_collaborator_and_writes(
    page: Page, checkpoint, people
):
    page.goto("/accounts/login/")
    page.get_by_label("E-mail:").fill(ADA)
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Suggested collaborators")).to_be_visible()
    checkpoint("members-home")
    page.get_by_role("link", name="Complete your profile").click()

    expect(page.get_by_role("heading", name="Edit your profile")).to_be_visible()
    checkpoint("members-profile-edit")
    page.get_by_label("Name", exact=True).fill("Ada Journey")
    page.get_by_label("Title or role").fill("Computational scientist")
    page.get_by_label("ORCID iD").fill("0000-0002-1825-0098")
    page.get_by_label("About you").fill("I evaluate language models on scientific reasoning.")
    page.get_by_role("checkbox", name="Evaluation").check()
    page.get_by_role("checkbox", name="Chemistry").check()
    page.get_by_label("Keywords").fill("tokenizers, benchmarks")
    page.get_by_role("checkbox", name="Collaboration").check()
    page.get_by_role("radio", name="Confirmed members of the consortium").check()
    page.get_by_role("button", name="Save profile").click()

    expect(
        page.locator("#id_orcid_error").get_by_text("its last character should be 7")
    ).to_be_visible()
    checkpoint("members-profile-edit-error")
    page.get_by_label("ORCID iD").fill("0000-0002-1825-0097")
    page.get_by_role("button", name="Save profile").click()

    expect(page.get_by_role("heading", name="Ada Journey", level=1)).to_be_visible()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    checkpoint("members-own-profile")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Directory").click()
    expect(page.get_by_role("heading", name="Find researchers")).to_be_visible()
    checkpoint("members-directory")
    page.get_by_role("search").get_by_role("checkbox", name="Evaluation").check()
    # htmx replaces the results without reloading the page, and puts the filter in the URL.
    expect(page.get_by_role("status").filter(has_text="researcher")).to_have_text("2 researchers")
    expect(page).to_have_url(re.compile(r"/directory/researchers/\?.*expertise=evaluation"))
    results = page.get_by_role("region", name="Results")
    expect(results.get_by_role("link", name="Bruno Collaborator")).to_be_visible()
    expect(results.get_by_role("link", name="Petra Physicist")).to_have_count(0)
    checkpoint("members-directory-filtered")

    page.get_by_role("banner").get_by_text("Ada Journey").click()
    page.get_by_role("banner").get_by_role("link", name="My profile").click()
    suggestions = page.get_by_role("region", name="Suggested collaborators")
    expect(suggestions.get_by_text("Shares: Evaluation; keyword: tokenizers")).to_be_visible()
    suggestions.get_by_role("link", name="Bruno Collaborator").click()

    expect(page.get_by_role("heading", name="Bruno Collaborator", level=1)).to_be_visible()
    checkpoint("members-collaborator")
    page.get_by_role("link", name="Write to Bruno Collaborator").click()

    expect(page.get_by_role("heading", name="Write to Bruno Collaborator")).to_be_visible()
    expect(page.get_by_text(ADA)).to_be_visible()  # the form says the reply goes to Ada
    checkpoint("members-contact")
    page.get_by_label("Subject").fill("Tokenizers for chemistry")
    page.get_by_label("Message").fill("Would you like to compare our evaluation suites?")
    page.get_by_role("button", name="Send message").click()

    expect(page.get_by_text("Your message to Bruno Collaborator is on its way.")).to_be_visible()
    checkpoint("members-message-sent")
    notice = Notification.objects.get(
        recipient=people["bruno"].user, kind="members.contact_message"
    )
    assert notice.reply_to == ADA
    assert "compare our evaluation suites" in notice.body
