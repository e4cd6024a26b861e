"""The pages of routing and the enquiry path: the duplicate banner, the side-by-side page (masked as elsewhere),
merging from the banner, converting to an enquiry and back, and a person's absence."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from redress.accounts.models import User
from redress.complaints.lifecycle import SAMPLE_CUSTOMER, register, walk
from redress.complaints.models import Complaint
from tests.pages.helpers import html

REASON = "客户询问信用卡年费标准，并非投诉。"


def pair(people: dict[str, User]) -> tuple[Complaint, Complaint]:
    first = register(by=people["intake"])
    second = register(by=people["intake"], description=first.description + "（再次来电）")
    return first, second


@pytest.mark.django_db
class TestDuplicateBanner:
    def test_the_banner_names_the_other_complaint_with_compare_and_merge(
        self, browser: Any, people: dict[str, User]
    ) -> None:
        first, second = pair(people)
        body = html(browser("manager").get(f"/complaints/{second.reference}/"))
        assert 'data-section="duplicates"' in body
        assert f'data-duplicate="{first.reference}"' in body
        assert f"/complaints/{second.reference}/duplicate/{first.reference}/" in body
        assert f'action="/complaints/{second.reference}/act/merge/"' in body
        assert f'name="merge-into" value="{first.reference}"' in body
        # The timeline says it in words, not as a raw key.
        assert "Possible duplicate of" in body

    def test_no_merge_button_for_a_role_that_may_not_merge(self, browser: Any, people: dict[str, User]) -> None:
        first, second = pair(people)
        body = html(browser("intake").get(f"/complaints/{second.reference}/"))
        assert f'data-duplicate="{first.reference}"' in body
        assert "/act/merge/" not in body

    def test_no_banner_without_a_duplicate(self, browser: Any, people: dict[str, User]) -> None:
        complaint = register(by=people["intake"])
        assert 'data-section="duplicates"' not in html(browser("manager").get(f"/complaints/{complaint.reference}/"))

    def test_merge_from_the_banner(self, browser: Any, people: dict[str, User]) -> None:
        first, second = pair(people)
        response = browser("manager").post(
            f"/complaints/{second.reference}/act/merge/", {"merge-into": first.reference}
        )
        assert response.status_code == 302
        second.refresh_from_db()
        assert (second.status, second.merged_into) == ("merged", first)


@pytest.mark.django_db
class TestSideBySide:
    def test_both_complaints_masked_for_a_masked_role(self, browser: Any, people: dict[str, User]) -> None:
        first, second = pair(people)
        response = browser("manager").get(f"/complaints/{second.reference}/duplicate/{first.reference}/")
        assert response.status_code == 200
        body = html(response)
        assert f'data-side="{first.reference}"' in body and f'data-side="{second.reference}"' in body
        assert first.description in body and "（再次来电）" in body
        assert "138****5678" in body
        for secret in (SAMPLE_CUSTOMER.phone, SAMPLE_CUSTOMER.email, SAMPLE_CUSTOMER.id_number, "建国路"):
            assert secret not in body
        assert f'data-merge="{second.reference}"' in body and f'data-merge="{first.reference}"' in body

    def test_in_full_for_compliance(self, browser: Any, people: dict[str, User]) -> None:
        first, second = pair(people)
        body = html(browser("compliance").get(f"/complaints/{second.reference}/duplicate/{first.reference}/"))
        assert SAMPLE_CUSTOMER.phone in body
        assert "/act/merge/" not in body  # compliance does not merge

    def test_only_linked_complaints_and_only_those_one_may_see(self, browser: Any, people: dict[str, User]) -> None:
        first, second = pair(people)
        other = register(by=people["intake"], description="网银转账失败，款项未到账，已三天。")
        assert browser("manager").get(f"/complaints/{other.reference}/duplicate/{first.reference}/").status_code == 404
        # A handler of another department sees neither.
        assert (
            browser("outsider").get(f"/complaints/{second.reference}/duplicate/{first.reference}/").status_code == 404
        )

    def test_merge_from_the_side_by_side_page(self, browser: Any, people: dict[str, User]) -> None:
        first, second = pair(people)
        response = browser("manager").post(
            f"/complaints/{first.reference}/act/merge/", {"merge-into": second.reference}
        )
        assert response.status_code == 302
        first.refresh_from_db()
        assert first.status == "merged"


@pytest.mark.django_db
class TestEnquiryPage:
    def test_the_page_converts_and_reopens(self, people: dict[str, User], browser: Any) -> None:
        complaint = walk(register(by=people["intake"]), "assigned", people)
        page = browser("handler").get(f"/complaints/{complaint.reference}/")
        body = page.content.decode()
        assert 'data-action="convert_to_enquiry"' in body
        assert "Not a complaint: answer as an enquiry" in body
        done = browser("handler").post(
            f"/complaints/{complaint.reference}/act/convert_to_enquiry/", {"convert_to_enquiry-reason": REASON}
        )
        assert done.status_code == 302
        page = browser("handler").get(f"/complaints/{complaint.reference}/").content.decode()
        assert "Not a complaint: answered as an enquiry" in page
        assert "Converted to an enquiry" in page
        assert 'data-action="reopen_as_complaint"' in page
        browser("handler").post(
            f"/complaints/{complaint.reference}/act/reopen_as_complaint/", {"reopen_as_complaint-reason": "是投诉"}
        )
        complaint.refresh_from_db()
        assert complaint.status == "assigned"


@pytest.mark.django_db
class TestAbsence:
    def test_a_person_sets_their_own_absence(self, browser: Any, people: dict[str, User]) -> None:
        client = browser("handler")
        assert client.get("/accounts/away/").status_code == 200
        response = client.post("/accounts/away/", {"away_from": "2026-12-20", "away_until": "2027-01-03"})
        assert response.status_code == 302
        handler = User.objects.get(username="handler")
        assert (handler.away_from, handler.away_until) == (date(2026, 12, 20), date(2027, 1, 3))
        assert handler.is_away(date(2027, 1, 3)) and not handler.is_away(date(2027, 1, 4))
        client.post("/accounts/away/", {"away_from": "", "away_until": ""})
        handler.refresh_from_db()
        assert handler.away_until is None

    def test_a_last_day_before_the_first_is_refused_naming_the_field(self, browser: Any) -> None:
        response = browser("handler").post("/accounts/away/", {"away_from": "2026-12-20", "away_until": "2026-12-10"})
        assert response.status_code == 400
        assert "The last day away is before the first." in html(response)
        assert User.objects.get(username="handler").away_until is None

    def test_a_manager_sets_their_department_and_no_one_else(self, browser: Any, people: dict[str, User]) -> None:
        client = browser("manager")
        team = html(client.get("/accounts/away/"))
        assert 'data-person="handler2"' in team and 'data-person="outsider"' not in team
        response = client.post("/accounts/away/handler2/", {"away_from": "", "away_until": "2026-12-31"})
        assert response.status_code == 302
        assert User.objects.get(username="handler2").away_until == date(2026, 12, 31)
        assert client.get("/accounts/away/outsider/").status_code == 404  # another department
        assert browser("handler").get("/accounts/away/handler2/").status_code == 404  # not a manager


@pytest.mark.django_db
class TestRoutingAdmin:
    def test_a_rule_is_added_in_the_admin_with_codes_from_the_tables(
        self, browser: Any, people: dict[str, User]
    ) -> None:
        from redress.accounts.models import Department
        from redress.complaints.models import RoutingRule

        client = browser("admin")
        assert client.get("/admin/complaints/routingrule/").status_code == 200
        assert client.get("/admin/complaints/routingrule/add/").status_code == 200
        cards = Department.objects.get(code="cards")
        form = {
            "name": "信用卡",
            "priority": "10",
            "business": "",
            "product": "信用卡",
            "jurisdiction": "",
            "channel": "phone",
            "department": str(cards.pk),
            "assign_handler": "on",
            "active": "on",
        }
        response = client.post("/admin/complaints/routingrule/add/", form)
        assert response.status_code == 302, html(response)[:3000]
        rule = RoutingRule.objects.get()
        assert (rule.product, rule.channel, rule.department) == ("credit_card", "phone", cards)
        bad = client.post("/admin/complaints/routingrule/add/", {**form, "product": "no such product"})
        assert bad.status_code == 200 and "is not a known" in html(bad)
        assert client.get("/admin/accounts/user/").status_code == 200
