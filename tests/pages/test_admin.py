from __future__ import annotations

from typing import Any

import pytest

from redress.complaints.lifecycle import SAMPLE_CUSTOMER
from tests.pages.helpers import html

CHANGELISTS = [
    "complaints/complaint",
    "complaints/resolutionplan",
    "complaints/approvaltier",
    "correspondence/letter",
    "correspondence/outboxmessage",
    "audit/event",
    "audit/checkpoint",
]


@pytest.mark.django_db
class TestAdmin:
    @pytest.mark.parametrize("model", CHANGELISTS)
    def test_changelists_load_for_the_admin(self, browser: Any, complaint_in: Any, model: str) -> None:
        complaint_in("customer_notified")
        from redress.audit.services import checkpoint_create

        checkpoint_create()
        response = browser("admin").get(f"/admin/{model}/")
        assert response.status_code == 200

    def test_the_complaint_list_and_page_show_no_personal_data(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("assigned")
        client = browser("admin")
        listing = html(client.get("/admin/complaints/complaint/", {"q": complaint.reference}))
        assert complaint.reference in listing
        view = client.get(f"/admin/complaints/complaint/{complaint.pk}/change/")
        assert view.status_code == 200
        for secret in (
            SAMPLE_CUSTOMER.name,
            SAMPLE_CUSTOMER.phone,
            SAMPLE_CUSTOMER.email,
            SAMPLE_CUSTOMER.id_number,
        ):
            assert secret not in html(view)

    @pytest.mark.parametrize(
        "model",
        ["complaints/complaint", "correspondence/letter", "audit/event", "audit/checkpoint"],
    )
    def test_records_cannot_be_added(self, browser: Any, model: str) -> None:
        assert browser("admin").get(f"/admin/{model}/add/").status_code == 403

    def test_records_cannot_be_deleted(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("customer_notified")
        client = browser("admin")
        assert client.get(f"/admin/complaints/complaint/{complaint.pk}/delete/").status_code == 403
        letter = complaint.letters.first()
        assert letter is not None
        assert client.get(f"/admin/correspondence/letter/{letter.pk}/delete/").status_code == 403
        event = complaint.events.first()
        assert event is not None
        assert client.get(f"/admin/audit/event/{event.pk}/delete/").status_code == 403

    def test_a_plan_shows_its_items_and_approvals(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("resolution_approved")
        plan = complaint.plans.get()
        body = html(browser("admin").get(f"/admin/complaints/resolutionplan/{plan.pk}/change/"))
        assert "200.00" in body
        assert "同意" in body

    def test_approval_tiers_are_editable(self, browser: Any) -> None:
        assert browser("admin").get("/admin/complaints/approvaltier/add/").status_code == 200
