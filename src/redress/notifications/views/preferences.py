"""/notifications/settings/: how the signed-in person hears of each kind of hand-off, and in which language."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from redress.accounts.presenters import user_of
from redress.notifications.kinds import HANDOFFS
from redress.notifications.selectors import email_language_of, preferences_of
from redress.notifications.services import preferences_save


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    """One row per kind, two boxes each (in the app, by e-mail); an unticked box is a "no"."""
    user = user_of(request)
    languages = [(code, str(name)) for code, name in settings.LANGUAGES]
    if request.method == "POST":
        language = request.POST.get("language", "")
        if language not in dict(settings.LANGUAGES):
            messages.error(request, _("Choose one of the languages listed."))
            return redirect("notifications:preferences")
        choices = {
            kind: (request.POST.get(f"{kind}-in_app") == "on", request.POST.get(f"{kind}-email") == "on")
            for kind in HANDOFFS
        }
        preferences_save(user=user, choices=choices, language=language)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    context = {
        "rows": preferences_of(user),
        "email_languages": languages,
        # Not chosen yet: the page's language is offered (what the person reads now).
        "language": email_language_of(user) or get_language() or settings.LANGUAGE_CODE,
        "has_email": bool(user.email),
    }
    return render(request, "notifications/preferences.html", context)
