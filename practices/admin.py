from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from .limits import MAX_ACTION_AXES, MAX_FUNDING_SOURCES, MAX_ITEMS, MAX_PARTNERS
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


class BoundedInlineMixin:
    """Refuse, server-side, more rows than a practice may have (``max_num``)."""

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("absolute_max", self.max_num)
        kwargs.setdefault("validate_max", True)
        return super().get_formset(request, obj, **kwargs)


class PartnershipInline(BoundedInlineMixin, TranslationTabularInline):
    model = Partnership
    autocomplete_fields = ["organisation"]
    extra = 0
    max_num = MAX_PARTNERS


class ActionAxisInline(BoundedInlineMixin, TranslationStackedInline):
    model = ActionAxis
    extra = 0
    max_num = MAX_ACTION_AXES


class FundingSourceInline(BoundedInlineMixin, admin.TabularInline):
    model = FundingSource
    extra = 0
    max_num = MAX_FUNDING_SOURCES


class PracticeItemInline(BoundedInlineMixin, TranslationStackedInline):
    model = PracticeItem
    extra = 0
    max_num = MAX_ITEMS
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
class PracticeAdmin(TranslationAdmin):
    """Title, summary and description have a field per language (translation.py):
    those of ``language`` hold the original text, the other ones a translation."""

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
    search_fields = [
        "title_en",
        "title_fr",
        "summary_en",
        "summary_fr",
        "main_institution__name",
    ]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["main_institution", "author"]
    filter_horizontal = ["topics"]
    date_hierarchy = "start_date"
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "language",
                    "title",
                    "slug",
                    "status",
                    "published_at",
                    "author",
                ]
            },
        ),
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

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Once the practice and all its inlines are saved.
        Practice.objects.filter(pk=form.instance.pk).refresh_search_after_commit()

    @admin.display(description=_("followers"), ordering="follower_count")
    def follower_count(self, practice):
        return practice.follower_count


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "country", "website"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "acronym"]

    # Its name and acronym are in the search data of the practices it runs or
    # is a partner of.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            Practice.objects.of_organisation(obj).refresh_search_after_commit()


@admin.register(Topic)
class TopicAdmin(TranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name_en", "name_fr"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ExpertOpinion)
class ExpertOpinionAdmin(admin.ModelAdmin):
    list_display = ["practice", "expert", "created_at", "updated_at"]
    list_select_related = ["practice", "expert"]
    search_fields = ["practice__title_en", "expert__display_name", "text"]
    autocomplete_fields = ["practice", "expert"]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "practice", "created_at"]
    list_select_related = ["user", "practice"]
    search_fields = ["user__email", "user__display_name", "practice__title_en"]
    autocomplete_fields = ["user", "practice"]
