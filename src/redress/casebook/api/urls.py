from django.urls import path

from redress.casebook.api import views

urlpatterns = [
    path("casebook/cases/", views.CaseList.as_view(), name="api-casebook-cases"),
    path("casebook/cases/<int:case_id>/", views.CaseDetail.as_view(), name="api-casebook-case"),
    path("casebook/cases/<int:case_id>/confirm/", views.CaseConfirm.as_view(), name="api-casebook-case-confirm"),
    path("casebook/guides/", views.GuideList.as_view(), name="api-casebook-guides"),
    path("casebook/guides/<int:guide_id>/", views.GuideDetail.as_view(), name="api-casebook-guide"),
    path("casebook/guides/<int:guide_id>/confirm/", views.GuideConfirm.as_view(), name="api-casebook-guide-confirm"),
    path("casebook/training/", views.Training.as_view(), name="api-casebook-training"),
]
