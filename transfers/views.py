"""Transfers, interests and the author's dashboard: short form views."""

from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from messaging.models import Message
from messaging.tasks import queue_for_delivery
from messaging.views import rate_limit_reached
from pages.kept_input import kept_input, login_keeping_input
from practices.models import Practice

from . import services
from .forms import DecisionForm, InterestForm, PeerMessageForm, StageForm, TransferForm
from .models import Interest, Transfer

DASHBOARD_MESSAGES = 20


def _data(request):
    # An empty POST is still a submission: bind the form so its errors show.
    return request.POST if request.method == "POST" else None


def _published(slug):
    return get_object_or_404(Practice.objects.published(), slug=slug)


def _detail_page(request, pk):
    return reverse("transfers:detail", args=[pk])


@login_keeping_input
def record(request, slug):
    """Record that the member's organisation is transferring the practice."""
    practice = _published(slug)
    form = TransferForm(_data(request), initial=kept_input(request))
    context = {"practice": practice, "form": form}
    refusal = services.record_refusal(request.user, practice)
    if refusal:
        context["refusal"] = refusal
        return render(request, "transfers/transfer_form.html", context, status=403)
    if request.method == "POST":
        if form.is_valid():
            transfer = form.save(commit=False)
            transfer.practice = practice
            try:
                services.transfer_record(transfer=transfer, user=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _(
                        "Your transfer is recorded. It becomes public once the "
                        "practice's author confirms it."
                    ),
                )
                return redirect(transfer)
        return render(request, "transfers/transfer_form.html", context, status=400)
    return render(request, "transfers/transfer_form.html", context)


def _visible_transfer(request, pk):
    return get_object_or_404(
        Transfer.objects.visible_to(request.user).select_related(
            "practice", "organisation", "recorded_by"
        ),
        pk=pk,
        practice__in=Practice.objects.published(),
    )


def _detail_context(request, transfer, **forms):
    user = request.user
    is_recorder = user.is_authenticated and transfer.recorded_by_id == user.pk
    context = {
        "transfer": transfer,
        "practice": transfer.practice,
        "history": transfer.history.all(),
        "may_decide": transfer.is_pending and services.may_decide(user, transfer),
        "may_change_stage": is_recorder and not transfer.status == "declined",
        "may_contact": (
            transfer.is_confirmed
            and transfer.is_contactable
            and transfer.recorded_by_id is not None
            and not is_recorder
        ),
        "decision_form": DecisionForm(
            initial=kept_input(request, reverse("transfers:decide", args=[transfer.pk]))
        ),
        "stage_form": StageForm(
            initial=kept_input(request, reverse("transfers:stage", args=[transfer.pk]))
            or {"stage": transfer.stage, "results": transfer.results}
        ),
    }
    context.update(forms)
    return context


def detail(request, pk):
    transfer = _visible_transfer(request, pk)
    return render(
        request, "transfers/transfer_detail.html", _detail_context(request, transfer)
    )


@require_POST
@login_keeping_input(page=_detail_page)
def decide(request, pk):
    transfer = _visible_transfer(request, pk)
    if not services.may_decide(request.user, transfer):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if form.is_valid() and transfer.is_pending:
        confirm = form.cleaned_data["decision"] == DecisionForm.Decision.CONFIRM
        services.transfer_decide(
            transfer=transfer,
            user=request.user,
            confirm=confirm,
            reason=form.cleaned_data["reason"],
        )
        messages.success(
            request,
            _("The transfer is confirmed and now public.")
            if confirm
            else _("The transfer is declined."),
        )
        return redirect(transfer)
    if not transfer.is_pending:
        form.add_error(None, _("This transfer was already confirmed or declined."))
    context = _detail_context(request, transfer, decision_form=form)
    return render(request, "transfers/transfer_detail.html", context, status=400)


@require_POST
@login_keeping_input(page=_detail_page)
def change_stage(request, pk):
    transfer = _visible_transfer(request, pk)
    if transfer.recorded_by_id != request.user.pk:
        raise PermissionDenied
    form = StageForm(request.POST)
    if form.is_valid():
        try:
            services.transfer_change_stage(
                transfer=transfer,
                user=request.user,
                stage=form.cleaned_data["stage"],
                note=form.cleaned_data["note"],
                results=form.cleaned_data["results"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The new stage is recorded."))
            return redirect(transfer)
    context = _detail_context(request, transfer, stage_form=form)
    return render(request, "transfers/transfer_detail.html", context, status=400)


@login_keeping_input
def consider(request, slug):
    """Say (or stop saying) that the member is considering the practice."""
    practice = _published(slug)
    interest = Interest.objects.filter(practice=practice, user=request.user).first()
    form = InterestForm(
        _data(request),
        instance=interest or Interest(practice=practice, user=request.user),
        initial=kept_input(request),
    )
    context = {
        "practice": practice,
        "form": form,
        "interest": interest,
        "is_author": practice.author_id == request.user.pk,
        "peers": Interest.objects.peers_of(interest)
        if interest and interest.is_visible_to_peers
        else [],
    }
    if request.method == "POST":
        if "withdraw" in request.POST:
            if interest is not None:
                interest.delete()
            messages.success(request, _("You are no longer listed as considering it."))
            return redirect(practice)
        if context["is_author"]:
            context["refusal"] = _("This is your own practice.")
            return render(request, "transfers/consider.html", context, status=403)
        if form.is_valid():
            services.interest_save(interest=form.instance)
            messages.success(
                request, _("Saved: the author knows you are considering it.")
            )
            return redirect("transfers:consider", slug=practice.slug)
        return render(request, "transfers/consider.html", context, status=400)
    return render(request, "transfers/consider.html", context)


def _write_refusal(user, *, recipient, allowed):
    if recipient is None or not recipient.is_active:
        return _("This person can no longer be contacted.")
    if recipient.pk == user.pk:
        return _("You cannot write to yourself.")
    if not allowed:
        return _("You may not write to this person.")
    if not services.is_verified(user):
        return _("Please verify your e-mail address before writing to anyone.")
    return None


def _relay(request, *, practice, recipient, allowed, action, heading):
    """Show and send a message to ``recipient`` through the portal's relay."""
    form = PeerMessageForm(_data(request), initial=kept_input(request))
    context = {
        "practice": practice,
        "form": form,
        "recipient": recipient,
        "action": action,
        "heading": heading,
    }
    refusal = _write_refusal(request.user, recipient=recipient, allowed=allowed)
    if refusal:
        context["refusal"] = refusal
        return render(request, "transfers/write.html", context, status=403)
    if request.method != "POST":
        return render(request, "transfers/write.html", context)
    if rate_limit_reached(request.user):
        context["rate_limited"] = True
        context["limits"] = settings.CONTACT_RATE_LIMITS
        return render(request, "transfers/write.html", context, status=429)
    if not form.is_valid():
        return render(request, "transfers/write.html", context, status=400)
    message = queue_for_delivery(
        form.save(commit=False),
        practice=practice,
        sender=request.user,
        recipient=recipient,
    )
    messages.success(
        request,
        _(
            "Your message was received and will be delivered; the answer comes "
            "to your e-mail address."
        ),
    )
    return redirect(message)


@login_keeping_input
def write(request, pk):
    """Write to a member considering the practice: as its author, or as a peer."""
    interest = get_object_or_404(
        Interest.objects.select_related("practice", "user"),
        pk=pk,
        practice__in=Practice.objects.published(),
    )
    practice = interest.practice
    is_author = practice.author_id == request.user.pk
    own = Interest.objects.filter(practice=practice, user=request.user).first()
    is_peer = bool(own and own.is_visible_to_peers and interest.is_visible_to_peers)
    if not (is_author or is_peer):
        # Others do not learn who considers the practice.
        raise Http404
    return _relay(
        request,
        practice=practice,
        recipient=interest.user,
        allowed=True,
        action=request.path,
        heading=_("Write to a member considering this practice"),
    )


@login_keeping_input
def contact(request, pk):
    """Write to the member who recorded a confirmed, contactable transfer."""
    transfer = get_object_or_404(
        Transfer.objects.confirmed().select_related("practice", "recorded_by"),
        pk=pk,
        practice__in=Practice.objects.published(),
    )
    return _relay(
        request,
        practice=transfer.practice,
        recipient=transfer.recorded_by,
        allowed=transfer.is_contactable,
        action=request.path,
        heading=_("Write to the region that transferred this practice"),
    )


@login_required
def dashboard(request, slug):
    """The author's view of one practice: followers, interests, transfers, messages."""
    practice = get_object_or_404(
        Practice.objects.with_follower_count().with_listed_followers(), slug=slug
    )
    if practice.author_id != request.user.pk and not request.user.is_staff:
        raise PermissionDenied
    transfers = list(
        practice.transfers.exclude(status=Transfer.Status.DECLINED)
        .select_related("organisation")
        .order_by("status", "-created_at")
    )
    context = {
        "practice": practice,
        "interests": practice.interests.select_related("user"),
        "pending": [t for t in transfers if t.is_pending],
        "confirmed": [t for t in transfers if t.is_confirmed],
        # The author's own mail: staff looking at the dashboard do not see it.
        "practice_messages": Message.objects.filter(
            practice=practice, recipient=request.user
        )[:DASHBOARD_MESSAGES]
        if practice.author_id == request.user.pk
        else [],
    }
    return render(request, "transfers/dashboard.html", context, status=HTTPStatus.OK)
