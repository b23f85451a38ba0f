from django.contrib import admin

from .models import Document, EvidenceAssessment, Indicator, PracticeImage, Video


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "achieved_value", "achieved_year", "practice"]
    list_select_related = ["practice"]
    search_fields = ["name", "practice__title"]
    raw_id_fields = ["practice"]


@admin.register(EvidenceAssessment)
class EvidenceAssessmentAdmin(admin.ModelAdmin):
    list_display = [
        "practice",
        "proposed_level",
        "level",
        "set_by",
        "set_at",
        "confirmed_at",
    ]
    list_filter = ["level", "proposed_level", "confirmed_at"]
    list_select_related = ["practice", "set_by"]
    search_fields = ["practice__title"]
    raw_id_fields = ["practice", "set_by", "confirmed_by"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "language", "content_type", "size", "practice"]
    list_select_related = ["practice"]
    search_fields = ["title", "practice__title"]
    raw_id_fields = ["practice"]
    readonly_fields = ["content_type", "size"]


@admin.register(PracticeImage)
class PracticeImageAdmin(admin.ModelAdmin):
    list_display = ["alt", "content_type", "width", "height", "practice"]
    list_select_related = ["practice"]
    search_fields = ["alt", "practice__title"]
    raw_id_fields = ["practice"]
    readonly_fields = ["content_type", "width", "height", "variants"]


@admin.register(Video)
class VideoAdmin(admin.ModelAdmin):
    list_display = ["title", "url", "practice", "added_at"]
    list_select_related = ["practice"]
    search_fields = ["title", "url", "practice__title"]
    raw_id_fields = ["practice"]
