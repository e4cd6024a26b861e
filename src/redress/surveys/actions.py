"""The `record_follow_up` action: a surveys feature on the complaint's action path.

Declared here, above complaints, and put in complaints' action table by `hooks.install`
(from this app's `ready()`), just before `export`, where it always stood.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from redress.accounts.models import Role
from redress.complaints.actions import action
from redress.complaints.choices import Status
from redress.complaints.models import Complaint
from redress.complaints.workflow import ASSIGNEE, Actor, Subject
from redress.surveys.services import followup_record


class FollowUpPayload(serializers.Serializer[Any]):
    reached = serializers.BooleanField(help_text=_("Whether the customer was reached."))
    result = serializers.ChoiceField(
        choices=[("satisfied", _("Satisfied")), ("dissatisfied", _("Not satisfied"))],
        required=False,
        allow_blank=True,
        default="",
    )
    score = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True, default=None)
    summary = serializers.CharField(max_length=20000)


def _follow_up(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    return followup_record(complaint=c, actor=actor, data=data)


RECORD_FOLLOW_UP = action(
    "record_follow_up",
    sources={Status.CLOSED},
    target=None,
    roles={ASSIGNEE, Role.INTAKE_AGENT, Role.MANAGER},
    payload=FollowUpPayload,
    handler=_follow_up,
    label=_("Record follow-up visit"),
    help=_("Record the follow-up visit: whether the customer was reached and is satisfied."),
    done=_("Follow-up visit recorded"),
)
