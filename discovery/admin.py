from django.contrib import admin

from .models import SavedSearch, TopicFollow


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "frequency", "query", "created_at"]
    list_filter = ["frequency"]
    search_fields = ["name", "user__email"]
    raw_id_fields = ["user"]


@admin.register(TopicFollow)
class TopicFollowAdmin(admin.ModelAdmin):
    list_display = ["user", "topic", "created_at"]
    list_filter = ["topic"]
    search_fields = ["user__email", "topic__name"]
    raw_id_fields = ["user"]
