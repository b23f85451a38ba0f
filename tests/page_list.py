"""Every page of the portal, by who sees it: walked by axe, the HTML checker and
the layout tests (tests/browser, tests/pages/test_html_validity.py).

A URL may name ids of the demo data ("{pk}", "{organisation}"): ``page_ids()``
gives them, as the test's database has them.
"""

from tests.constants import WECD_SLUG, WECD_URL

ANONYMOUS_PAGES = {
    "home": "/",
    "home-french": "/fr/",
    "practice-list": "/practices/",
    "practice-list-filtered": "/practices/?country=BE&period=finished&sort=title",
    "practice-search": "/practices/?q=creative+vouchers&topic=access-to-finance",
    "practice-search-errors": "/practices/?year_from=soon&sort=sideways",
    "practice-anonymous": WECD_URL,
    "practice-french": f"/fr{WECD_URL}",
    "login": "/accounts/login/",
    "signup": "/accounts/signup/",
    "password-reset": "/accounts/password/reset/",
    "password-reset-done": "/accounts/password/reset/done/",
    "password-reset-bad-key": "/accounts/password/reset/key/zz-bad/",
    "verification-sent": "/accounts/confirm-email/",
    "confirm-email-bad-key": "/accounts/confirm-email/bad-key/",
    "privacy": "/privacy/",
    "evidence-levels": "/evidence/levels/",
    "practice-list-evidence": "/practices/?evidence=2&sort=evidence",
    "practice-list-policies": "/practices/?objective=po1&sdg=sdg8",
    "accessibility": "/accessibility/",
    "not-found": "/no-such-page/",
    "unsubscribe-invalid": "/following/unsubscribe/not-a-token/",
    "map": "/discover/map/",
    "compare-pick": f"/discover/compare/choose/?p={WECD_SLUG}",
    "compare-invalid": f"/discover/compare/?p={WECD_SLUG}",
    "practice-list-transferred": (
        "/practices/?transferred=1&transfer_stage=implemented&sort=transferred"
    ),
    # The demo practice's main institution: the transfers it received.
    "organisation": "/organisations/{organisation}/",
    "organisation-french": "/fr/organisations/{organisation}/",
    # Cork City Council: the transfer it made.
    "organisation-transfers-made": "/organisations/{transfer_organisation}/",
    "region": "/regions/BE35/",
    "region-transfers-made": "/regions/IE05/",
    "region-country": "/regions/BE/",
    "region-french": "/fr/regions/BE35/",
}

SIGNED_IN_PAGES = {
    "practice-signed-in": WECD_URL,
    "password-change": "/accounts/password/change/",
    "email": "/accounts/email/",
    "profile": "/accounts/profile/",
    "your-data": "/accounts/data/",
    "delete-account": "/accounts/delete/",
    "logout-confirm": "/accounts/logout/",
    "reauthenticate": "/accounts/reauthenticate/",
    "dashboard": "/dashboard/",
    "inbox": "/messages/inbox/",
    "sent": "/messages/sent/",
    "contact": f"/messages/contact/{WECD_SLUG}/",
    "preferences": "/following/preferences/",
    "publishing-drafts": "/publishing/",
    "publishing-wizard-step-1": "/publishing/new/",
    "saved-search-new": "/discover/saved-searches/new/?q=creative&country=BE",
    "for-me": "/discover/for-me/",
    "transfer-record": f"/transfers/practice/{WECD_SLUG}/record/",
    "transfer-consider": f"/transfers/practice/{WECD_SLUG}/consider/",
}

# Pages an expert (expert@) sees; "{pk}" is the demo practice's id.
EXPERT_PAGES = {
    "publishing-queue": "/publishing/queue/",
    "publishing-opinion": "/publishing/{pk}/opinion/",
}

# Forms sent empty or wrong, by who sends them: (name, who, url, data).
ERROR_STATES = [
    ("login-errors", None, "/accounts/login/", {"login": "", "password": ""}),
    ("signup-errors", None, "/accounts/signup/", {"email": "x", "password1": "a"}),
    ("password-reset-errors", None, "/accounts/password/reset/", {"email": ""}),
    ("contact-errors", "reader", "/messages/contact/{slug}/", {"body": "Hello"}),
    ("profile-errors", "reader", "/accounts/profile/", {"display_name": ""}),
    ("delete-errors", "reader", "/accounts/delete/", {"password": "wrong"}),
    ("preferences-errors", "reader", "/following/preferences/", {"frequency": "x"}),
    ("wizard-errors", "reader", "/publishing/new/", {"practice-summary": "Kept"}),
    ("opinion-errors", "expert", "/publishing/{pk}/opinion/", {"text": ""}),
]


def page_ids():
    """The demo data's ids the URLs above name (the demo must be loaded)."""
    from practices.models import Practice
    from transfers.models import Transfer

    practice = Practice.objects.get(slug=WECD_SLUG)
    made = Transfer.objects.get(practice=practice, organisation__isnull=False)
    return {
        "pk": practice.pk,
        "slug": practice.slug,
        "organisation": practice.main_institution_id,
        "transfer_organisation": made.organisation_id,
    }
