"""Load the demo: departments, one user per role, complaints in every stage of the lifecycle."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from redress.accounts.models import Role, User
from redress.accounts.personas import DEMO_LOGINS_FILE, PERSONAS, demo_logins_path, ensure_personas
from redress.analytics.volume_band import spikes_backfill
from redress.complaints.lifecycle import register, walk
from redress.complaints.services.registration import CustomerDetails
from redress.site.demo.cases import CASES, demo_payloads
from redress.site.demo.history import demo_history

LOGINS_FILE = DEMO_LOGINS_FILE


@transaction.atomic
def demo_load() -> str:
    """Create the demo and return its password (random per installation, kept under REDRESS_HOME)."""
    password = secrets.token_urlsafe(9)
    people = ensure_personas(password=password)
    for case in CASES:
        complaint = register(
            by=people["intake"],
            channel=case.channel,
            customer=CustomerDetails(name=case.name, phone=case.phone, email=case.email),
            description=case.description,
            desired_outcome=case.desired_outcome,
            product=case.product,
            business=case.business,
            jurisdiction=case.jurisdiction,
            language=case.language,
            received_at=timezone.now() - timedelta(days=case.days_ago or len(case.description) % 9),
        )
        codes = {"business": case.business, "product": case.product, "reason": case.reason}
        codes["root_cause"] = case.root_cause
        walk(complaint, case.goes_to, people, codes=codes, payloads=demo_payloads(case))
    demo_history(people["handler"])
    path = demo_logins_path()
    path.write_text(
        "".join(f"{p.username}\t{p.role}\t{password}\n" for p in PERSONAS if p.role != Role.ADMIN)
        + f"admin\tadmin\t{password}\n"
    )
    path.chmod(0o600)
    return password


def demo_spikes() -> None:
    """The dashboard's expected band and spike list over the demo's days, backfilled once as an installation
    with history would (`redress analytics spikes --from --to`)."""
    today = timezone.localdate()
    spikes_backfill(today - timedelta(days=14), today)


def demo_logins() -> str | None:
    path = demo_logins_path()
    if not path.exists() or not User.objects.filter(username="intake").exists():
        return None
    lines = [line.split("\t") for line in path.read_text().splitlines() if line]
    width = max(len(u) for u, _, _ in lines)
    purposes = {p.username: str(p.purpose) for p in PERSONAS}
    return "\n".join(f"  {u.ljust(width)}  {pw}  ({role}) {purposes.get(u, '')}".rstrip() for u, role, pw in lines)
