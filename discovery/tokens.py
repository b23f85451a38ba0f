"""Signed unsubscribe tokens for saved-search alerts, like following's."""

from django.conf import settings
from django.core import signing

SALT = "discovery.unsubscribe"


def make_alert_token(*, user, saved_search=None):
    """Return a token naming the user and, for one search's e-mail, the search."""
    payload = {"u": user.pk, "s": saved_search.pk if saved_search else None}
    return signing.dumps(payload, salt=SALT, compress=True)


def read_alert_token(token):
    """Return (user_id, saved_search_id or None); raise signing.BadSignature if bad."""
    payload = signing.loads(
        token, salt=SALT, max_age=settings.UNSUBSCRIBE_TOKEN_MAX_AGE
    )
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        raise signing.BadSignature("Malformed unsubscribe token")
    search_id = payload.get("s")
    if search_id is not None and not isinstance(search_id, int):
        raise signing.BadSignature("Malformed unsubscribe token")
    return payload["u"], search_id
