from django.urls import path

from redress.retention.api import views

urlpatterns = [
    path("retention/holds/", views.Holds.as_view(), name="api-retention-holds"),
    path("retention/holds/<str:reference>/clear/", views.HoldClear.as_view(), name="api-retention-hold-clear"),
    path("retention/erasure-requests/", views.ErasureRequests.as_view(), name="api-retention-requests"),
    path(
        "retention/erasure-requests/<int:request_id>/approve/",
        views.ErasureApprove.as_view(),
        name="api-retention-request-approve",
    ),
    path(
        "retention/erasure-requests/<int:request_id>/reject/",
        views.ErasureReject.as_view(),
        name="api-retention-request-reject",
    ),
]
