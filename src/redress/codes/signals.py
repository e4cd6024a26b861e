"""A saved or deleted code drops this process's cached tables (other processes reload within a minute)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from redress.codes import selectors
from redress.codes.models import BusinessLine, CfpbIssueRule, Product, Reason, RootCause


def _clear(sender: Any, **kwargs: Any) -> None:
    selectors.invalidate()


for _model in (BusinessLine, Product, Reason, RootCause, CfpbIssueRule):
    post_save.connect(_clear, sender=_model, dispatch_uid=f"codes-clear-{_model.__name__}")
    post_delete.connect(_clear, sender=_model, dispatch_uid=f"codes-clear-delete-{_model.__name__}")
