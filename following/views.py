from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from practices.models import Follow, Practice

from .forms import NotificationPreferenceForm, UnsubscribeForm
from .models import Notice, NotificationPreference, followed_by
from .services import emails_stop
from .tokens import read_unsubscribe_token

DASHBOARD_PAGE_SIZE = 20
LATEST_NOTICES = 10


def _follow_response(request, practice, *, following, message):
    """Answer a follow button: JSON for fetch(), else a redirect with a message."""
    if "application/json" in request.headers.get("Accept", ""):
        fresh = Practice.objects.with_page_data().get(pk=practice.pk)
        return JsonResponse(
            {
                "following": following,
                "count": fresh.follower_count,
                "message": message,
                "followers_html": render_to_string(
                    "practices/includes/_follower_list.html",
                    {"practice": fresh},
                    request=request,
                ),
            }
        )
    messages.success(request, message)
    # The dashboard's buttons bring the reader back to the dashboard.
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect(f"{practice.get_absolute_url()}#main-content")


def _login_then_follow(request, practice):
    return redirect_to_login(f"{practice.get_absolute_url()}#follow")


@require_POST
def follow(request, slug):
    practice = get_object_or_404(Practice.objects.published(), slug=slug)
    if not request.user.is_authenticated:
        return _login_then_follow(request, practice)
    try:
        # A double click or two tabs may race: the unique constraint keeps
        # one follow, and the loser is told the same as the winner.
        with transaction.atomic():
            Follow.objects.get_or_create(user=request.user, practice=practice)
    except IntegrityError:
        pass
    return _follow_response(
        request,
        practice,
        following=True,
        message=_("You follow this practice now. We will tell you when it changes."),
    )


@require_POST
def unfollow(request, slug):
    if not request.user.is_authenticated:
        practice = get_object_or_404(Practice.objects.published(), slug=slug)
        return _login_then_follow(request, practice)
    # A practice withdrawn from publication can still be unfollowed.
    practice = get_object_or_404(
        Practice.objects.filter(
            Q(pk__in=Practice.objects.published().values("pk"))
            | Q(follows__user=request.user)
        ).distinct(),
        slug=slug,
    )
    Follow.objects.filter(user=request.user, practice=practice).delete()
    return _follow_response(
        request,
        practice,
        following=False,
        message=_("You no longer follow this practice."),
    )


@login_required
def dashboard(request):
    """List the practices the user follows, latest change first, and notices."""
    page = Paginator(followed_by(request.user), DASHBOARD_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    notices = Notice.objects.filter(user=request.user).select_related("practice")[
        :LATEST_NOTICES
    ]
    return render(
        request,
        "following/dashboard.html",
        {"page_obj": page, "follows": page.object_list, "notices": notices},
    )


@login_required
def preferences(request):
    preference = NotificationPreference.objects.filter(
        user=request.user
    ).first() or NotificationPreference(user=request.user)
    form = NotificationPreferenceForm(request.POST or None, instance=preference)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your e-mail preference is saved."))
        return redirect("following:preferences")
    return render(request, "following/preferences.html", {"form": form})


def _token_owner(token):
    """Return (user, practice or None) for a valid token, or None."""
    try:
        user_id, practice_id = read_unsubscribe_token(token)
    except signing.BadSignature:
        return None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    practice = Practice.objects.filter(pk=practice_id).first() if practice_id else None
    return user, practice


def _invalid_token(request):
    return render(request, "following/unsubscribe_invalid.html", status=400)


def unsubscribe(request, token):
    """Confirm an unsubscribe link from an e-mail; only a POST changes anything.

    Mail scanners open links to check them, so a GET must not unsubscribe.
    """
    owner = _token_owner(token)
    if owner is None:
        return _invalid_token(request)
    user, practice = owner
    form = UnsubscribeForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid() or (
            form.cleaned_data["action"] == UnsubscribeForm.UNFOLLOW and not practice
        ):
            return render(
                request,
                "following/unsubscribe.html",
                {"form": form, "practice": practice, "token": token},
                status=400,
            )
        if form.cleaned_data["action"] == UnsubscribeForm.UNFOLLOW:
            Follow.objects.filter(user=user, practice=practice).delete()
            done = _("You no longer follow “%(title)s”.") % {"title": practice.title}
        else:
            emails_stop(user)
            done = _("You will receive no more e-mails of notices from the portal.")
        return render(request, "following/unsubscribe_done.html", {"done": done})
    return render(
        request,
        "following/unsubscribe.html",
        {"form": form, "practice": practice, "token": token},
    )


@csrf_exempt  # RFC 8058 one-click: the signed token is the authentication.
@require_POST
def unsubscribe_one_click(request, token):
    owner = _token_owner(token)
    if owner is None:
        return _invalid_token(request)
    emails_stop(owner[0])
    return HttpResponse(
        _("You will receive no more e-mails of notices from the portal."),
        content_type="text/plain; charset=utf-8",
    )
