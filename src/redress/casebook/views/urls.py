from django.urls import path

from redress.casebook.views import pages as views

app_name = "casebook"

urlpatterns = [
    path("casebook/", views.library, name="library"),
    path("casebook/cases/new/", views.case_new, name="case-new"),
    path("casebook/cases/<int:case_id>/", views.case_detail, name="case"),
    path("casebook/cases/<int:case_id>/edit/", views.case_edit, name="case-edit"),
    path("casebook/cases/<int:case_id>/unmark/", views.case_unmark, name="case-unmark"),
    path("casebook/cases/<int:case_id>/confirm/", views.case_confirm, name="case-confirm"),
    path("casebook/guides/", views.guides, name="guides"),
    path("casebook/guides/<int:guide_id>/", views.guide_detail, name="guide"),
    path("casebook/guides/<int:guide_id>/confirm/", views.guide_confirm, name="guide-confirm"),
    path("casebook/training/", views.training, name="training"),
]
