from django.urls import path

from redress.intake.views import public as views
from redress.intake.views import tracking

app_name = "intake"

urlpatterns = [
    path("complaints/new/", views.complaint_new, name="new"),
    path("complaints/track/", views.complaint_track, name="track"),
    path("complaints/track/case/", tracking.case, name="track_case"),
    path("complaints/track/case/message/", tracking.case_message, name="track_message"),
    path("complaints/track/case/file/", tracking.case_file, name="track_file"),
    path("complaints/track/case/withdraw/", tracking.case_withdraw, name="track_withdraw"),
    path(
        "complaints/track/case/narrative-consent/withdraw/",
        tracking.case_narrative_consent_withdraw,
        name="track_narrative_consent_withdraw",
    ),
]
