"""Drafting and editing a project, what it shares and produces, and how its history and
notices read."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation

from notifications import kinds
from notifications.rendering import render_notice
from projects import audit, services
from projects.models import Output, Project, Share, TeamMember
from tests.factories import ProjectFactory, UserFactory, WorkingGroupFactory
from tests.projects.conftest import draft, member, on_team
from tpc_portal.audit import AuditEntry, audit_of, audit_sentence
from tpc_portal.errors import ApplicationError

pytestmark = pytest.mark.django_db


def test_a_confirmed_member_drafts_a_project_and_leads_it(pi):
    group = WorkingGroupFactory()

    project = draft(pi, keywords=["Crystals", "crystals", " GNN "], working_groups=[group])

    assert project.status == Project.Status.DRAFT
    assert project.slug == "foundation-model-for-materials"
    assert project.lead_institution == pi.profile.institution
    place = project.team.get()
    assert (place.user, place.role, place.status) == (pi, "pi", "active")
    assert place.institution == pi.profile.institution
    assert sorted(k.name for k in project.keywords.all()) == ["crystals", "gnn"]
    assert list(project.working_groups.all()) == [group]
    assert audit_of(project).get().verb == audit.PROJECT_CREATED.key


def test_slugs_are_unique_and_keep_clear_of_fixed_addresses(pi):
    first = draft(pi, title="New")
    second = draft(pi, title="New")

    assert (first.slug, second.slug) == ("new-2", "new-3")


def test_people_outside_the_consortium_do_not_draft(db):
    outsider = UserFactory()

    with pytest.raises(PermissionDenied):
        draft(outsider)


def test_a_draft_links_only_active_working_groups(pi):
    proposed = WorkingGroupFactory(status="proposed")

    with pytest.raises(ApplicationError) as refused:
        draft(pi, working_groups=[proposed])

    assert "working_groups" in refused.value.errors
    assert not Project.objects.exists()


def test_too_many_keywords_are_refused_with_the_field(pi):
    with pytest.raises(ApplicationError) as refused:
        draft(pi, keywords=[f"k{i}" for i in range(21)])

    assert "keywords" in refused.value.errors


def test_an_edit_names_what_changed(pi):
    project = draft(pi)

    services.project_update(
        project=project,
        actor=pi,
        title="Foundation model for alloys",
        summary=project.summary,
        kind=project.kind,
        goals=project.goals,
        keywords=["alloys"],
    )

    entry = audit_of(project).filter(verb=audit.PROJECT_UPDATED.key).get()
    assert entry.after["fields"] == ["title", "keywords"]
    assert "Changed: title, keywords." in audit_sentence(entry)


def test_the_new_project_page_drafts_and_the_edit_page_edits(client, pi):
    client.force_login(pi)

    page = client.get(reverse("projects:new"))
    created = client.post(
        reverse("projects:new"),
        {
            "title": "Ocean eddies emulator",
            "summary": "Emulating mesoscale eddies.",
            "kind": "model_building",
            "keywords": "oceans, emulators",
            "differs_from_similar": "",
        },
    )
    project = Project.objects.get()
    edited = client.post(
        reverse("projects:edit", args=[project.slug]),
        {"title": "Ocean eddy emulator", "summary": "Eddies.", "kind": "model_building"},
    )

    assert "How does your project differ from similar work?" in page.content.decode()
    assert created.status_code == 302
    assert created["Location"] == reverse("projects:project", args=[project.slug])
    assert edited.status_code == 302
    project.refresh_from_db()
    assert project.title == "Ocean eddy emulator"


def test_a_refused_draft_keeps_the_input_and_says_why(client, pi):
    client.force_login(pi)

    response = client.post(reverse("projects:new"), {"title": "Only a title", "kind": "nope"})

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"summary", "kind"}
    assert 'value="Only a title"' in response.content.decode()


# --- Shares and outputs ---------------------------------------------------------------------


def test_the_pi_records_what_is_shared_with_consent(pi):
    project = draft(pi)
    before = timezone.now()

    share = services.share_add(
        project=project, actor=pi, what="model", description="Weights", terms="Apache-2.0"
    )

    assert share.consented_by == pi
    assert share.consented >= before


def test_a_co_pi_does_not_give_the_pis_consent(pi):
    project = draft(pi)
    co_pi = member()
    on_team(project, co_pi, role=TeamMember.Role.CO_PI)

    with pytest.raises(PermissionDenied):
        services.share_add(
            project=project, actor=co_pi, what="data", description="x", terms="CC0-1.0"
        )


def test_the_share_form_needs_the_consent_ticked(client, pi):
    project = draft(pi)
    client.force_login(pi)

    response = client.post(
        reverse("projects:share_add", args=[project.slug]),
        {"what": "data", "description": "Spectra", "terms": "CC-BY-4.0"},
    )

    assert response.status_code == 400
    assert "consent" in response.context["share_form"].errors
    assert not Share.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("10.5281/zenodo.1234567", "10.5281/zenodo.1234567"),
        ("https://doi.org/10.1038/s41586-021-03819-2", "10.1038/s41586-021-03819-2"),
        ("doi:10.48550/arXiv.2303.08774", "10.48550/arXiv.2303.08774"),
    ],
)
def test_an_output_doi_is_checked_and_stored_without_its_prefix(pi, typed, stored):
    project = ProjectFactory(created_by=pi)

    output = services.output_add(project=project, actor=pi, kind="paper", title="P", doi=typed)

    assert output.doi == stored


@pytest.mark.parametrize("typed", ["10.12/abc", "not a doi", "11.1234/x", "10.1234/with space"])
def test_a_malformed_doi_is_refused_with_the_field(pi, typed):
    project = ProjectFactory(created_by=pi)

    with pytest.raises(ApplicationError) as refused:
        services.output_add(project=project, actor=pi, kind="paper", title="P", doi=typed)

    assert "doi" in refused.value.errors
    assert not Output.objects.exists()


def test_an_output_needs_a_link_or_a_doi(client, pi):
    project = ProjectFactory(created_by=pi)
    client.force_login(pi)

    response = client.post(
        reverse("projects:output_add", args=[project.slug]), {"kind": "paper", "title": "P"}
    )

    assert response.status_code == 400
    assert response.context["output_form"].errors["url"]


# --- Words ----------------------------------------------------------------------------------


@pytest.mark.parametrize("verb", audit.VERBS, ids=str)
@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_audit_entry_has_its_sentence(pi, verb, language):
    project = ProjectFactory(created_by=pi)
    entry = AuditEntry(
        verb=verb.key,
        actor=pi,
        subject_id=project.pk,
        before={
            "status": "draft",
            "role": "member",
            "what": "data",
            "kind": "paper",
            "description": "Spectra",
            "title": "P",
        },
        after={
            "status": "proposed",
            "role": "co_pi",
            "version": 2,
            "title": "P",
            "what": "data",
            "description": "Spectra",
            "terms": "MIT",
            "kind": "paper",
            "fields": ["title"],
        },
        context={"person": "Grace Co"},
    )

    with translation.override(language):
        sentence = " ".join(audit_sentence(entry).split())

    assert sentence.endswith((".", "”", "»")), sentence
    assert "{{" not in sentence
    assert not {"co_pi", "co_pi."} & set(sentence.split()), sentence


PROJECT_KINDS = [kind for kind in kinds.all_kinds() if kind.key.startswith("projects.")]
CONTEXTS = {
    "projects.team_invited": {"project": "P", "inviter": "", "role": "co_pi", "message": "Hi"},
    "projects.join_requested": {"project": "P", "person": "Rita", "message": ""},
    "projects.join_request_decided": {"project": "P", "answer": "declined", "reason": "Full."},
    "projects.proposal_decided": {
        "project": "P",
        "decision": "revision_requested",
        "rationale": "Because.",
        "comments": ["More data."],
    },
    "projects.team_member_joined": {"project": "P", "person": "", "role": "student"},
}


@pytest.mark.parametrize("kind", [k for k in PROJECT_KINDS if k.key in CONTEXTS], ids=str)
@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_notice_reads_in_the_readers_language(kind, language):
    with translation.override(language):
        title, body = render_notice(kind, CONTEXTS[kind.key])

    assert title
    assert body
    assert "{" not in title


def test_every_projects_notice_kind_is_covered_above():
    assert {
        kind.key
        for kind in PROJECT_KINDS
        if kind.key.startswith("projects.team") or kind.key in CONTEXTS
    } >= set(CONTEXTS)
