"""From proposal to archive through the staff pages, in each of the three languages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from redress.complaints.models import Complaint
from tests.pages.helpers import html

pytestmark = pytest.mark.django_db

HEADINGS = {"en": "Resolution plan", "zh-hans": "处理方案", "zh-hant": "處理方案"}


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
def test_proposal_to_archive_through_the_pages(browser: Any, complaint_in: Any, language: str) -> None:
    complaint = complaint_in("investigating", language=language)
    base = f"/complaints/{complaint.reference}/"

    def post(who: str, action: str, fields: dict[str, str]) -> None:
        client = browser(who, language)
        response = client.post(f"{base}act/{action}/", {f"{action}-{k}": v for k, v in fields.items()})
        assert response.status_code == 302, (action, html(response)[-3000:])
        page = client.get(base)
        assert page.status_code == 200
        assert f'lang="{language}"' in html(page)

    post(
        "handler",
        "propose_resolution",
        {
            "reason": "pricing_fees",
            "root_cause": "staff_error",
            "outcome": "upheld",
            "summary": "核实重复扣费 / duplicate fee confirmed",
            "redress_0_type": "refund",
            "redress_0_amount": "200.00",
            "redress_0_currency": "CNY",
        },
    )
    assert HEADINGS[language] in html(browser("approver", language).get(base))
    post("approver", "approve_resolution", {"note": "OK"})
    post("handler", "notify_customer", {"channel": "email"})
    post("handler", "record_satisfaction", {"result": "satisfied", "score": "5"})
    Complaint.objects.filter(pk=complaint.pk).update(review_window_ends_at=timezone.now() - timedelta(minutes=1))
    post("compliance", "archive", {})
    complaint.refresh_from_db()
    assert complaint.status == "archived" and complaint.retain_until is not None
    letter = complaint.letters.get(kind="final_decision")
    assert letter.language == language
