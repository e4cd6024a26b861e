from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from redress.accounts.models import ApprovalLimit, Department, User
from redress.accounts.twofactor.admin import reset_two_factor


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin[Department]):
    list_display = ("code", "name", "name_en")
    search_fields = ("code", "name", "name_en")


class ApprovalLimitInline(admin.TabularInline[ApprovalLimit, User]):
    model = ApprovalLimit
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = (ApprovalLimitInline,)
    list_display = ("username", "role", "department", "approval_limit", "approval_currency", "is_active")
    list_filter = ("role", "department", "is_active")
    actions = [reset_two_factor]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Complaint handling"), {"fields": ("role", "department", "approval_limit", "approval_currency")}),
    )
