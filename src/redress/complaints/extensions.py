"""What the apps above complaints add to its action path and its page, without complaints importing them.

complaints sits below surveys (and any later app that follows complaints up): it may not
import them, yet some of its actions carry their features, e.g. the decision letter carries
the satisfaction survey's link, and closing a complaint schedules the follow-up visit. So
complaints declares typed extension points here; an upper app fills them in its
`AppConfig.ready()`, and the action handlers call what is registered, in the order it was
registered:

- `decision_letter_extras`: asked by `notify_customer` before the decision letter is
  issued, with the handler's edited letter (empty: the template's text). Each returns a
  `LetterExtra`: additions to the letter template's context, the edited letter as it
  leaves it (the next extra gets that), and additions to the action's timeline event.
- `on_close`: called when an action closes a complaint, inside its transaction, before
  the event is written; returns additions to that action's timeline event.
- `on_plan_approved`: called when a resolution plan becomes fully approved (its last approval),
  inside the approving transaction, with the plan and who approved it last; returns additions
  to the approval's timeline event (improvements: each improvement line becomes an action).
- `on_register`: called when a complaint is registered (any channel), inside the registering
  transaction, after its row and clocks are written and before its acknowledgement is issued;
  returns a `RegistrationExtra` (intake: the possible duplicates of the same customer it links;
  the tracking code, sent by e-mail or SMS, and what the acknowledgement says of it).
- `page_panels`: sections of the staff page of a complaint, each a template included
  after the resolution plan, with the context its function gives.
- `queue_filters`: filters of the queue (`selectors.complaint_list`) that an upper app answers
  (analytics: outcome, closed day, timeliness, satisfaction, each as its dashboard counts it).
  Each narrows the list with a condition on the complaint (None: not asked), refusing a bad
  value with InvalidInput naming the filter, and says in words what it asked for.

An upper app may also declare whole actions (spec and handler) and put them in the table
with `redress.complaints.actions.register` (surveys: `record_follow_up`).

These are plain registries, not Django signals: what is registered can be listed and, in a
test, swapped for a while with `Hooks.replaced`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.db.models import Q

from redress.complaints.models import Complaint, ResolutionPlan


@dataclass(frozen=True)
class LetterExtra:
    context: dict[str, Any] = field(default_factory=dict)  # for the letter's template
    letter: str = ""  # the handler's edited letter as the extra leaves it ("": the template's text)
    data: dict[str, Any] = field(default_factory=dict)  # for the action's timeline event


@dataclass(frozen=True)
class RegistrationExtra:
    context: dict[str, Any] = field(default_factory=dict)  # for the acknowledgement's template
    data: dict[str, Any] = field(default_factory=dict)  # for the registration's timeline event
    shown: dict[str, Any] = field(default_factory=dict)  # for the registering caller only (never stored)


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable[[Complaint], dict[str, Any]]


@dataclass(frozen=True)
class QueueFilter:
    names: tuple[str, ...]  # the query parameters it reads
    narrow: Callable[[dict[str, Any]], Q | None]  # the filters -> a condition on Complaint (None: not asked)
    # the filters -> (parameter, label, value in words) for each of its parameters in force
    shown: Callable[[dict[str, Any]], list[tuple[str, str, str]]]


DecisionLetterExtra = Callable[[Complaint, str], LetterExtra]
OnClose = Callable[[Complaint], dict[str, Any]]
OnRegister = Callable[[Complaint], RegistrationExtra]
OnPlanApproved = Callable[[Complaint, ResolutionPlan, int | None], dict[str, Any]]  # the last approver's user id

H = TypeVar("H")


class Hooks(Generic[H]):
    """An ordered list of registered hooks; adding the same hook twice keeps one."""

    def __init__(self) -> None:
        self._hooks: list[H] = []

    def add(self, hook: H) -> H:
        if hook not in self._hooks:
            self._hooks.append(hook)
        return hook

    def __iter__(self) -> Iterator[H]:
        return iter(tuple(self._hooks))

    @contextmanager
    def replaced(self, *hooks: H) -> Iterator[None]:
        """For tests: only `hooks` are registered inside the block."""
        saved, self._hooks = self._hooks, list(hooks)
        try:
            yield
        finally:
            self._hooks = saved


decision_letter_extras: Hooks[DecisionLetterExtra] = Hooks()
on_close: Hooks[OnClose] = Hooks()
on_plan_approved: Hooks[OnPlanApproved] = Hooks()
on_register: Hooks[OnRegister] = Hooks()
page_panels: Hooks[Panel] = Hooks()
queue_filters: Hooks[QueueFilter] = Hooks()
