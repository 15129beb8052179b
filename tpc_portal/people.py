"""How a person is named to others: one function, used by every page, notice, e-mail,
audit entry, CSV export and API field that shows a person.

The base imports no app, so this reads only attributes: the user's `full_name` and, when
the user has one, their profile's `display_name`.

Two name fields, and which one wins
-----------------------------------
A person gives their name once, at sign-up; it is stored on the account
(`User.full_name`). The researcher profile made for them at that moment starts with the
same name (`Profile.display_name`), and from then on the profile page is where they change
it. The profile's name is the one others see, because it is the one the person keeps
current; the account's name is only the fallback, for a profile whose name was cleared
and for accounts that have no profile (staff made in the admin or with createsuperuser).
Nothing copies one into the other after the profile is made, so there is no copy to keep
in step: one name is read, the other is a fallback. (Folding the two into one column would
move the directory's name index and search vector off the profile table, or give every
account a profile by migration; neither is worth it for a fallback.)

Never the e-mail address: an address is its owner's to show or hide, and a name is printed
where they cannot choose (a notice to the chair, an audit trail, an API answer). A person
with no name at all is "a TPC member", in the reader's language.
"""

from typing import Any

from django.utils.translation import gettext


def person_name(user: Any) -> str:
    """The name `user` gave, as others see it; never their e-mail address.

    The profile's display name, else the account's full name, else a neutral
    "a TPC member" in the active language. Accepts None and anonymous users (the
    fallback). Reads `user.profile`: a list should select it with the user
    (`select_related("actor__profile")`) so that naming costs no query per row.
    """
    return given_name(user) or fallback_name()


def given_name(user: Any) -> str:
    """The name `user` gave (the profile's, else the account's), or "" if none."""
    if user is None:
        return ""
    profile = getattr(user, "profile", None)  # None when the user has no profile
    name = (getattr(profile, "display_name", "") or "").strip()
    if not name:
        name = (getattr(user, "full_name", "") or "").strip()
    return name


def fallback_name() -> str:
    """What a person without a name is called, in the active language."""
    return gettext("a TPC member")
