import csv

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_countries import countries

from opendata.views import _safe_cell as csv_safe
from pages.kept_input import kept_input, login_keeping_input
from practices.cache import cached_aggregate
from practices.filters import PracticeFilter
from practices.models import Practice
from wecd_portal.links import absolute_url

from .compare import (
    MAX_PRACTICES,
    CompareError,
    comparison_rows,
    practices_to_compare,
    requested_slugs,
)
from .forms import SavedSearchForm, SearchAlertUnsubscribeForm, TopicFollowForm
from .maps import country_counts, europe, has_shape, map_areas, region_counts
from .models import SavedSearch, clean_query
from .services import (
    saved_search_create,
    saved_search_update,
    saved_searches_stop_emails,
    topic_follow,
    topic_unfollow,
)
from .suggestions import practices_for
from .tokens import read_alert_token


@login_keeping_input
def saved_search_new(request):
    """Save the search given in the query string (GET shows the form)."""
    if request.method == "POST":
        form = SavedSearchForm(request.POST, user=request.user)
    else:
        query = clean_query(request.GET)
        form = SavedSearchForm(
            initial=kept_input(request)
            or {"search": query, "name": request.GET.get("q", "")[:100]},
            user=request.user,
        )
    if request.method == "POST" and form.is_valid():
        saved = saved_search_create(
            user=request.user,
            name=form.cleaned_data["name"],
            query=form.cleaned_data["search"],
            frequency=form.cleaned_data["frequency"],
        )
        messages.success(
            request,
            _("Your search “%(name)s” is saved.") % {"name": saved.name},
        )
        return redirect("following:dashboard")
    search = form["search"].value() or ""
    preview = SavedSearch(query=clean_query(QueryDict(search)))
    return render(
        request,
        "discovery/saved_search_form.html",
        {"form": form, "preview": preview},
        status=400 if form.is_bound else 200,
    )


@login_required
def saved_search_edit(request, pk):
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    form = SavedSearchForm(
        request.POST or None, instance=saved, user=request.user, with_search=False
    )
    if form.is_valid():
        saved_search_update(
            saved_search=saved,
            name=form.cleaned_data["name"],
            frequency=form.cleaned_data["frequency"],
        )
        messages.success(request, _("Your saved search is updated."))
        return redirect("following:dashboard")
    return render(
        request,
        "discovery/saved_search_form.html",
        {"form": form, "preview": saved, "editing": True},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def saved_search_delete(request, pk):
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    saved.delete()
    messages.success(
        request, _("Your saved search “%(name)s” is deleted.") % {"name": saved.name}
    )
    return redirect("following:dashboard")


def _token_owner(token):
    """Return (user, saved search or None) for a valid token, or None."""
    try:
        user_id, search_id = read_alert_token(token)
    except signing.BadSignature:
        return None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    search = None
    if search_id is not None:
        search = SavedSearch.objects.filter(pk=search_id, user=user).first()
        if search is None:
            return None
    return user, search


def _stopped_message(search):
    if search is not None:
        return _("You will receive no more e-mails about “%(name)s”.") % {
            "name": search.name
        }
    return _("You will receive no more e-mails about your saved searches.")


def unsubscribe(request, token):
    """Confirm an unsubscribe link from an alert; only a POST changes anything."""
    owner = _token_owner(token)
    if owner is None:
        return render(request, "following/unsubscribe_invalid.html", status=400)
    user, search = owner
    form = SearchAlertUnsubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved_searches_stop_emails(
            user_id=user.pk, saved_search_id=search.pk if search else None
        )
        return render(
            request,
            "discovery/unsubscribe_done.html",
            {"done": _stopped_message(search)},
        )
    return render(
        request,
        "discovery/unsubscribe.html",
        {"form": form, "search": search, "token": token},
        status=400 if form.is_bound else 200,
    )


@csrf_exempt  # RFC 8058 one-click: the signed token is the authentication.
@require_POST
def unsubscribe_one_click(request, token):
    owner = _token_owner(token)
    if owner is None:
        return render(request, "following/unsubscribe_invalid.html", status=400)
    user, search = owner
    saved_searches_stop_emails(
        user_id=user.pk, saved_search_id=search.pk if search else None
    )
    return HttpResponse(
        _stopped_message(search), content_type="text/plain; charset=utf-8"
    )


PICK_LIMIT = 30


def compare(request):
    """Two to four practices side by side; a bad choice is a 400 with the reason."""
    slugs = requested_slugs(request.GET)
    try:
        practices = practices_to_compare(slugs)
    except CompareError as error:
        return render(
            request,
            "discovery/compare_invalid.html",
            {"error": str(error), "slugs": slugs},
            status=400,
        )
    return render(
        request,
        "discovery/compare.html",
        {
            "practices": practices,
            "rows": comparison_rows(practices),
            "querystring": request.GET.urlencode(),
        },
    )


def compare_csv(request):
    slugs = requested_slugs(request.GET)
    try:
        practices = practices_to_compare(slugs)
    except CompareError as error:
        return HttpResponse(
            str(error), status=400, content_type="text/plain; charset=utf-8"
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="comparison.csv"'
    writer = csv.writer(response)
    writer.writerow(["", *[csv_safe(p.title) for p in practices]])
    writer.writerow(["URL", *[absolute_url(p.get_absolute_url()) for p in practices]])
    for label, values in comparison_rows(practices):
        writer.writerow([label, *[csv_safe(value) for value in values]])
    return response


def compare_pick(request):
    """Choose the practices to compare: those already chosen, and search results."""
    chosen = requested_slugs(request.GET)[:MAX_PRACTICES]
    filterset = PracticeFilter(request.GET)
    results = []
    if filterset.is_valid():
        results = list(
            filterset.results()
            .exclude(slug__in=chosen)
            .select_related(None)
            .only("slug", "title")[:PICK_LIMIT]
        )
    selected = list(
        Practice.objects.published().filter(slug__in=chosen).only("slug", "title")
    )
    return render(
        request,
        "discovery/compare_pick.html",
        {
            "selected": selected,
            "results": results,
            "search": filterset.form.data.get("q", ""),
            "max_practices": MAX_PRACTICES,
        },
    )


def europe_map(request):
    """Published practices per country on a map drawn on the server, and as a table.

    The counts are aggregates (``cached_aggregate``): they may lag a change by
    ``AGGREGATE_CACHE_SECONDS``; reading them takes 0.35 s at 100,000 practices.
    """
    counts = cached_aggregate("map-countries", country_counts)
    return render(
        request,
        "discovery/map.html",
        {
            "map": europe(),
            "areas": map_areas(counts),
            "country_rows": sorted(
                ((code, countries.name(code), n) for code, n in counts.items() if n),
                key=lambda row: (-row[2], str(row[1])),
            ),
            "region_rows": cached_aggregate("map-regions", region_counts),
            "unmapped": sorted(
                countries.name(code) for code in counts if not has_shape(code)
            ),
        },
    )


@cache_control(max_age=86400, public=True)
def locator(request, code):
    """A small SVG of Europe with one country filled in (the practice locator)."""
    code = code.upper()
    if not has_shape(code):
        raise Http404("No such country on the map.")
    response = render(
        request,
        "discovery/locator.svg",
        {"map": europe(), "areas": map_areas({}, highlight=code)},
        content_type="image/svg+xml; charset=utf-8",
    )
    return response


def _for_me_page(request, form, status=200):
    context = practices_for(request.user)
    # The topics not followed yet, already read: no second query for the select.
    form.fields["topic"].choices = [
        ("", form.fields["topic"].empty_label),
        *[(topic.slug, str(topic)) for topic in context["other_topics"]],
    ]
    context["topic_form"] = form
    return render(request, "discovery/for_me.html", context, status=status)


@login_required
def for_me(request):
    """Practices from regions like the member's and on the topics they follow."""
    # The list of a topic links here with ?topic=<slug> to offer following it.
    form = TopicFollowForm(initial={"topic": request.GET.get("topic", "")[:100]})
    return _for_me_page(request, form)


def _back(request):
    """Where a topic button sends the member back: its page, or "for me"."""
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect("discovery:for-me")


@login_required
@require_POST
def topic_follow_view(request):
    form = TopicFollowForm(request.POST)
    if not form.is_valid():
        return _for_me_page(request, form, status=400)
    topic = form.cleaned_data["topic"]
    if topic_follow(user=request.user, topic=topic):
        message = _(
            "You follow the topic “%(topic)s” now. We will tell you of new "
            "practices on it."
        )
    else:
        message = _("You already follow the topic “%(topic)s”.")
    messages.success(request, message % {"topic": topic})
    return _back(request)


@login_required
@require_POST
def topic_unfollow_view(request):
    form = TopicFollowForm(request.POST)
    if not form.is_valid():
        return _for_me_page(request, TopicFollowForm(), status=400)
    topic = form.cleaned_data["topic"]
    topic_unfollow(user=request.user, topic=topic)
    messages.success(
        request, _("You no longer follow the topic “%(topic)s”.") % {"topic": topic}
    )
    return _back(request)
