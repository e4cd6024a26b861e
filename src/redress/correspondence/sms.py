"""Text messages to customers: a backend chosen by setting, a row per message, delivered at most once.

`REDRESS_SMS_BACKEND` is the dotted path of a backend class:

- `redress.correspondence.sms.LogBackend` (the default): sends nothing; logs the number masked and the
  length of the text (never the text: it may hold a tracking code).
- `redress.correspondence.sms.HttpGatewayBackend`: POSTs JSON {"to", "text", "reference"} to
  `REDRESS_SMS_GATEWAY_URL` with `Authorization: Bearer REDRESS_SMS_GATEWAY_TOKEN`; a 5xx answer or a
  network error is tried again (`REDRESS_SMS_GATEWAY_ATTEMPTS`), a 4xx is not; the last error is kept
  on the message.

`services.sms_queue` writes the message in the caller's transaction and, after the commit, kicks the worker
(like the outbox's e-mails: the web request never waits on the gateway). The worker's delivery run
(`tasks.outbox_deliver`, also run by the scheduler) hands each pending message to the backend once: it is
claimed first (pending → sending, one process wins), and a claimed message is never sent again.
"""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from redress.correspondence.models import SmsMessage, SmsStatus
from redress.privacy.masking import mask_phone

log = logging.getLogger(__name__)


class SmsError(Exception):
    """The message could not be sent; `retry` says whether trying again may help."""

    def __init__(self, message: str, *, retry: bool = True) -> None:
        super().__init__(message)
        self.retry = retry


class SmsBackend(Protocol):
    def send(self, *, to: str, text: str, reference: str) -> str:
        """Send one message; returns the gateway's id (may be empty). Raises SmsError."""
        ...


class LogBackend:
    """Sends nothing: logs that a message would go, the number masked."""

    def send(self, *, to: str, text: str, reference: str) -> str:
        log.info("SMS to %s for %s (%d characters) logged, not sent.", mask_phone(to), reference, len(text))
        return ""


class HttpGatewayBackend:
    """POST the message as JSON to an HTTP gateway, with a bearer token; retries 5xx and network errors."""

    def __init__(self) -> None:
        self.url = settings.REDRESS_SMS_GATEWAY_URL
        self.token = settings.REDRESS_SMS_GATEWAY_TOKEN
        self.attempts = max(1, settings.REDRESS_SMS_GATEWAY_ATTEMPTS)
        self.timeout = settings.REDRESS_SMS_GATEWAY_TIMEOUT

    def send(self, *, to: str, text: str, reference: str) -> str:
        if not self.url:
            raise SmsError("REDRESS_SMS_GATEWAY_URL is not set.", retry=False)
        body = json.dumps({"to": to, "text": text, "reference": reference}).encode()
        error = SmsError("not tried")
        for attempt in range(self.attempts):
            if attempt:
                time.sleep(min(0.2 * 2**attempt, 2.0))
            request = urllib.request.Request(  # noqa: S310 (an https/http URL from the settings)
                self.url,
                data=body,
                method="POST",
                headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"},
            )
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                    answer = response.read(4096)
                try:
                    return str(json.loads(answer or b"{}").get("id", ""))[:100]
                except (ValueError, AttributeError):
                    return ""
            except urllib.error.HTTPError as exc:
                error = SmsError(f"HTTP {exc.code} from the gateway", retry=exc.code >= 500)
            except (urllib.error.URLError, OSError) as exc:
                error = SmsError(f"gateway unreachable: {exc}"[:300])
            if not error.retry:
                break
        raise error


def sms_backend() -> SmsBackend:
    backend: SmsBackend = import_string(settings.REDRESS_SMS_BACKEND)()
    return backend


def sms_deliver(pk: int) -> str:
    """Hand a pending message to the backend, at most once: only the process that claims it sends it."""
    claimed = SmsMessage.objects.filter(pk=pk, status=SmsStatus.PENDING).update(status=SmsStatus.SENDING, attempts=1)
    if not claimed:
        return ""
    message = SmsMessage.objects.select_related("complaint").get(pk=pk)
    reference = message.complaint.reference if message.complaint else ""
    try:
        sms_backend().send(to=message.to_number, text=message.body, reference=reference)
    except Exception as exc:  # a backend error of any kind is kept on the message, never lost in a log
        error = str(exc)[:500] or exc.__class__.__name__
        SmsMessage.objects.filter(pk=pk).update(status=SmsStatus.FAILED, last_error=error)
        log.warning("SMS %s for %s failed: %s", pk, reference, error)
        return SmsStatus.FAILED
    SmsMessage.objects.filter(pk=pk).update(status=SmsStatus.SENT, sent_at=timezone.now(), last_error="")
    return SmsStatus.SENT


def sms_deliver_pending(*, limit: int = 100) -> int:
    """Deliver the pending messages, oldest first, each at most once (see `sms_deliver`). Returns how many were sent."""
    due = list(SmsMessage.objects.filter(status=SmsStatus.PENDING).order_by("id").values_list("id", flat=True)[:limit])
    return sum(1 for pk in due if sms_deliver(pk) == SmsStatus.SENT)
