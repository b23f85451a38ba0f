from django.contrib import admin

from .models import PolicyTag


@admin.register(PolicyTag)
class PolicyTagAdmin(admin.ModelAdmin):
    list_display = ["slug", "kind", "number", "name_en", "name_fr"]
    list_filter = ["kind"]
    fields = ["kind", "number", "slug", "name_en", "name_fr"]
    readonly_fields = ["kind", "number", "slug"]

    def has_add_permission(self, request):
        # A fixed list: the data migration seeds it.
        return False

    def has_delete_permission(self, request, obj=None):
        return False
