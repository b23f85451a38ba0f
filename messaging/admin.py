from django.contrib import admin

from .models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "practice", "sender_name", "status", "created_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["subject", "practice__title", "sender_name"]
    readonly_fields = [
        "practice",
        "sender",
        "sender_name",
        "sender_email",
        "recipient",
        "subject",
        "body",
        "created_at",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "sent_at",
    ]

    def has_add_permission(self, request):
        return False
