from django.urls import path, re_path

from redress.complaints.views import (
    awaiting,
    detail,
    download,
    duplicates,
    preview,
    queue,
    queue_actions,
    queue_export,
    register,
)

app_name = "complaints"

# References look like CMP-20261128-000042, or CFPB-3384392 for a complaint imported from the CFPB's
# database; the pattern keeps words such as "new" and "track" free.
_REF = r"(?P<reference>[A-Z]{2,5}-[0-9]{8}-[0-9]{4,}|CFPB-[0-9]{1,12})"

urlpatterns = [
    path("", queue.queue, name="queue"),
    re_path(r"^complaints/export\.(?P<kind>csv|xlsx)$", queue_export.export, name="export"),
    path("complaints/bulk/", queue_actions.bulk, name="bulk"),
    path("complaints/views/", queue_actions.save_view, name="save_view"),
    path("complaints/views/<int:pk>/edit/", queue_actions.edit_view, name="edit_view"),
    path("complaints/views/<int:pk>/delete/", queue_actions.delete_view, name="delete_view"),
    path("complaints/new/staff/", register.new, name="new"),
    path("complaints/awaiting-approval/", awaiting.awaiting, name="awaiting"),
    re_path(rf"^complaints/{_REF}/$", detail.detail, name="detail"),
    re_path(rf"^complaints/{_REF}/act/(?P<action>[a-z_]+)/$", detail.act, name="act"),
    re_path(
        rf"^complaints/{_REF}/letter-preview/(?P<fmt>page|html|pdf)/$", preview.letter_preview, name="letter_preview"
    ),
    re_path(rf"^complaints/{_REF}/reveal/$", detail.reveal, name="reveal"),
    re_path(
        rf"^complaints/{_REF}/duplicate/(?P<other>[A-Z]{{2,5}}-[0-9]{{8}}-[0-9]{{4,}}|CFPB-[0-9]{{1,12}})/$",
        duplicates.compare,
        name="compare",
    ),
    re_path(rf"^complaints/{_REF}/evidence/$", detail.evidence, name="evidence"),
    re_path(rf"^complaints/{_REF}/evidence/(?P<evidence_id>[0-9]+)/$", download.evidence_file, name="evidence_file"),
    re_path(rf"^complaints/{_REF}/letters/(?P<letter_id>[0-9]+)/pdf/$", download.letter_pdf, name="letter_pdf"),
]
