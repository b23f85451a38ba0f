from django.contrib import admin

from .models import Notice, NotificationPreference


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["practice", "user", "kind", "created_at", "emailed_at"]
    list_filter = ["kind", ("emailed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["practice", "user"]
    search_fields = ["practice__title", "user__email"]
    raw_id_fields = ["user", "practice"]
    date_hierarchy = "created_at"


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "frequency", "updated_at"]
    list_filter = ["frequency"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
