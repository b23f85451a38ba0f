import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from practices.models import Practice

from .forms import ContactForm
from .models import Message
from .tasks import deliver_message


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


def _draft_key(practice):
    return f"messaging:draft:{practice.pk}"


def keep_draft(request, practice):
    """Keep what a signed-out writer typed in their session, for after they log in.

    A session can end while its member writes; logging in keeps the session's
    data, so the message waits for them on the contact page.
    """
    form = ContactForm()
    request.session[_draft_key(practice)] = {
        name: request.POST.get(name, "")[: form.fields[name].max_length]
        for name in ("subject", "body")
    }


@require_http_methods(["GET", "POST"])
def contact(request, slug):
    practice = get_object_or_404(
        Practice.objects.published().select_related("author"), slug=slug
    )
    contact_page = reverse("messaging:contact", kwargs={"slug": practice.slug})
    if not request.user.is_authenticated:
        if request.method == "POST":
            keep_draft(request, practice)
            messages.info(
                request,
                _(
                    "Your message is not sent yet: log in, and it will be waiting for "
                    "you, ready to send."
                ),
            )
        return redirect_to_login(contact_page)
    if request.method == "GET":
        form = ContactForm(initial=request.session.get(_draft_key(practice)))
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
    message = form.save(commit=False)
    message.practice = practice
    message.sender = request.user
    message.sender_name = str(request.user)
    message.sender_email = request.user.email
    message.recipient = practice.author
    with transaction.atomic():
        message.save()
        # Sent by the worker once the message is safely stored; if the mail
        # server is down it stays here, pending, until a later attempt.
        transaction.on_commit(lambda: deliver_message.enqueue(message.pk))
    request.session.pop(_draft_key(practice), None)
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
