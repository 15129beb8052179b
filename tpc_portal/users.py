"""The portal's user, for code that must not import the app that defines it.

The base and `notifications` know people only as users: `settings.AUTH_USER_MODEL`, fetched
with `get_user_model()` where a query needs the class. For type hints, `User` here is that
model to mypy (django-stubs resolves its `_User` alias to AUTH_USER_MODEL, with every field
the model has) and `AbstractBaseUser` at run time, where an annotation is never read.
"""

from typing import TYPE_CHECKING

from django.contrib.auth.base_user import AbstractBaseUser

if TYPE_CHECKING:
    from django.contrib.auth.models import _User as User
else:
    User = AbstractBaseUser

__all__ = ["User"]
