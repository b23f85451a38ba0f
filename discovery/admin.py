from django.contrib import admin

from .models import SavedSearch, SearchAlert


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "frequency", "query", "created_at"]
    list_filter = ["frequency"]
    search_fields = ["name", "user__email"]
    raw_id_fields = ["user"]


@admin.register(SearchAlert)
class SearchAlertAdmin(admin.ModelAdmin):
    list_display = ["saved_search", "practice", "created_at", "emailed_at"]
    raw_id_fields = ["saved_search", "practice"]
