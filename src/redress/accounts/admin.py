from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from redress.accounts.models import ApprovalLimit, Department, User
from redress.accounts.twofactor.admin import reset_two_factor


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin[Department]):
    list_display = ("code", "name", "name_zh_hant", "name_en")
    search_fields = ("code", "name", "name_zh_hant", "name_en")


class ApprovalLimitInline(admin.TabularInline[ApprovalLimit, User]):
    model = ApprovalLimit
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = (ApprovalLimitInline,)
    list_display = ("username", "role", "department", "approval_limit", "approval_currency", "away_until", "is_active")
    list_filter = ("role", "department", "is_active")
    actions = [reset_two_factor]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Complaint handling"), {"fields": ("role", "department", "approval_limit", "approval_currency")}),
        (_("Absence"), {"fields": ("away_from", "away_until")}),
    )


_admin_password_login = admin.site.login


def _admin_login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    """With REDRESS_PASSWORD_LOGIN off, the admin's own password form is closed too: to the sign-in page."""
    if not settings.REDRESS_PASSWORD_LOGIN:
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"), reverse("login"))
    return _admin_password_login(request, extra_context)


admin.site.login = _admin_login  # type: ignore[method-assign]
