"""The one layout: the header names the person and highlights the section they are in, and
every form in the portal is laid out by the same templates (templates/forms/)."""

import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse

from tests.factories import ProfileFactory, UserFactory
from tests.portal.dom import parse

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


def _soup(response):
    return parse(response.content)


# --- The header -------------------------------------------------------------------------------


def test_the_header_shows_the_persons_name_and_never_their_address(client):
    person = UserFactory(email="ada.private@lab.example", full_name="Ada Lovelace")
    client.force_login(person)

    header = _soup(client.get(reverse("home"))).find("header")

    assert header.find("summary", class_="account-name").text() == "Ada Lovelace"
    assert "ada.private@lab.example" not in str(header)


def test_the_header_of_a_nameless_person_does_not_fall_back_to_the_address(client):
    person = UserFactory(email="nameless@lab.example", full_name="")
    client.force_login(person)

    header = _soup(client.get(reverse("home"))).find("header")

    assert "nameless@lab.example" not in str(header)
    assert header.find("summary", class_="account-name").text()


@pytest.mark.parametrize(
    ("path", "section"),
    [
        ("/directory/", "Directory"),
        ("/directory/researchers/", "Directory"),
        ("/directory/institutions/", "Directory"),
        ("/committee/", "Committee"),
        ("/inbox/preferences/", "Inbox"),
    ],
)
def test_navigation_highlights_the_section_of_any_page_under_it(member_client, path, section):
    response = member_client.get(path, follow=True)
    nav = _soup(response).find("nav", aria_label="Main")

    current = nav.find_all("a", aria_current="page")

    assert [link.text().split(" ")[0] for link in current] == [section]


def test_the_account_pages_mark_the_one_shown(member_client):
    nav = _soup(member_client.get(reverse("members:api_tokens"))).find(
        "nav", aria_label="Account settings"
    )

    current = nav.find_all("a", aria_current="page")

    assert [link.text() for link in current] == ["API tokens"]
    assert current[0]["href"] == reverse("members:api_tokens")
    assert "E-mail addresses" in [link.text() for link in nav.find_all("a")]


@pytest.mark.parametrize(
    ("path", "href", "inside"),
    [
        ("/", "/", True),
        ("/directory/", "/", False),
        ("/directory/people/3/", "/directory/", True),
        ("/directory", "/directory/", False),
        ("/directory-archive/", "/directory", False),
        ("/directory/x/", "/directory", True),
        ("/anything/", "", False),
    ],
)
def test_a_section_is_its_path_and_everything_under_it(path, href, inside):
    template = Template("{% load portal %}{{ path|in_section:href }}")

    assert template.render(Context({"path": path, "href": href})) == str(inside)


def test_the_menu_script_is_a_static_file_and_the_page_has_no_inline_script(client):
    soup = _soup(client.get(reverse("home")))

    scripts = soup.find_all("script")
    assert scripts
    assert all(script.get("src") for script in scripts)
    assert any(script["src"].endswith("js/portal.js") for script in scripts)
    assert soup.find("button", class_="menu-toggle")["aria-controls"] == "site-menu"


# --- One form layout --------------------------------------------------------------------------


class _SampleForm(forms.Form):
    name = forms.CharField(label="Name", help_text="As people know you.")
    agree = forms.BooleanField(label="I agree", required=False)
    choice = forms.ChoiceField(
        label="Colour", choices=[("r", "Red"), ("b", "Blue")], widget=forms.RadioSelect
    )

    def clean(self):
        raise forms.ValidationError("Something about the whole form.")


def test_a_form_has_labels_above_help_and_errors_by_the_field_and_a_summary_on_top():
    form = _SampleForm({"name": "", "choice": "x"})
    form.is_valid()
    soup = parse(str(form))

    summary = soup.find(class_="error-summary")
    assert summary["role"] == "alert"
    assert "Something about the whole form." in summary.text()
    assert {a["href"] for a in summary.find_all("a")} == {"#id_name", "#id_choice"}
    # Everything before the first field: the summary comes first.
    assert str(soup).index("error-summary") < str(soup).index('class="field')

    name = soup.find("input", id="id_name")
    group = name.parent_with(class_="field")
    order = [child.name for child in group.elements]
    assert order == ["label", "div", "ul", "input"]  # label, help, errors, field
    assert group.find("ul", class_="errorlist")["id"] == "id_name_error"
    assert set(name["aria-describedby"].split()) == {"id_name_helptext", "id_name_error"}
    assert name["aria-invalid"] == "true"

    radios = soup.find("div", id="id_choice").parent_with("fieldset")
    assert radios.find("legend").text().startswith("Colour")


def test_a_valid_form_shows_no_summary():
    form = forms.Form()
    assert "error-summary" not in str(form)


def test_a_checkbox_sits_before_its_label():
    soup = parse(str(_SampleForm()["agree"].as_field_group()))
    group = soup.find(class_="field")

    assert [child.name for child in group.elements][:2] == ["input", "label"]


def test_a_refused_form_on_a_page_shows_the_summary_with_links_to_its_fields(member_client):
    response = member_client.post(reverse("members:affiliation"), {"message": "Hello"})
    soup = _soup(response)

    summary = soup.find(class_="error-summary")
    assert summary["role"] == "alert"
    assert [a for a in summary.find_all("a") if a["href"] == "#id_institution"]
    assert soup.find("ul", id="id_institution_error")


def test_allauths_pages_use_the_same_layout(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "not-an-address", "password1": "x", "password2": "y"},
    )
    soup = _soup(response)

    assert soup.find(class_="error-summary")["role"] == "alert"
    assert soup.find("input", id="id_email").parent_with(class_="field")
    assert [label for label in soup.find_all("label") if label.get("for") == "id_email"]


FORM_TEMPLATES = [
    path
    for pattern in ("templates/**/*.html", "*/templates/**/*.html")
    for path in ROOT.glob(pattern)
    if ".venv" not in path.parts
    # The layout itself: the portal's, and allauth's hand-written fields in the same shape.
    and "templates/forms/" not in path.as_posix()
    and not path.as_posix().endswith("templates/allauth/elements/field.html")
]
# A second way of laying out a form: Django's other layouts, or errors printed by hand
# instead of through templates/forms/error_summary.html and field.html.
OTHER_LAYOUT = re.compile(
    r"\.as_(div|p|table|ul)\b|non_field_errors|\{\{\s*form\.errors\s*\}\}|"
    r"\{\{\s*[\w.]+\.errors\s*\}\}(?!\s*</fieldset>)"
)
# Fields whose markup a page arranges itself (grouped checkboxes, a fieldset per kind): they
# print the field's own errors where the layout would, next to the field.
OWN_ARRANGEMENT = {"form.expertise.errors", "field.errors"}


def test_every_form_in_the_portal_goes_through_the_one_layout():
    assert FORM_TEMPLATES, "no template found"
    offenders = []
    for path in FORM_TEMPLATES:
        text = path.read_text()
        for match in OTHER_LAYOUT.finditer(text):
            found = match.group(0)
            if any(own in found for own in OWN_ARRANGEMENT):
                continue
            offenders.append(f"{path.relative_to(ROOT)}: {found}")

    assert not offenders, "forms laid out outside templates/forms/:\n" + "\n".join(offenders)


def test_the_steering_copy_of_the_error_list_is_gone():
    assert not list(ROOT.glob("*/templates/*/includes/form_errors.html"))


def test_the_profile_page_lays_out_its_fields_like_every_form(member_client, user):
    ProfileFactory(user=user)
    soup = _soup(member_client.get(reverse("members:profile_edit")))

    for field_id in ("id_display_name", "id_orcid", "id_time_zone", "id_email_visible"):
        assert soup.find(id=field_id).parent_with(class_="field"), field_id
