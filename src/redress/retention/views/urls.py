from django.urls import path

from redress.retention.views import pages

app_name = "retention"

urlpatterns = [
    path("retention/", pages.page, name="page"),
    path("retention/holds/", pages.hold_set, name="hold-set"),
    path("retention/holds/<str:reference>/clear/", pages.hold_clear, name="hold-clear"),
    path("retention/requests/", pages.request_create, name="request-create"),
    path("retention/requests/<int:request_id>/approve/", pages.request_approve, name="request-approve"),
    path("retention/requests/<int:request_id>/reject/", pages.request_reject, name="request-reject"),
]
