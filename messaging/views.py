import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pages.kept_input import kept_input, login_keeping_input
from practices.models import Practice

from .forms import ContactForm
from .models import Message
from .tasks import queue_for_delivery


def contact_refusal(user, practice, verified=None):
    """Why ``user`` may not write to the author of ``practice``, or None.

    ``verified`` says whether the user has a verified address, if known already.
    """
    if practice.author_id is None:
        return _("This practice has no author to contact at the moment.")
    if practice.author_id == user.pk:
        return _("This is your practice: messages to you arrive in your inbox.")
    if verified is None:
        verified = user.emailaddress_set.filter(verified=True).exists()
    if not verified:
        return _("Please verify your e-mail address before contacting an author.")
    return None


def rate_limit_reached(user):
    now = timezone.now()
    limits = settings.CONTACT_RATE_LIMITS
    return (
        Message.objects.count_since(user, now - datetime.timedelta(hours=1))
        >= limits["hour"]
        or Message.objects.count_since(user, now - datetime.timedelta(days=1))
        >= limits["day"]
    )


@require_http_methods(["GET", "POST"])
@login_keeping_input
def contact(request, slug):
    practice = get_object_or_404(
        Practice.objects.published().select_related("author"), slug=slug
    )
    if request.method == "GET":
        form = ContactForm(initial=kept_input(request))
    else:
        form = ContactForm(request.POST)
    context = {"practice": practice, "form": form}
    refusal = contact_refusal(request.user, practice)
    if refusal:
        context["refusal"] = refusal
        return render(request, "messaging/contact.html", context, status=403)
    if request.method == "GET":
        return render(request, "messaging/contact.html", context)
    if rate_limit_reached(request.user):
        context["rate_limited"] = True
        context["limits"] = settings.CONTACT_RATE_LIMITS
        return render(request, "messaging/contact.html", context, status=429)
    if not form.is_valid():
        return render(request, "messaging/contact.html", context, status=400)
    message = queue_for_delivery(
        form.save(commit=False),
        practice=practice,
        sender=request.user,
        recipient=practice.author,
    )
    messages.success(
        request,
        _(
            "Your message was received and will be delivered to the author, who "
            "will answer to your e-mail address."
        ),
    )
    return redirect(message)


def _message_list(request, queryset, template_name):
    page = Paginator(
        queryset.select_related("practice", "sender", "recipient"), 20
    ).get_page(request.GET.get("page"))
    return render(
        request, template_name, {"page_obj": page, "message_list": page.object_list}
    )


@login_required
def sent(request):
    return _message_list(
        request, Message.objects.sent_by(request.user), "messaging/sent.html"
    )


@login_required
def inbox(request):
    return _message_list(
        request, Message.objects.received_by(request.user), "messaging/inbox.html"
    )


@login_required
def detail(request, pk):
    message = get_object_or_404(
        Message.objects.visible_to(request.user).select_related("practice"), pk=pk
    )
    return render(request, "messaging/detail.html", {"message": message})
