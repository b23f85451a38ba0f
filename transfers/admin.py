from django.contrib import admin

from .models import Interest, StageChange, Transfer


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    readonly_fields = ["stage", "note", "changed_by", "changed_at"]
    can_delete = False


@admin.register(Transfer)
class TransferAdmin(admin.ModelAdmin):
    list_display = ["practice", "organisation_label", "country", "stage", "status"]
    list_filter = ["status", "stage", "is_demo"]
    search_fields = ["practice__title", "organisation_name", "organisation__name"]
    raw_id_fields = ["recorded_by", "decided_by"]
    inlines = [StageChangeInline]


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    list_display = ["practice", "user", "is_visible_to_peers", "created_at"]
    raw_id_fields = ["user"]
