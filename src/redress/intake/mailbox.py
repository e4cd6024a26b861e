"""Polling an IMAP mailbox: each message is handed to `process_message` and marked only after it committed."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings

from redress.intake.adapters.email import process_message

if TYPE_CHECKING:  # imap_tools loads when a mailbox is polled, not in every web process at start
    from imap_tools import BaseMailBox

log = logging.getLogger(__name__)


@dataclass
class FetchReport:
    seen: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)

    def count(self, status: str) -> None:
        self.seen += 1
        self.outcomes[status] = self.outcomes.get(status, 0) + 1


@dataclass(frozen=True)
class ImapSettings:
    host: str
    port: int
    tls: str  # ssl, starttls, none
    user: str
    password: str
    folder: str = "INBOX"
    done_folder: str = ""

    @classmethod
    def from_settings(cls) -> ImapSettings:
        return cls(
            host=settings.REDRESS_IMAP_HOST,
            port=settings.REDRESS_IMAP_PORT,
            tls=settings.REDRESS_IMAP_TLS,
            user=settings.REDRESS_IMAP_USER,
            password=settings.REDRESS_IMAP_PASSWORD,
            folder=settings.REDRESS_IMAP_FOLDER,
            done_folder=settings.REDRESS_IMAP_DONE_FOLDER,
        )


def connect(cfg: ImapSettings) -> BaseMailBox:
    from imap_tools import MailBox, MailBoxStartTls, MailBoxUnencrypted

    box: BaseMailBox
    if cfg.tls == "ssl":
        box = MailBox(cfg.host, cfg.port, timeout=60)
    elif cfg.tls == "starttls":
        box = MailBoxStartTls(cfg.host, cfg.port, timeout=60)
    elif cfg.tls == "none":
        box = MailBoxUnencrypted(cfg.host, cfg.port, timeout=60)
    else:
        raise ValueError(f"REDRESS_IMAP_TLS must be ssl, starttls or none, not {cfg.tls!r}.")
    return box.login(cfg.user, cfg.password, initial_folder=cfg.folder)


def _raw(box: BaseMailBox, uid: str) -> bytes | None:
    """The exact bytes of one message, without setting \\Seen (BODY.PEEK)."""
    typ, data = box.client.uid("FETCH", uid, "(BODY.PEEK[])")
    if typ != "OK":
        return None
    for item in data:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
            return item[1]
    return None


def mail_fetch(cfg: ImapSettings | None = None, *, limit: int = 500, fail_after: Any = None) -> FetchReport:
    """Process the unseen messages of the folder, oldest first.

    A message is marked (\\Seen, or moved to the done folder) only after `process_message`
    returned, i.e. after its complaint, reply or quarantine entry committed. A crash in between
    leaves it unseen; the next run processes it again and its Message-ID makes that a no-op.
    `fail_after` is a test hook called after each message has committed and before it is marked.
    """
    from imap_tools import AND, MailMessageFlags

    cfg = cfg or ImapSettings.from_settings()
    report = FetchReport()
    with connect(cfg) as box:
        uids = box.uids(AND(seen=False))[:limit]
        for uid in uids:
            raw = _raw(box, uid)
            if raw is None:
                continue
            outcome = process_message(raw)  # commits, or raises when even quarantine failed (then: unmarked)
            report.count(outcome.status)
            if fail_after is not None:
                fail_after(outcome)
            if cfg.done_folder:
                box.move(uid, cfg.done_folder)
            else:
                box.flag(uid, MailMessageFlags.SEEN, True)
    if report.seen:
        log.info("mail-fetch: %s", report.outcomes)
    return report
