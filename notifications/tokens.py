"""Signed one-click unsubscribe tokens: who (user id) and from what (kind key).

The token is the authority, so the link works without logging in; it is signed with the
SECRET_KEY (django.core.signing, HMAC) and cannot be forged or altered to name another
person or kind. It does not expire: an unsubscribe link in an old e-mail must still work.
"""

from django.core import signing

SALT = "notifications.unsubscribe"
# Not a kind: the daily digest as a whole (every kind the person receives by digest).
DIGEST = "@digest"


class InvalidToken(Exception):
    pass


def unsubscribe_token(user_id: int, kind_key: str) -> str:
    return signing.dumps([user_id, kind_key], salt=SALT)


def unsubscribe_target(token: str) -> tuple[int, str]:
    """The (user id, kind key) a token was made for; InvalidToken if it was tampered with."""
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature as error:
        raise InvalidToken from error
    match value:
        case [int() as user_id, str() as kind_key]:
            return user_id, kind_key
    raise InvalidToken
