from django.contrib import admin

from .models import Workplace


@admin.register(Workplace)
class WorkplaceAdmin(admin.ModelAdmin):
    list_display = ["name", "area", "phone", "is_active"]
    list_filter = ["area", "is_active"]
    search_fields = ["name", "address"]
    filter_horizontal = ["managers"]
