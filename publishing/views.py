from http import HTTPStatus

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import DetailView

from evidence.forms import LevelForm
from evidence.models import EvidenceAssessment, with_evidence
from pages.kept_input import kept_data, kept_input, login_keeping_input
from policies.models import with_policy_tags
from practices.cache import list_scopes
from practices.models import Practice
from practices.views import PracticeDetailView
from transfers.models import with_confirmed_transfers

from .forms import ChangesRequestForm, OpinionForm
from .lifecycle import (
    TransitionNotAllowed,
    practice_transition,
    revision_transition,
)
from .models import PracticeRevision
from .services import (
    opinion_save,
    practice_propose,
    practice_restore,
    practice_snapshot,
    proposal_diff,
    revision_diff,
)
from .steps import LAST_STEP, STEPS, TooManyRows
from .tasks import send_review_decision, send_revision_decision

S = Practice.Status
R = PracticeRevision.State
NO_LONGER_FITS = gettext_lazy(
    "These changes no longer fit the portal's data (an organisation they name "
    "was removed, say): edit them before publishing."
)


def verified_required(view):
    """Let only signed-in users with a confirmed e-mail address through."""

    @login_keeping_input
    def wrapper(request, *args, **kwargs):
        if not EmailAddress.objects.filter(user=request.user, verified=True).exists():
            raise PermissionDenied(_("Confirm your e-mail address first."))
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


reviewer_required = permission_required(
    "practices.review_practice", raise_exception=True
)


def unique_slug(title):
    base = slugify(title)[:180] or "practice"
    slug, n = base, 1
    while Practice.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def editable_practice(request, pk):
    """Return the practice the user may edit in the wizard, or raise 404."""
    practices = Practice.objects.select_related("main_institution")
    if not request.user.is_staff:
        practices = practices.filter(author=request.user)
    return get_object_or_404(practices, pk=pk)


@verified_required
def my_practices(request):
    """List the user's practices: drafts to resume, submissions, published ones."""
    practices = (
        Practice.objects.filter(author=request.user)
        .select_related("main_institution")
        .annotate(
            has_proposal=Exists(
                PracticeRevision.objects.open().filter(practice=OuterRef("pk"))
            )
        )
        .order_by("-updated_at")
    )
    return render(request, "publishing/practice_list.html", {"practices": practices})


def render_step(
    request, step, practice, form, formsets, status=HTTPStatus.OK, proposal=None
):
    context = {
        "step": step,
        "steps": STEPS,
        "practice": practice,
        "form": form,
        "formsets": formsets,
        "has_errors": status == HTTPStatus.BAD_REQUEST,
        "proposal": proposal,
    }
    if step.number == LAST_STEP and proposal is not None:
        context["diff"] = proposal_diff(proposal)
    elif step.number == LAST_STEP and practice is not None:
        context["missing"] = practice.missing_sections()
        context["request_comment"] = practice.transitions.filter(
            to_status=S.CHANGES_REQUESTED
        ).first()
    return render(request, "publishing/step.html", context, status=status)


def refuse_too_many_rows(request, step, practice, error):
    """Answer a forged row count with the step as saved, and say why (400)."""
    messages.error(
        request,
        _(
            "This form has more rows than a practice may have (at most %(limit)s"
            " per list): nothing was saved."
        )
        % {"limit": error.limit},
    )
    form, formsets = step.bind(practice)
    if form is not None:
        # The step's own fields are few and bounded: what was typed is kept.
        form = step.form_class(request.POST, instance=practice, prefix="practice")
    return render_step(request, step, practice, form, formsets, HTTPStatus.BAD_REQUEST)


@verified_required
def practice_new(request):
    """Step 1 for a practice that does not exist yet: saving it creates the draft."""
    step = STEPS[0]
    # Authors write in their own language unless they say otherwise.
    form, formsets = step.bind(
        Practice(language=request.user.language),
        request.POST or kept_data(request),
    )
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                practice = form.save(commit=False)
                practice.author = request.user
                practice.status = S.DRAFT
                practice.slug = unique_slug(practice.title)
                practice.save()
                form.save_m2m()
                Practice.objects.filter(pk=practice.pk).refresh_search_after_commit()
            messages.success(request, _("Your draft is saved."))
            return redirect("publishing:step", pk=practice.pk, number=2)
        return render_step(request, step, None, form, formsets, HTTPStatus.BAD_REQUEST)
    return render_step(request, step, None, form, formsets)


@verified_required
def practice_step(request, pk, number):
    """Show or save one step of the wizard for a draft or the author's practice."""
    if not 1 <= number <= LAST_STEP:
        raise Http404
    practice = editable_practice(request, pk)
    step = STEPS[number - 1]
    if not practice.is_editable:
        messages.info(request, _("This practice is in review: it cannot change now."))
        return redirect("publishing:preview", pk=practice.pk)
    if practice.is_published:
        return proposal_step(request, step, practice)
    if request.method != "POST":
        try:
            form, formsets = step.bind(practice, kept_data(request))
        except TooManyRows:
            form, formsets = step.bind(practice)
        return render_step(request, step, practice, form, formsets)
    try:
        form, formsets = step.bind(practice, request.POST)
    except TooManyRows as error:
        return refuse_too_many_rows(request, step, practice, error)
    parts = [form] if form is not None else []
    parts += [formset for _legend, formset in formsets]
    # Validate every part, not just up to the first invalid one: all errors show.
    valid = [part.is_valid() for part in parts]
    if not all(valid):
        return render_step(
            request, step, practice, form, formsets, HTTPStatus.BAD_REQUEST
        )
    with transaction.atomic():
        for part in parts:
            part.save()
        practice.save(update_fields=["updated_at"])
        Practice.objects.filter(pk=practice.pk).refresh_search_after_commit()
    messages.success(request, _("Your draft is saved."))
    return next_step(request, practice, number)


def next_step(request, practice, number):
    if "next" in request.POST and number < LAST_STEP:
        return redirect("publishing:step", pk=practice.pk, number=number + 1)
    return redirect("publishing:step", pk=practice.pk, number=number)


def proposal_step(request, step, practice):
    """Show or save a step of a published practice: it edits the proposal.

    The live practice does not change: the proposed content waits for review
    as a pending revision (``practice_propose``).
    """
    if request.method != "POST":
        proposal = practice.revisions.open().first()
        if step.number == LAST_STEP:
            form, formsets = None, []
        else:
            snapshot = (
                proposal.snapshot
                if proposal
                else practice_snapshot(practice, parts=step.parts)
            )
            form, formsets = step.bind_proposal(practice, snapshot)
        return render_step(request, step, practice, form, formsets, proposal=proposal)
    try:
        step.check_rows(request.POST)
    except TooManyRows as error:
        return refuse_too_many_rows(request, step, practice, error)
    with transaction.atomic():
        # One save of the proposal at a time: two tabs must not undo each other.
        Practice.objects.select_for_update().only("pk").get(pk=practice.pk)
        proposal = practice.revisions.open().first()
        snapshot = proposal.snapshot if proposal else practice_snapshot(practice)
        form, formsets = step.bind_proposal(practice, snapshot, request.POST)
        parts = [form] if form is not None else []
        parts += [formset for _legend, formset in formsets]
        valid = [part.is_valid() for part in parts]
        if not all(valid):
            return render_step(
                request,
                step,
                practice,
                form,
                formsets,
                HTTPStatus.BAD_REQUEST,
                proposal=proposal,
            )
        if form is not None and not step.form_edits_content:
            # The author's proposed evidence level is a note to the expert, not
            # published content: it is kept at once.
            form.save()
        proposed = step.proposed_snapshot(snapshot, form, formsets)
        proposal = practice_propose(
            practice=practice, snapshot=proposed, by=request.user
        )
    if proposal is not None:
        messages.success(
            request,
            _(
                "Your changes are saved and wait for an expert's review: "
                "readers see the published version until then."
            ),
        )
    else:
        messages.success(request, _("Nothing differs from the published version."))
    return next_step(request, practice, step.number)


@require_POST
@verified_required
def practice_submit(request, pk):
    """Send the draft to the experts for review."""
    practice = editable_practice(request, pk)
    try:
        practice_transition(practice=practice, to=S.IN_REVIEW, by=request.user)
    except TransitionNotAllowed as error:
        messages.error(request, str(error))
        form, formsets = STEPS[-1].bind(practice)
        return render_step(
            request, STEPS[-1], practice, form, formsets, HTTPStatus.BAD_REQUEST
        )
    messages.success(request, _("Thank you: the experts will review your practice."))
    return redirect("publishing:drafts")


@require_POST
@verified_required
def practice_withdraw(request, pk):
    """Take a submission back from review, to change it before the experts decide."""
    practice = editable_practice(request, pk)
    try:
        practice_transition(practice=practice, to=S.DRAFT, by=request.user)
    except TransitionNotAllowed as error:
        messages.error(request, str(error))
        return redirect("publishing:preview", pk=practice.pk)
    messages.success(request, _("Your practice is back to draft."))
    return redirect("publishing:step", pk=practice.pk, number=1)


class PracticePreviewView(PracticeDetailView):
    """The practice page of a practice that is not public, for those who may see it.

    Others get 404. Nothing of it goes to the shared caches: the object is read
    fresh and the page is rendered whole for each request.
    """

    template_name = "publishing/preview.html"
    # Rendered whole for each request: nothing of a draft is kept.
    reader_parts_template = None
    # Addressed by pk, not slug; its generation is never used (see get_object).
    cache_scopes = staticmethod(list_scopes)

    def get_queryset(self):
        return with_policy_tags(
            with_evidence(
                with_confirmed_transfers(
                    Practice.objects.previewable_by(self.request.user)
                    .select_related("main_institution", "author")
                    .with_follower_count()
                    .with_topic_names()
                    .with_listed_followers()
                )
            )
        )

    def get_object(self, queryset=None):
        self.generation = "preview"
        return DetailView.get_object(self, queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = True
        # Related practices are public pages' business, not part of a draft.
        context["related_practices"] = []
        context["transitions"] = self.object.transitions.select_related("by")
        return context


practice_preview = PracticePreviewView.as_view()


@login_required
@reviewer_required
def review_queue(request):
    """List the submissions and the proposed edits waiting for a decision.

    Oldest first; nobody sees their own practice or their own proposal.
    """
    practices = (
        Practice.objects.in_review()
        .exclude(author=request.user)
        .select_related("main_institution", "author")
        .order_by("updated_at")
    )
    proposals = (
        PracticeRevision.objects.pending()
        .filter(practice__status=S.PUBLISHED)
        .exclude(practice__author=request.user)
        .exclude(by=request.user)
        .select_related("practice__main_institution", "by")
        .order_by("at")
    )
    return render(
        request,
        "publishing/queue.html",
        {"practices": practices, "proposals": proposals},
    )


def notify_author(record):
    """Tell the author of a decision (a status change or a revision's)."""
    # Enqueued in the same transaction: no mail about a decision rolled back.
    if isinstance(record, PracticeRevision):
        send_revision_decision.enqueue(revision_id=record.pk)
    else:
        send_review_decision.enqueue(transition_id=record.pk)


def review_subject(request, pk):
    """Return the practice to review and its pending proposal (None if first review).

    A practice in review is reviewed whole; a published one, its proposed edit.
    """
    practice = get_object_or_404(
        Practice.objects.filter(status__in=[S.IN_REVIEW, S.PUBLISHED]), pk=pk
    )
    proposal = None
    if practice.is_published:
        proposal = practice.revisions.pending().select_related("by").first()
        if proposal is None:
            raise Http404
    own = proposal is not None and proposal.by_id == request.user.pk
    if "expert" not in practice.roles_of(request.user) or own:
        raise PermissionDenied(_("You cannot review your own practice."))
    return practice, proposal


def review_decide(request, practice, proposal, to, comment="", text=None):
    """Take the decision, tell the author, and return the record of it."""
    with transaction.atomic():
        if text is not None:
            opinion_save(
                practice=practice,
                expert=request.user,
                text=text,
                judged=proposal,
                # Followers hear of the published edit instead.
                announce=proposal is None,
            )
        if proposal is not None:
            record = revision_transition(
                revision=proposal, to=to, by=request.user, comment=comment
            )
        else:
            record = practice_transition(
                practice=practice, to=to, by=request.user, comment=comment
            )
        notify_author(record)
    return record


@login_required
@reviewer_required
def practice_review(request, pk):
    """Publish a submission (or a proposed edit) with an opinion, or send it back."""
    practice, proposal = review_subject(request, pk)
    existing = practice.opinions.filter(expert=request.user).first()
    publish_form = OpinionForm(
        initial={"text": existing.text if existing else ""}, prefix="publish"
    )
    changes_form = ChangesRequestForm(prefix="changes")
    assessment = EvidenceAssessment.objects.filter(practice=practice).first()
    # Preselected: the level set before, or else the one the author proposes.
    level = assessment and (assessment.level or assessment.proposed_level)
    level_form = LevelForm(initial={"level": level}, prefix="level")
    if request.method == "POST":
        try:
            if "publish" in request.POST:
                publish_form = OpinionForm(request.POST, prefix="publish")
                level_form = LevelForm(request.POST, prefix="level")
                if all([publish_form.is_valid(), level_form.is_valid()]):
                    with transaction.atomic():
                        review_decide(
                            request,
                            practice,
                            proposal,
                            S.PUBLISHED,
                            text=publish_form.cleaned_data["text"],
                        )
                        level_form.save(practice=practice, by=request.user)
                    messages.success(
                        request,
                        _("The changes are published.")
                        if proposal
                        else _("The practice is published."),
                    )
                    return redirect(practice)
            else:
                changes_form = ChangesRequestForm(request.POST, prefix="changes")
                if changes_form.is_valid():
                    review_decide(
                        request,
                        practice,
                        proposal,
                        S.CHANGES_REQUESTED,
                        comment=changes_form.cleaned_data["comment"],
                    )
                    messages.success(request, _("The author is asked for changes."))
                    return redirect("publishing:queue")
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
        except (ValidationError, IntegrityError):
            # E.g. an organisation the proposal names was deleted since.
            messages.error(request, NO_LONGER_FITS)
    status = HTTPStatus.BAD_REQUEST if request.method == "POST" else HTTPStatus.OK
    return render(
        request,
        "publishing/review.html",
        {
            "practice": practice,
            "proposal": proposal,
            "diff": proposal_diff(proposal) if proposal else None,
            "publish_form": publish_form,
            "changes_form": changes_form,
            "level_form": level_form,
        },
        status=status,
    )


@login_keeping_input
@reviewer_required
def opinion_edit(request, pk):
    """Write or edit the expert's own opinion on a published or submitted practice."""
    practice = get_object_or_404(
        Practice.objects.filter(status__in=[S.PUBLISHED, S.IN_REVIEW]), pk=pk
    )
    if "expert" not in practice.roles_of(request.user):
        raise PermissionDenied(_("You cannot give an opinion on your own practice."))
    opinion = practice.opinions.filter(expert=request.user).first()
    form = OpinionForm(
        request.POST or None,
        initial=kept_input(request) or {"text": opinion.text if opinion else ""},
    )
    if request.method == "POST":
        if form.is_valid():
            opinion_save(
                practice=practice,
                expert=request.user,
                text=form.cleaned_data["text"],
            )
            messages.success(request, _("Your opinion is saved."))
            if practice.is_published:
                return redirect(f"{practice.get_absolute_url()}#expert-opinion")
            return redirect("publishing:preview", pk=practice.pk)
    history = opinion.revisions.select_related("edited_by") if opinion else []
    return render(
        request,
        "publishing/opinion_form.html",
        {"practice": practice, "form": form, "opinion": opinion, "history": history},
        status=HTTPStatus.BAD_REQUEST if form.errors else HTTPStatus.OK,
    )


@login_required
def revision_list(request, pk):
    """Let staff see a practice's revisions and compare two of them."""
    if not request.user.is_staff:
        raise PermissionDenied
    practice = get_object_or_404(Practice, pk=pk)
    revisions = list(practice.revisions.select_related("by", "decided_by"))
    by_pk = {str(revision.pk): revision for revision in revisions}
    older, newer = by_pk.get(request.GET.get("a")), by_pk.get(request.GET.get("b"))
    diff = None
    if older and newer:
        if older.version_at > newer.version_at:
            older, newer = newer, older
        diff = revision_diff(older, newer)
    return render(
        request,
        "publishing/revision_list.html",
        {
            "practice": practice,
            "revisions": revisions,
            "diff": diff,
            "older": older,
            "newer": newer,
        },
    )


@require_POST
@login_required
def revision_restore(request, pk):
    """Restore a revision (staff only); the restore is itself a new revision."""
    if not request.user.is_staff:
        raise PermissionDenied
    revision = get_object_or_404(
        PracticeRevision.objects.select_related("practice"), pk=pk
    )
    try:
        practice_restore(revision=revision, by=request.user)
    except (ValidationError, IntegrityError):
        # E.g. an organisation the revision names was deleted since.
        messages.error(
            request, _("This revision no longer fits the portal's data: not restored.")
        )
    else:
        messages.success(request, _("The revision is restored."))
    return redirect("publishing:revisions", pk=revision.practice_id)
