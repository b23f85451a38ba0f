"""Saved searches: saving them, matching new practices, e-mailing alerts once."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from following.models import Frequency
from wecd_portal.links import absolute_url

from .models import SavedSearch, SearchAlert
from .tokens import make_alert_token


def saved_search_create(*, user, name, query, frequency) -> SavedSearch:
    saved = SavedSearch(user=user, name=name, query=query, frequency=frequency)
    saved.full_clean()
    saved.save()
    return saved


def saved_search_update(*, saved_search, name, frequency) -> SavedSearch:
    saved_search.name = name
    saved_search.frequency = frequency
    saved_search.full_clean()
    saved_search.save()
    return saved_search


def search_alerts_create(*, practice):
    """Write one alert per saved search the newly published ``practice`` matches.

    Return the ids of the members who want an e-mail at once. A practice is
    alerted once per saved search, even if it is withdrawn and published again
    (the unique constraint skips the second one). Each saved search costs one
    query: fine for thousands of searches, worth batching beyond that.
    """
    searches = SavedSearch.objects.filter(user__is_active=True).only(
        "pk", "query", "user_id", "frequency"
    )
    matched = [search for search in searches if search.matches(practice)]
    SearchAlert.objects.bulk_create(
        [SearchAlert(saved_search=search, practice=practice) for search in matched],
        ignore_conflicts=True,
    )
    return sorted(
        set(
            SearchAlert.objects.filter(practice=practice)
            .deliverable(Frequency.IMMEDIATELY)
            .values_list("saved_search__user_id", flat=True)
        )
    )


def _alert_email(*, user, alerts, digest):
    searches = {alert.saved_search_id: alert.saved_search for alert in alerts}
    single = next(iter(searches.values())) if len(searches) == 1 else None
    token = make_alert_token(user=user, saved_search=single)
    with translation.override(user.language):
        unsubscribe_url = absolute_url(reverse("discovery:unsubscribe", args=[token]))
        one_click_url = absolute_url(
            reverse("discovery:unsubscribe-one-click", args=[token])
        )
        if digest:
            subject = ngettext(
                "Your weekly digest: %(count)d new practice matches your searches",
                "Your weekly digest: %(count)d new practices match your searches",
                len(alerts),
            ) % {"count": len(alerts)}
        elif single and len(alerts) == 1:
            subject = _("New practice for your search “%(name)s”: %(title)s") % {
                "name": single.name,
                "title": alerts[0].practice.title,
            }
        else:
            subject = ngettext(
                "%(count)d new practice matches your saved searches",
                "%(count)d new practices match your saved searches",
                len(alerts),
            ) % {"count": len(alerts)}
        body = render_to_string(
            "discovery/email/alerts.txt",
            {
                "user": user,
                "alerts": [
                    (alert, absolute_url(alert.practice.get_absolute_url()))
                    for alert in alerts
                ],
                "digest": digest,
                "saved_search": single,
                "unsubscribe_url": unsubscribe_url,
                "dashboard_url": absolute_url(reverse("following:dashboard")),
            },
        )
    return EmailMessage(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body=body,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{one_click_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def search_alerts_deliver(*, user_id, frequency, digest=False):
    """E-mail the member's unsent alerts due at ``frequency``; return how many.

    As following's ``notices_deliver``: the alerts stay locked while the
    e-mail is sent and are marked in the same transaction, so an alert is
    never e-mailed twice and a failed send is retried later.
    """
    with transaction.atomic():
        alerts = list(
            SearchAlert.objects.deliverable(frequency)
            .filter(saved_search__user_id=user_id)
            .select_related("practice", "saved_search__user")
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("created_at", "pk")
        )
        if not alerts:
            return 0
        user = alerts[0].saved_search.user
        if not EmailAddress.objects.filter(
            user_id=user_id, email__iexact=user.email, verified=True
        ).exists():
            return 0
        _alert_email(user=user, alerts=alerts, digest=digest).send()
        SearchAlert.objects.filter(pk__in=[alert.pk for alert in alerts]).update(
            emailed_at=timezone.now()
        )
    return len(alerts)


def users_with_pending_alerts(frequency):
    return (
        SearchAlert.objects.deliverable(frequency)
        .values_list("saved_search__user_id", flat=True)
        .distinct()
        .order_by("saved_search__user_id")
    )


def saved_searches_stop_emails(*, user_id, saved_search_id=None):
    """Set one saved search (or all of the member's) to e-mail never."""
    searches = SavedSearch.objects.filter(user_id=user_id)
    if saved_search_id is not None:
        searches = searches.filter(pk=saved_search_id)
    return searches.update(frequency=Frequency.NEVER, updated_at=timezone.now())
