from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "redress.complaints"
    label = "complaints"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        # Django: the specs import models, ready only now; importing them fills the action table.
        from redress.audit.services import appended
        from redress.complaints import actions  # noqa: F401
        from redress.complaints.search.index import reindex_after_event

        if reindex_after_event not in appended:
            appended.append(reindex_after_event)
