"""The review queue and each practice's history in the admin.

The practices app owns PracticeAdmin; this app extends it with the life cycle
(history inlines, a review-queue filter, status changes that go through
Practice.transition so they are recorded).
"""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from practices.admin import PracticeAdmin as BasePracticeAdmin
from practices.models import Practice

from .lifecycle import TransitionNotAllowed, practice_transition
from .models import ExpertOpinionRevision, PracticeRevision, PracticeTransition


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PracticeTransitionInline(ReadOnlyInline):
    model = PracticeTransition
    fields = ["at", "from_status", "to_status", "by", "comment"]
    readonly_fields = fields


class PracticeRevisionInline(ReadOnlyInline):
    model = PracticeRevision
    fields = ["at", "by", "state", "is_minor", "decided_by", "comment", "compare"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by", "decided_by")

    @admin.display(description=_("compare"))
    def compare(self, revision):
        return format_html(
            '<a href="{}?b={}">{}</a>',
            reverse("publishing:revisions", args=[revision.practice_id]),
            revision.pk,
            _("Compare or restore"),
        )


class ReviewQueueFilter(admin.SimpleListFilter):
    title = _("review queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            ("waiting", _("Waiting for review")),
            ("with_author", _("Back with the author")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.in_review().order_by("updated_at")
        if self.value() == "with_author":
            return queryset.filter(status=Practice.Status.CHANGES_REQUESTED)
        return queryset


def transition_action(to, description):
    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        done = 0
        for practice in queryset:
            try:
                practice_transition(practice=practice, to=to, by=request.user)
                done += 1
            except TransitionNotAllowed as error:
                modeladmin.message_user(
                    request, f"{practice}: {error}", messages.WARNING
                )
        if done:
            modeladmin.message_user(
                request,
                _("%(count)d practice(s) changed.") % {"count": done},
                messages.SUCCESS,
            )

    action.__name__ = f"make_{to}"
    return action


admin.site.unregister(Practice)


@admin.register(Practice)
class PracticeAdmin(BasePracticeAdmin):
    list_filter = [ReviewQueueFilter, *BasePracticeAdmin.list_filter]
    # The status changes only through the actions, which record who and why.
    readonly_fields = [*BasePracticeAdmin.readonly_fields, "status", "published_at"]
    inlines = [
        *BasePracticeAdmin.inlines,
        PracticeTransitionInline,
        PracticeRevisionInline,
    ]
    actions = [
        transition_action(Practice.Status.ARCHIVED, _("Archive")),
        transition_action(Practice.Status.PUBLISHED, _("Publish")),
        transition_action(Practice.Status.DRAFT, _("Return to draft")),
    ]


@admin.register(PracticeTransition)
class PracticeTransitionAdmin(admin.ModelAdmin):
    list_display = ["practice", "from_status", "to_status", "by", "at"]
    list_filter = ["to_status"]
    list_select_related = ["practice", "by"]
    search_fields = ["practice__title", "comment"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PracticeRevision)
class PracticeRevisionAdmin(admin.ModelAdmin):
    """Proposed and published versions of practices; decided in the review queue."""

    list_display = ["practice", "state", "is_minor", "by", "at", "decided_by"]
    list_filter = ["state", "is_minor"]
    list_select_related = ["practice", "by", "decided_by"]
    search_fields = ["practice__title", "comment", "decision_comment"]
    exclude = ["snapshot", "based_on"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ExpertOpinionRevision)
class ExpertOpinionRevisionAdmin(admin.ModelAdmin):
    list_display = ["opinion", "edited_by", "edited_at"]
    list_select_related = ["opinion__practice", "opinion__expert", "edited_by"]
    search_fields = ["text", "opinion__practice__title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
