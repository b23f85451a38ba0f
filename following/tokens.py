"""Signed unsubscribe tokens: e-mail links that work without logging in."""

from django.conf import settings
from django.core import signing

SALT = "following.unsubscribe"


def make_unsubscribe_token(*, user, practice=None):
    """Return a token naming the user and, for one practice's e-mail, the practice."""
    payload = {"u": user.pk, "p": practice.pk if practice else None}
    return signing.dumps(payload, salt=SALT, compress=True)


def read_unsubscribe_token(token):
    """Return (user_id, practice_id or None); raise signing.BadSignature if bad.

    Tokens expire after settings.UNSUBSCRIBE_TOKEN_MAX_AGE seconds
    (signing.SignatureExpired is a BadSignature).
    """
    payload = signing.loads(
        token, salt=SALT, max_age=settings.UNSUBSCRIBE_TOKEN_MAX_AGE
    )
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        raise signing.BadSignature("Malformed unsubscribe token")
    practice_id = payload.get("p")
    if practice_id is not None and not isinstance(practice_id, int):
        raise signing.BadSignature("Malformed unsubscribe token")
    return payload["u"], practice_id
