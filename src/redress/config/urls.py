from django.contrib import admin
from django.urls import include, path

from redress.core.lazyviews import lazy_view

# The schema and its page load drf-spectacular's generator on their first request only (bench/README.md, memory).
SCHEMA_VIEW = "drf_spectacular.views.SpectacularAPIView"
DOCS_VIEW = "drf_spectacular.views.SpectacularSwaggerSplitView"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("redress.operations.urls")),
    path("api/schema/", lazy_view(SCHEMA_VIEW, csrf_exempt=True), name="schema"),
    path("api/docs/", lazy_view(DOCS_VIEW, csrf_exempt=True, url_name="schema"), name="api-docs"),
    path("api/v1/", include("redress.complaints.api.urls")),
    path("api/v1/intake/", include("redress.intake.api.urls")),
    path("api/v1/", include("redress.surveys.api.urls")),
    path("api/v1/", include("redress.deadlines.api.urls")),
    path("api/v1/", include("redress.notifications.api.urls")),
    path("api/v1/", include("redress.analytics.api.urls")),
    path("api/v1/", include("redress.analytics.api.returns_urls")),
    path("api/v1/", include("redress.improvements.api.urls")),
    path("api/v1/", include("redress.casebook.api.urls")),
    path("api/v1/", include("redress.retention.api.urls")),
    path("api/v1/", include("redress.access.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("redress.intake.views.urls")),
    path("", include("redress.complaints.views.urls")),
    path("", include("redress.deadlines.views.urls")),
    path("", include("redress.notifications.views.urls")),
    path("", include("redress.accounts.views.urls")),
    path("", include("redress.accounts.twofactor.urls")),
    path("", include("redress.surveys.views.urls")),
    path("", include("redress.analytics.views.urls")),
    path("", include("redress.improvements.views.urls")),
    path("", include("redress.casebook.views.urls")),
    path("", include("redress.retention.views.urls")),
    path("", include("redress.access.views.urls")),
]

# An unknown /api/ path, or a body too large read outside DRF, answers the API's JSON envelope.
handler404 = "redress.core.api.api_not_found"
handler400 = "redress.core.api.api_bad_request"
