from __future__ import annotations

from celery import shared_task

from redress.intake.mailbox import mail_fetch as fetch


@shared_task(ignore_result=True)
def mail_fetch() -> int:
    """Poll the mailbox named by REDRESS_IMAP_* (scheduled by beat when REDRESS_IMAP_HOST is set)."""
    return fetch().seen
