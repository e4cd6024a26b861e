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
        from redress.complaints.views.labels import ERROR_MESSAGES
        from redress.core.errors import refusal_words_add

        refusal_words_add(ERROR_MESSAGES)  # the API's refusals in the caller's language, as the pages'.
