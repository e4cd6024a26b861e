from django.urls import path

from redress.complaints.api import queue, views

urlpatterns = [
    path("reports/redress/", views.RedressReport.as_view(), name="api-report-redress"),
    path("complaints/", views.ComplaintListCreate.as_view(), name="api-complaints"),
    path("complaints/export.csv", queue.ComplaintListCsv.as_view(), name="api-complaints-export-csv"),
    path("complaints/export.xlsx", queue.ComplaintListXlsx.as_view(), name="api-complaints-export-xlsx"),
    path("complaints/bulk/", queue.ComplaintBulk.as_view(), name="api-complaints-bulk"),
    path("views/", queue.SavedViews.as_view(), name="api-saved-views"),
    path("views/<int:pk>/", queue.SavedViewDetail.as_view(), name="api-saved-view"),
    path("complaints/<str:reference>/", views.ComplaintDetail.as_view(), name="api-complaint"),
    path(
        "complaints/<str:reference>/actions/<str:action>/", views.ComplaintAction.as_view(), name="api-complaint-action"
    ),
    path("complaints/<str:reference>/events/", views.ComplaintEvents.as_view(), name="api-complaint-events"),
    path("complaints/<str:reference>/export/", views.ComplaintExport.as_view(), name="api-complaint-export"),
    path("complaints/<str:reference>/letters/", views.ComplaintLetters.as_view(), name="api-complaint-letters"),
    path(
        "complaints/<str:reference>/letters/draft/",
        views.ComplaintLetterDraft.as_view(),
        name="api-complaint-letter-draft",
    ),
    path(
        "complaints/<str:reference>/letters/<int:letter_id>/pdf/",
        views.ComplaintLetterPdf.as_view(),
        name="api-complaint-letter-pdf",
    ),
    path(
        "complaints/<str:reference>/letters/<int:letter_id>/retry/",
        views.ComplaintLetterRetry.as_view(),
        name="api-complaint-letter-retry",
    ),
    path(
        "complaints/<str:reference>/attachments/",
        views.ComplaintAttachments.as_view(),
        name="api-complaint-attachments",
    ),
]
