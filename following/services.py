"""Writing notices for a change, and e-mailing them exactly once."""

import logging

from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pages.identity import email_subject_prefix
from practices.models import Follow
from practices.validators import single_line
from wecd_portal.links import absolute_url

from .models import MAX_NOTICE_ATTEMPTS, Frequency, Notice, NotificationPreference
from .tokens import make_unsubscribe_token

logger = logging.getLogger(__name__)


def change_key_for(*, practice, kind, opinion=None):
    """Name a change so that the same change always gets the same key."""
    if opinion is not None:
        return f"opinion:{opinion.pk}:{opinion.updated_at.isoformat()}"
    return f"{kind}:{practice.updated_at.isoformat()}"


def notices_create(*, practice, kind, change_key):
    """Write one notice per follower of ``practice`` for this change.

    Return the ids of the users who want an e-mail at once. Existing notices
    for the same change are left alone (the unique constraint skips them).
    """
    follower_ids = list(
        Follow.objects.filter(practice=practice, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )
    Notice.objects.bulk_create(
        [
            Notice(user_id=user_id, practice=practice, kind=kind, change_key=change_key)
            for user_id in follower_ids
        ],
        ignore_conflicts=True,
    )
    return list(
        Notice.objects.filter(practice=practice, change_key=change_key)
        .deliverable(Frequency.IMMEDIATELY)
        .values_list("user_id", flat=True)
    )


def new_practice_notices_create(*, practice, wanted):
    """Tell users of a newly published ``practice`` they asked to hear of.

    ``wanted`` maps a user id to (kind, about, frequency): the kind is one of
    ``Notice.NEW_PRACTICE_KINDS``, ``about`` names what matched (a saved
    search, a topic), ``frequency`` is the notice's own ("" for the user's
    preference). One notice per user and practice, ever: a second run, or the
    practice published again, finds it written and adds nothing. Return the
    ids of the users to e-mail at once.
    """
    Notice.objects.bulk_create(
        [
            Notice(
                user_id=user_id,
                practice=practice,
                kind=kind,
                about=about[:200],
                frequency=frequency,
                change_key=Notice.NEW_PRACTICE_KEY,
            )
            for user_id, (kind, about, frequency) in sorted(wanted.items())
        ],
        ignore_conflicts=True,
    )
    return list(
        Notice.objects.filter(
            practice=practice,
            change_key=Notice.NEW_PRACTICE_KEY,
            user_id__in=list(wanted),
        )
        .deliverable(Frequency.IMMEDIATELY)
        .values_list("user_id", flat=True)
    )


def emails_stop(user):
    """Stop every e-mail of notices to ``user`` (the dashboard keeps them).

    The preference goes to never, unsent notices carrying their own frequency
    too, and each app whose AppConfig has ``stop_emails(user)`` (discovery's
    saved searches) stops what it would write notices for.
    """
    with transaction.atomic():
        NotificationPreference.set_for(user, Frequency.NEVER)
        Notice.objects.unsent().filter(user=user).exclude(frequency="").update(
            frequency=Frequency.NEVER
        )
        for config in apps.get_app_configs():
            hook = getattr(config, "stop_emails", None)
            if hook is not None:
                hook(user)


def _notice_subject(*, notices, digest, single_practice):
    count = len(notices)
    if not any(notice.is_new_practice for notice in notices):
        if digest:
            return ngettext(
                "Your weekly digest: %(count)d change to practices you follow",
                "Your weekly digest: %(count)d changes to practices you follow",
                count,
            ) % {"count": count}
        if single_practice:
            return _("A practice you follow changed: %(title)s") % {
                # Never a line break in a header, whatever the title holds.
                "title": single_line(single_practice.title)
            }
        return ngettext(
            "%(count)d change to practices you follow",
            "%(count)d changes to practices you follow",
            count,
        ) % {"count": count}
    if digest:
        return ngettext(
            "Your weekly digest: %(count)d notice",
            "Your weekly digest: %(count)d notices",
            count,
        ) % {"count": count}
    if count == 1:
        return _("A new practice for you: %(title)s") % {
            "title": single_line(notices[0].practice.title)
        }
    return ngettext(
        "%(count)d notice: new practices and changes",
        "%(count)d notices: new practices and changes",
        count,
    ) % {"count": count}


def _notice_email(*, user, notices, digest):
    """Build the e-mail telling ``user`` about ``notices``."""
    # An e-mail about one followed practice lets the reader unfollow just that
    # one; an e-mail about a new practice offers to stop the e-mails.
    one_practice = len({notice.practice_id for notice in notices}) == 1
    single_practice = (
        notices[0].practice
        if one_practice and not digest and not notices[0].is_new_practice
        else None
    )
    token = make_unsubscribe_token(user=user, practice=single_practice)
    with translation.override(user.language):
        # The links open the pages in the member's language too.
        unsubscribe_url = absolute_url(reverse("following:unsubscribe", args=[token]))
        one_click_url = absolute_url(
            reverse("following:unsubscribe-one-click", args=[token])
        )
        subject = _notice_subject(
            notices=notices, digest=digest, single_practice=single_practice
        )
        body = render_to_string(
            "following/email/notices.txt",
            {
                "user": user,
                "notices": [
                    (notice, absolute_url(notice.practice.get_absolute_url()))
                    for notice in notices
                ],
                "digest": digest,
                "new_practices": any(notice.is_new_practice for notice in notices),
                "practice": single_practice,
                "unsubscribe_url": unsubscribe_url,
                "dashboard_url": absolute_url(reverse("following:dashboard")),
                "preferences_url": absolute_url(reverse("following:preferences")),
            },
        )
    return EmailMessage(
        subject=email_subject_prefix(user.language) + subject,
        body=body,
        to=[user.email],
        headers={
            # RFC 8058: mail clients show an unsubscribe button that POSTs here.
            "List-Unsubscribe": f"<{one_click_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


class NoticeNotSent(Exception):
    """The mail server refused or failed; the notices stay for the next run."""


def notices_deliver(*, user_id, frequency, digest=False):
    """E-mail the user's unsent notices due at ``frequency``; return how many.

    The notices are locked (skipping any another worker holds) for as long as
    the e-mail is being sent and marked as e-mailed in the same transaction: a
    notice is never e-mailed twice, and if sending fails nothing is marked, so
    `send_pending_notices` picks it up again.
    """
    with transaction.atomic():
        notices = list(
            Notice.objects.deliverable(frequency)
            .filter(user_id=user_id)
            .select_related("practice", "user")
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("created_at", "pk")
        )
        if not notices:
            return 0
        user = notices[0].user
        # Only a confirmed address gets mail: nobody can sign a stranger's
        # address up to notices.
        if not EmailAddress.objects.filter(
            user_id=user_id, email__iexact=user.email, verified=True
        ).exists():
            return 0
        pks = [notice.pk for notice in notices]
        try:
            _notice_email(user=user, notices=notices, digest=digest).send()
        except Exception:
            # Counted, in the same locked transaction; after MAX_NOTICE_ATTEMPTS
            # the notices are given up (failed_at) instead of tried for ever.
            Notice.objects.filter(pk__in=pks).update(attempts=F("attempts") + 1)
            Notice.objects.filter(pk__in=pks, attempts__gte=MAX_NOTICE_ATTEMPTS).update(
                failed_at=timezone.now()
            )
            failure = True
        else:
            Notice.objects.filter(pk__in=pks).update(emailed_at=timezone.now())
            failure = False
    if failure:
        raise NoticeNotSent(f"{len(pks)} notices to user {user_id} not sent")
    return len(notices)


def users_with_pending_notices(frequency):
    return (
        Notice.objects.deliverable(frequency)
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")
    )
