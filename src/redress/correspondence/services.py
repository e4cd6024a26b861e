"""Issuing letters from the admin's templates, and delivering the outbox."""

from __future__ import annotations

import logging
import secrets
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from redress.core.errors import Conflict, InvalidInput
from redress.core.rows import insert
from redress.correspondence import templating
from redress.correspondence.models import Letter, LetterKind, LetterStatus, LetterTemplate, OutboxMessage, OutboxStatus

if TYPE_CHECKING:
    from redress.complaints.models import Complaint, ResolutionPlan
    from redress.complaints.workflow import Actor

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
CLAIM_TIMEOUT = timedelta(minutes=10)
# SMTP connections a delivery run uses at once (one per ten messages of the batch, at most this many).
OUTBOX_CONNECTIONS = 4
# Kinds issued on their own (registration, a deadline extension, a decline) keep the built-in text as a
# last resort, so that a missing template never loses a complaint; a decision letter needs its template.
BUILT_IN = frozenset({LetterKind.ACKNOWLEDGEMENT, LetterKind.EXTENSION, LetterKind.DECLINE})
DECISION_KINDS = frozenset({LetterKind.FINAL_DECISION, LetterKind.REVIEW_DECISION, LetterKind.SUMMARY_RESOLUTION})


class LetterTemplateMissing(Conflict):
    code = "letter_template_missing"


class LetterRenderFailed(Conflict):
    code = "letter_render_failed"


class LetterIncomplete(InvalidInput):
    code = "letter_incomplete"


# --- Templates, kept per process for a minute (dropped at once when this process saves one) ---------

_TEMPLATE_TTL = 60.0
_templates: tuple[float, dict[tuple[str, str, str], LetterTemplate]] = (0.0, {})


def letter_templates() -> dict[tuple[str, str, str], LetterTemplate]:
    global _templates
    loaded_at, cached = _templates
    if time.monotonic() - loaded_at > _TEMPLATE_TTL:
        cached = {(t.kind, t.jurisdiction, t.language): t for t in LetterTemplate.objects.all()}
        _templates = (time.monotonic(), cached)
    return cached


def forget_templates(**kwargs: Any) -> None:
    global _templates
    _templates = (0.0, {})


def template_for(*, kind: str, jurisdiction: str, language: str) -> LetterTemplate | None:
    """The jurisdiction's own template in that language, else the default (blank jurisdiction)."""
    found = letter_templates()
    return found.get((kind, jurisdiction, language)) or found.get((kind, "", language))


# --- Rendering ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RenderedLetter:
    kind: str
    subject: str
    body: str
    elements: list[templating.Element] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)


def policy_zone(complaint: Complaint) -> ZoneInfo:
    from redress.deadlines.services import policy_for

    policy = policy_for(complaint)
    return ZoneInfo(policy.timezone if policy else settings.TIME_ZONE)


def format_date(value: date, language: str) -> str:
    """A date as the letter's reader writes it: 2026年11月28日, or 28 November 2026."""
    if language.startswith("zh"):
        return f"{value.year}年{value.month}月{value.day}日"
    with translation.override(language):
        return str(date_format(value, "j F Y"))


def format_money(amount: Decimal, currency: str) -> str:
    from redress.complaints.choices import CURRENCY_EXPONENT

    exponent = CURRENCY_EXPONENT.get(currency, 2)
    return f"{amount.quantize(Decimal(1).scaleb(-exponent)):,} {currency}"


def letter_context(complaint: Complaint, context: dict[str, Any]) -> dict[str, Any]:
    """What every template may use, with dates written out in the letter's language.

    Only plain values: a template edited in the admin never reaches the complaint object itself.
    """
    zone = policy_zone(complaint)
    language = complaint.language
    base: dict[str, Any] = {
        "reference": complaint.reference,
        "customer_name": complaint.customer_name,
        "received_date": timezone.localtime(complaint.received_at, zone).date(),
        "today": timezone.localtime(timezone.now(), zone).date(),
        "institution": settings.REDRESS_INSTITUTION_NAME,
        "jurisdiction": complaint.jurisdiction,
        "language": language,
        "survey_url": "",
    }
    base.update(context)
    for key, value in base.items():
        if isinstance(value, datetime):
            base[key] = format_date(timezone.localtime(value, zone).date(), language)
        elif isinstance(value, date):
            base[key] = format_date(value, language)
    return base


def final_letter_context(complaint: Complaint, plan: ResolutionPlan | None) -> dict[str, Any]:
    """The context of a decision letter (final, review, summary resolution): outcome, reasons, redress.

    The one place to add what a decision letter needs (e.g. the signed `survey_url`).
    """
    from redress.complaints.services.resolution import review_window
    from redress.deadlines.services import policy_for

    policy = policy_for(complaint)
    window_days = review_window(complaint).days
    zone = policy_zone(complaint)
    context: dict[str, Any] = {
        "outcome": "",
        "outcome_label": "",
        "summary": "",
        "redress_text": "",
        "redress_total": "",
        "improvements_text": "",
        "review_request_days": window_days,
        "review_deadline": timezone.localtime(timezone.now(), zone).date() + timedelta(days=window_days)
        if policy is None or policy.review_window_days
        else None,
        "survey_url": "",
    }
    if plan is None:
        return context
    with translation.override(complaint.language):
        items = list(plan.items.all())
        colon = "：" if complaint.language.startswith("zh") else ": "
        lines = []
        for item in items:
            line = f"- {item.get_type_display()}"
            if item.amount:
                line += f"{colon}{format_money(item.amount, item.currency)}"
            if item.description:
                line += f" ({item.description})"
            lines.append(line)
        total = sum((item.amount for item in items), Decimal(0))
        context.update(
            outcome=plan.outcome,
            outcome_label=str(plan.get_outcome_display()),
            summary=plan.summary,
            redress_text="\n".join(lines),
            redress_total=format_money(total, plan.currency) if total else "",
            improvements_text="\n".join(f"- {line}" for line in plan.improvements or []),
        )
    return context


def letter_render(*, complaint: Complaint, kind: str, context: dict[str, Any]) -> RenderedLetter:
    """The letter of `kind` for this complaint, in its language, from the admin's template.

    Raises LetterTemplateMissing (no template for a decision letter) or LetterRenderFailed.
    """
    values = letter_context(complaint, context)
    template = template_for(kind=kind, jurisdiction=complaint.jurisdiction, language=complaint.language)
    if template is None:
        if kind in BUILT_IN:
            return _render_built_in(complaint, kind, context)
        raise LetterTemplateMissing(
            _(
                "There is no %(kind)s letter template for %(jurisdiction)s in %(language)s; "
                "an administrator must add one."
            )
            % {"kind": kind, "jurisdiction": complaint.jurisdiction, "language": complaint.language}
        )
    try:
        elements = templating.parse_elements(template.required_elements)
        with translation.override(complaint.language):
            rendered = templating.render(subject=template.subject, body=template.body, context=values)
    except (ValueError, templating.LetterTemplateError) as exc:
        log.warning("Letter template %s cannot be rendered: %s", template.pk, exc)
        raise LetterRenderFailed(
            _("The %(kind)s letter could not be produced from its template (%(error)s); nothing was sent.")
            % {"kind": kind, "error": exc}
        ) from exc
    return RenderedLetter(kind, rendered.subject, rendered.body, elements, values)


def _render_built_in(complaint: Complaint, kind: str, context: dict[str, Any]) -> RenderedLetter:
    values = {"complaint": complaint, "institution": settings.REDRESS_INSTITUTION_NAME, **context}
    with translation.override(complaint.language):
        subject = " ".join(render_to_string(f"correspondence/{kind}.subject.txt", values).split())
        body = templating.normalise_text(render_to_string(f"correspondence/{kind}.txt", values))
    return RenderedLetter(kind, subject, body, [], values)


def letter_check(*, text: str, rendered: RenderedLetter) -> None:
    """Refuse a (hand-edited) letter that lacks one of its template's required elements."""
    missing = templating.missing_elements(text, rendered.elements, rendered.context)
    if missing:
        raise LetterIncomplete(
            {
                "letter": [
                    _("The letter lacks required elements: %(elements)s. Put them back, or start again from the draft.")
                    % {"elements": ", ".join(missing)}
                ],
                "missing": missing,
            }
        )


def letter_draft(*, complaint: Complaint, kind: str | None = None) -> RenderedLetter:
    """The decision letter the handler starts from: `kind` (default: the one notify_customer would send)."""
    from redress.complaints.selectors import current_plan
    from redress.correspondence.selectors import decision_letter_kind

    kind = kind or decision_letter_kind(complaint)
    if kind not in DECISION_KINDS:
        raise InvalidInput({"kind": [_("Drafts are made of decision letters only.")]})
    return letter_render(
        complaint=complaint, kind=kind, context=final_letter_context(complaint, current_plan(complaint))
    )


def decision_letter_draft(complaint: Complaint) -> tuple[RenderedLetter | None, str]:
    """The draft for the notify form, or why there is none (shown to the handler instead)."""
    from redress.core.errors import ApplicationError

    try:
        return letter_draft(complaint=complaint), ""
    except ApplicationError as exc:
        return None, str(exc.detail)


def _message_id(complaint: Complaint) -> str:
    """<outbox-N.REFERENCE@domain>: a reply quoting it threads back to the complaint (see intake)."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "redress.localhost"
    return f"<outbox-{time.time_ns()}{secrets.randbelow(1000):03d}.{complaint.reference}@{domain}>"


def letter_issue(
    *,
    complaint: Complaint,
    kind: str,
    channel: str | None,
    actor: Actor,
    context: dict[str, Any],
    body: str | None = None,
    rendered: RenderedLetter | None = None,
) -> Letter:
    """Keep the exact letter (text and HTML); queue it by email when that is the channel (or the only way).

    `body`: the handler's edited text, checked for the template's required elements.
    """
    if rendered is None:
        rendered = letter_render(complaint=complaint, kind=kind, context=context)
    text = rendered.body
    if body and body.strip():
        text = templating.normalise_text(body)
        letter_check(text=text, rendered=rendered)
    if channel is None:
        channel = "email" if complaint.customer_email else "letter"
    status = {"email": LetterStatus.QUEUED, "phone": LetterStatus.LOGGED}.get(channel, LetterStatus.TO_POST)
    html = templating.text_to_html(
        subject=rendered.subject,
        body=text,
        language=complaint.language,
        institution=settings.REDRESS_INSTITUTION_NAME,
    )
    message_id = _message_id(complaint) if channel == "email" else ""
    letter = Letter(
        complaint=complaint,
        kind=kind,
        channel=channel,
        language=complaint.language,
        subject=rendered.subject,
        body=text,
        body_html=html,
        message_id=message_id,
        status=status,
        created_by_id=actor.user_id,
    )
    insert(letter)
    if channel == "email":
        outbox = OutboxMessage(
            letter=letter,
            to_address=complaint.customer_email,
            subject=rendered.subject,
            body=text,
            html_body=html,
            message_id=message_id,
        )
        insert(outbox)
        transaction.on_commit(_kick_outbox)
    return letter


# A process kicks the worker at most once per KICK_SECONDS, with a run that starts KICK_SECONDS later:
# every letter committed in between is in the database before that run claims its batch, so none waits
# for the periodic run, and a busy intake desk publishes one message a second instead of one per letter.
KICK_SECONDS = 1.0
_kicked_at = -KICK_SECONDS


def _kick_outbox() -> None:
    """Ask the worker to deliver what was just committed (coalesced: see KICK_SECONDS).

    The embedded broker is an SQLite file whose write lock web workers would queue on; there the
    scheduler's delivery run (every 10 s) picks the letters up instead.
    """
    global _kicked_at
    from redress.correspondence.tasks import outbox_deliver

    if settings.CELERY_BROKER_URL.startswith("sqla+") and not settings.CELERY_TASK_ALWAYS_EAGER:
        return
    now = time.monotonic()
    eager = settings.CELERY_TASK_ALWAYS_EAGER
    if not eager and now - _kicked_at < KICK_SECONDS:
        return  # the run that kick asked for has not started yet: it takes this letter too
    try:
        outbox_deliver.apply_async(countdown=KICK_SECONDS)
        if not eager:  # an eager run is already over: nothing to come that a next letter could join
            _kicked_at = now
    except Exception:  # the periodic run delivers it anyway
        log.warning("Could not queue outbox delivery now; the scheduler will retry.", exc_info=True)


def outbox_deliver(*, limit: int = 100, batches: int = 1) -> int:
    """Send the due messages, each SMTP connection reused for many (see _send_batch): up to `batches`
    batches of `limit`, the next one only while the last was full. Returns how many were sent."""
    total = 0
    for _batch in range(batches):
        claimed, sent = _deliver_batch(limit)
        total += sent
        if claimed < limit:
            break
    return total


def _deliver_batch(limit: int) -> tuple[int, int]:
    """One batch: (claimed, sent). It is claimed by one conditional UPDATE that stamps a token: a message
    another worker claimed (or sent) in the meantime is not in this batch, so nothing is sent twice."""
    now = timezone.now()
    claimable = Q(status=OutboxStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=OutboxStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT
    )
    due = list(OutboxMessage.objects.filter(claimable).order_by("id").values_list("id", flat=True)[:limit])
    if not due:
        return 0, 0
    token = secrets.token_hex(16)
    OutboxMessage.objects.filter(claimable, id__in=due).update(
        status=OutboxStatus.SENDING, claimed_at=timezone.now(), claim_token=token, attempts=F("attempts") + 1
    )
    batch = list(OutboxMessage.objects.filter(id__in=due, status=OutboxStatus.SENDING, claim_token=token))
    sent: list[OutboxMessage] = []
    for message, error in _send_batch(batch):
        if error is None:
            sent.append(message)
        else:
            _failed(message, error)
    if sent:
        done = timezone.now()
        OutboxMessage.objects.filter(id__in=[m.id for m in sent]).update(
            status=OutboxStatus.SENT, sent_at=done, last_error=""
        )
        Letter.objects.filter(id__in=[m.letter_id for m in sent if m.letter_id]).update(
            status=LetterStatus.SENT, sent_at=done
        )
    return len(due), len(sent)


def _send_batch(batch: list[OutboxMessage]) -> list[tuple[OutboxMessage, Exception | None]]:
    """Send over a few SMTP connections at once (each reused for its share of the batch).

    SMTP is a conversation of round trips: while the server answers one connection, another is
    being written. The threads only talk SMTP; the database is written by the caller.
    """
    if not batch:
        return []
    n = max(1, min(OUTBOX_CONNECTIONS, len(batch) // 10 or 1))
    if n == 1:
        return _send_over_one_connection(batch)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=n, thread_name_prefix="outbox") as pool:
        shares = list(pool.map(_send_over_one_connection, [batch[i::n] for i in range(n)]))
    return [result for share in shares for result in share]


def _send_over_one_connection(messages: list[OutboxMessage]) -> list[tuple[OutboxMessage, Exception | None]]:
    connection = get_connection()
    results: list[tuple[OutboxMessage, Exception | None]] = []
    try:
        for message in messages:
            try:
                connection.open()  # no-op while open; reopens after a failure closed it
                _email(message, connection).send()
            except Exception as exc:
                results.append((message, exc))
                connection.close()
            else:
                results.append((message, None))
    finally:
        connection.close()
    return results


def _email(message: OutboxMessage, connection: Any) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_address],
        connection=connection,
        headers={"Message-ID": message.message_id} if message.message_id else None,
    )
    if message.html_body:
        email.attach_alternative(message.html_body, "text/html")
    return email


def _failed(message: OutboxMessage, exc: Exception) -> None:
    """Try again later with backoff; after MAX_ATTEMPTS give up, and the letter shows "delivery failed"."""
    gave_up = message.attempts >= MAX_ATTEMPTS
    OutboxMessage.objects.filter(id=message.id).update(
        status=OutboxStatus.FAILED if gave_up else OutboxStatus.PENDING,
        next_attempt_at=timezone.now() + timedelta(seconds=30 * 2 ** min(message.attempts, 10)),
        last_error=f"{type(exc).__name__}: {exc}"[:500],
    )
    if gave_up and message.letter_id:
        Letter.objects.filter(id=message.letter_id).update(status=LetterStatus.FAILED)
    log.warning("Outbox message %s not delivered (attempt %s).", message.id, message.attempts)


def letter_retry(*, complaint: Complaint, letter_id: int) -> dict[str, Any]:
    """Queue a letter whose delivery failed once more (inside the action's transaction)."""
    letter = Letter.objects.filter(complaint=complaint, pk=letter_id).select_related("outbox").first()
    if letter is None:
        raise InvalidInput({"letter": [_("This complaint has no such letter.")]})
    outbox = getattr(letter, "outbox", None)
    if letter.status != LetterStatus.FAILED or outbox is None:
        raise Conflict(_("Only a letter whose email delivery failed can be sent again."), code="letter_not_failed")
    previous_error = outbox.last_error
    OutboxMessage.objects.filter(pk=outbox.pk).update(
        status=OutboxStatus.PENDING, attempts=0, next_attempt_at=timezone.now(), claim_token=""
    )
    Letter.objects.filter(pk=letter.pk).update(status=LetterStatus.QUEUED)
    transaction.on_commit(_kick_outbox)
    return {"letter": letter.pk, "kind": letter.kind, "last_error": previous_error}


def staff_email_queue(*, to: str, subject: str, body: str) -> OutboxMessage:
    """An email to a member of staff (alerts), delivered through the same outbox."""
    message = OutboxMessage.objects.create(to_address=to, subject=subject, body=body, message_id=_staff_message_id())
    transaction.on_commit(_kick_outbox)
    return message


def _staff_message_id() -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "redress.localhost"
    return f"<staff-{time.time_ns()}{secrets.randbelow(1000):03d}@{domain}>"


def letter_draft_for(*, complaint: Complaint, actor: Actor, kind: str | None = None) -> RenderedLetter:
    """The draft, for whoever may send it now (notify_customer; resolve_summarily for a summary letter)."""
    from redress.complaints import workflow
    from redress.complaints.selectors import complaint_subject
    from redress.core.errors import Forbidden

    action = "resolve_summarily" if kind == LetterKind.SUMMARY_RESOLUTION else "notify_customer"
    refusal = workflow.evaluate(action, complaint_subject(complaint), actor)
    if refusal is not None:
        error = Forbidden if refusal.kind == "forbidden" else Conflict
        raise error(refusal.detail, code=refusal.code)
    return letter_draft(complaint=complaint, kind=kind)
