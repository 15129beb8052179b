import pytest

from members.models import Institution
from tests.factories import InstitutionFactory, ProfileFactory


@pytest.fixture
def lab(db):
    return InstitutionFactory(name="Argonne Demo Lab", slug="argonne-demo", domains=["lab.example"])


@pytest.fixture
def university(db):
    return InstitutionFactory(
        name="Demo University", slug="demo-university", country="GB", domains=["uni.example"]
    )


@pytest.fixture
def member(lab):
    """A confirmed member of the lab, with a listed profile."""
    return ProfileFactory(institution=lab, user__full_name="Marie Member")


@pytest.fixture
def member_of_uni(university):
    return ProfileFactory(institution=university, user__full_name="Uma University")


@pytest.fixture
def unaffiliated(db):
    return ProfileFactory(institution=None, user__full_name="Una Affiliated")


@pytest.fixture
def representative(lab):
    rep = ProfileFactory(institution=lab, user__full_name="Rita Representative").user
    Institution.objects.filter(pk=lab.pk).update(representative=rep)
    lab.refresh_from_db()
    return rep
