from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    ActionAxis,
    ExpertOpinion,
    Follow,
    FundingSource,
    Organisation,
    Partnership,
    Practice,
    PracticeItem,
    Topic,
)


class PartnershipInline(admin.TabularInline):
    model = Partnership
    autocomplete_fields = ["organisation"]
    extra = 0


class ActionAxisInline(admin.StackedInline):
    model = ActionAxis
    extra = 0


class FundingSourceInline(admin.TabularInline):
    model = FundingSource
    extra = 0


class PracticeItemInline(admin.StackedInline):
    model = PracticeItem
    extra = 0
    fields = [("section", "order"), "text", "solution"]


class ExpertOpinionInline(admin.StackedInline):
    model = ExpertOpinion
    autocomplete_fields = ["expert"]
    # Set by the review: the version of the practice the expert judged.
    readonly_fields = ["judged_revision"]
    extra = 0


class FollowInline(admin.TabularInline):
    model = Follow
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at"]
    extra = 0


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "main_institution",
        "country",
        "region",
        "start_date",
        "status",
        "follower_count",
        "updated_at",
    ]
    list_filter = ["status", "country", "topics", "main_institution__kind"]
    list_select_related = ["main_institution"]
    search_fields = ["title", "summary", "description", "main_institution__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["main_institution", "author"]
    filter_horizontal = ["topics"]
    date_hierarchy = "start_date"
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "published_at", "author"]}),
        (
            _("Description"),
            {"fields": ["summary", "description", "topics", "keywords"]},
        ),
        (
            _("Main institution, location and dates"),
            {
                "fields": [
                    "main_institution",
                    ("country", "region", "nuts_code"),
                    ("start_date", "end_date"),
                ]
            },
        ),
        (
            _("Resources needed"),
            {
                "fields": [
                    ("budget_amount", "budget_currency", "duration_months"),
                    "resources_note",
                ]
            },
        ),
        (_("History"), {"fields": ["created_at", "updated_at"]}),
    ]
    inlines = [
        PartnershipInline,
        ActionAxisInline,
        FundingSourceInline,
        PracticeItemInline,
        ExpertOpinionInline,
        FollowInline,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_follower_count()

    @admin.display(description=_("followers"), ordering="follower_count")
    def follower_count(self, practice):
        return practice.follower_count


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "country", "website"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "acronym"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ExpertOpinion)
class ExpertOpinionAdmin(admin.ModelAdmin):
    list_display = ["practice", "expert", "created_at", "updated_at"]
    list_select_related = ["practice", "expert"]
    search_fields = ["practice__title", "expert__display_name", "text"]
    autocomplete_fields = ["practice", "expert"]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "practice", "created_at"]
    list_select_related = ["user", "practice"]
    search_fields = ["user__email", "user__display_name", "practice__title"]
    autocomplete_fields = ["user", "practice"]
