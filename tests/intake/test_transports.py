from __future__ import annotations

import os
import smtplib
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from imap_tools import AND, MailBoxUnencrypted

from redress.complaints.models import Complaint
from redress.intake import gateway
from redress.intake.mailbox import ImapSettings, mail_fetch
from redress.intake.models import InboundMessage
from tests.intake import corpus
from tests.intake.dovecot import Dovecot, dovecot_binary, free_port, start_dovecot

# CI sets REDRESS_REQUIRE_DOVECOT=1: there a missing Dovecot fails these tests instead of skipping them.
needs_dovecot = pytest.mark.skipif(
    dovecot_binary() is None and not os.environ.get("REDRESS_REQUIRE_DOVECOT"),
    reason="Dovecot is not installed (apt-get install -y dovecot-imapd)",
)


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    server = start_dovecot()
    yield server
    server.stop()


@pytest.fixture
def imap(dovecot: Dovecot) -> Iterator[ImapSettings]:
    cfg = ImapSettings(host=dovecot.host, port=dovecot.port, tls="none", user=dovecot.user, password=dovecot.password)
    with MailBoxUnencrypted(dovecot.host, dovecot.port).login(dovecot.user, dovecot.password) as box:
        for folder in ("INBOX", "Processed"):
            if box.folder.exists(folder):
                box.folder.set(folder)
                if box.uids():
                    box.delete(box.uids())
        if not box.folder.exists("Processed"):
            box.folder.create("Processed")
    yield cfg


def append(cfg: ImapSettings, *messages: bytes) -> None:
    with MailBoxUnencrypted(cfg.host, cfg.port).login(cfg.user, cfg.password) as box:
        for raw in messages:
            box.append(raw, "INBOX", flag_set=())


def unseen(cfg: ImapSettings, folder: str = "INBOX") -> int:
    with MailBoxUnencrypted(cfg.host, cfg.port).login(cfg.user, cfg.password, initial_folder=folder) as box:
        return len(box.uids(AND(seen=False)))


def count(cfg: ImapSettings, folder: str) -> int:
    with MailBoxUnencrypted(cfg.host, cfg.port).login(cfg.user, cfg.password, initial_folder=folder) as box:
        return len(box.uids())


@pytest.mark.slow
@needs_dovecot
@pytest.mark.django_db
def test_mail_fetch_processes_and_marks_each_message(imap: ImapSettings) -> None:
    append(imap, corpus.GB2312_BASE64, corpus.AUTO_REPLIES["auto-submitted"], corpus.NO_SENDER, corpus.BIG5)
    report = mail_fetch(imap)
    assert report.seen == 4
    assert report.outcomes == {"created": 2, "auto_reply": 1, "quarantined": 1}
    assert Complaint.objects.filter(channel="email").count() == 2
    assert bytes(InboundMessage.objects.get(message_id="<big5-1@mail.example.tw>").raw) == corpus.BIG5
    assert unseen(imap) == 0
    assert mail_fetch(imap).seen == 0  # nothing left


@pytest.mark.slow
@needs_dovecot
@pytest.mark.django_db
def test_a_crash_mid_batch_loses_nothing_and_duplicates_nothing(imap: ImapSettings) -> None:
    append(imap, corpus.GB2312_BASE64, corpus.BIG5, corpus.HTML_ONLY)
    calls = []

    def crash_on_second(outcome: Any) -> None:
        calls.append(outcome)
        if len(calls) == 2:
            raise ConnectionResetError("worker killed after commit, before marking")

    with pytest.raises(ConnectionResetError):
        mail_fetch(imap, fail_after=crash_on_second)
    assert Complaint.objects.count() == 2  # the second committed, but was not marked
    assert unseen(imap) == 2
    report = mail_fetch(imap)
    assert report.outcomes == {"duplicate": 1, "created": 1}
    assert Complaint.objects.count() == 3
    assert unseen(imap) == 0


@pytest.mark.slow
@needs_dovecot
@pytest.mark.django_db
def test_processed_mail_can_be_moved_to_a_folder(imap: ImapSettings) -> None:
    append(imap, corpus.GB18030_QP)
    moved = ImapSettings(**{**imap.__dict__, "done_folder": "Processed"})
    assert mail_fetch(moved).outcomes == {"created": 1}
    assert count(imap, "INBOX") == 0 and count(imap, "Processed") == 1


@pytest.mark.slow
@needs_dovecot
@pytest.mark.django_db
def test_the_mail_fetch_command(imap: ImapSettings, settings: Any) -> None:
    settings.REDRESS_IMAP_HOST = imap.host
    settings.REDRESS_IMAP_PORT = imap.port
    settings.REDRESS_IMAP_TLS = "none"
    settings.REDRESS_IMAP_USER = imap.user
    settings.REDRESS_IMAP_PASSWORD = imap.password
    append(imap, corpus.WRONG_CHARSET)
    out = StringIO()
    call_command("mail_fetch", stdout=out)
    assert "1 message(s): created 1" in out.getvalue()


# --- The SMTP gateway ------------------------------------------------------------------------


@pytest.fixture
def smtp_gateway() -> Iterator[tuple[str, int]]:
    port = free_port()
    controller = gateway.gateway_controller("127.0.0.1", port, workers=2)
    controller.start()
    yield "127.0.0.1", port
    controller.stop()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the seeded deadline policies
def test_the_gateway_registers_mail_sent_over_smtp(smtp_gateway: tuple[str, int]) -> None:
    with smtplib.SMTP(*smtp_gateway, timeout=30) as smtp:
        smtp.sendmail("wang.xm@example.cn", ["complaints@bank.example"], corpus.GB2312_BASE64)
        smtp.sendmail("wang.xm@example.cn", ["complaints@bank.example"], corpus.GB2312_BASE64)  # again
        smtp.sendmail("lin.mh@example.tw", ["complaints@bank.example"], corpus.BIG5)
        code, _msg = smtp.noop()
    assert code == 250
    assert list(InboundMessage.objects.values_list("status", "error")) == [("processed", "")] * 2
    assert Complaint.objects.filter(channel="email").count() == 2
    big5 = InboundMessage.objects.get(message_id="<big5-1@mail.example.tw>")
    assert corpus.BIG5.split(b"\r\n\r\n", 1)[1] in bytes(big5.raw)  # the 8-bit body, byte for byte
    assert big5.complaint is not None and big5.complaint.language == "zh-hant"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the seeded deadline policies
def test_the_gateway_answers_451_when_it_cannot_store(
    smtp_gateway: tuple[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(raw: bytes) -> Any:
        raise ConnectionError("database is down")

    monkeypatch.setattr(gateway, "_process", down)
    with smtplib.SMTP(*smtp_gateway, timeout=30) as smtp, pytest.raises(smtplib.SMTPDataError) as refused:
        smtp.sendmail("wang.xm@example.cn", ["complaints@bank.example"], corpus.GB2312_BASE64)
    assert refused.value.smtp_code == 451
    assert Complaint.objects.count() == 0


def test_the_mail_fetch_task_is_known_to_celery() -> None:
    from redress.config.celery import app

    app.loader.import_default_modules()  # as the worker does when it starts
    assert "redress.intake.tasks.mail_fetch" in app.tasks
