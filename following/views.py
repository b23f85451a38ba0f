from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from practices.models import Follow, Practice


def _follow_action(request, slug):
    """Common checks of follow and unfollow; return the practice or a response."""
    practice = get_object_or_404(Practice.objects.published(), slug=slug)
    if not request.user.is_authenticated:
        # Back to the button once logged in, not to this POST-only URL.
        return None, redirect_to_login(f"{practice.get_absolute_url()}#follow")
    return practice, None


def _back_to(practice, request):
    target = request.POST.get("next")
    if target == "dashboard":
        return redirect("following:dashboard")
    return redirect(f"{practice.get_absolute_url()}#follow")


@require_POST
def follow(request, slug):
    practice, response = _follow_action(request, slug)
    if response:
        return response
    Follow.objects.follow(request.user, practice)
    messages.success(
        request,
        _("You follow “%(practice)s”. You will hear when it changes.")
        % {"practice": practice.title},
    )
    return _back_to(practice, request)


@require_POST
def unfollow(request, slug):
    practice, response = _follow_action(request, slug)
    if response:
        return response
    Follow.objects.filter(user=request.user, practice=practice).delete()
    messages.success(
        request,
        _("You no longer follow “%(practice)s”.") % {"practice": practice.title},
    )
    return _back_to(practice, request)


@login_required
def dashboard(request):
    follows = Follow.objects.for_dashboard(request.user)
    page = Paginator(follows, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "following/dashboard.html",
        {"page_obj": page, "follows": page.object_list},
    )
