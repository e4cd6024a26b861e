from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from redress.complaints.lifecycle import SAMPLE_CUSTOMER, act
from tests.pages.helpers import html


def references(response: Any) -> list[str]:
    return re.findall(r'class="ref" href="/complaints/([A-Z0-9-]+)/"', html(response))


@pytest.mark.django_db
class TestQueue:
    def test_a_handler_sees_the_open_complaints_assigned_to_them(self, browser: Any, complaint_in: Any) -> None:
        mine = complaint_in("assigned")
        unassigned = complaint_in("received")
        response = browser("handler").get("/")
        assert response.status_code == 200
        assert references(response) == [mine.reference]
        assert unassigned.reference not in html(response)

    def test_a_handler_of_another_department_sees_none_of_them(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("assigned")
        client = browser("outsider")
        assert complaint.reference not in html(client.get("/"))
        assert complaint.reference not in html(client.get("/", {"f": "1", "status": "all"}))

    def test_a_colleague_in_the_department_sees_it_when_not_only_their_own(
        self, browser: Any, complaint_in: Any
    ) -> None:
        complaint = complaint_in("assigned")
        client = browser("handler2")
        assert references(client.get("/")) == []
        assert references(client.get("/", {"f": "1"})) == [complaint.reference]

    def test_a_manager_sees_all_open_complaints_but_not_closed_ones(self, browser: Any, complaint_in: Any) -> None:
        received = complaint_in("received")
        assigned = complaint_in("assigned")
        closed = complaint_in("closed")
        client = browser("manager")
        assert references(client.get("/")) == [assigned.reference, received.reference]
        assert closed.reference in references(client.get("/", {"f": "1", "status": "all"}))
        assert references(client.get("/", {"f": "1", "status": "closed"})) == [closed.reference]

    def test_filters_by_text_and_by_exact_customer_data(self, browser: Any, complaint_in: Any, people: Any) -> None:
        other_customer = SAMPLE_CUSTOMER.__class__(name="李四", phone="13900001111")
        first = complaint_in("received")
        second = complaint_in("received", customer=other_customer, description="网银转账失败，手续费未退回")
        client = browser("intake")
        assert references(client.get("/", {"f": "1", "q": "手续费"})) == [second.reference]
        assert references(client.get("/", {"f": "1", "q": first.reference})) == [first.reference]
        assert references(client.get("/", {"f": "1", "customer": "139 0000 1111"})) == [second.reference]
        assert references(client.get("/", {"f": "1", "customer": SAMPLE_CUSTOMER.email})) == [first.reference]

    def test_the_assigned_to_me_toggle(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("assigned")
        client = browser("manager")
        assert references(client.get("/", {"f": "1", "mine": "on"})) == []
        assert references(client.get("/", {"f": "1"})) == [complaint.reference]

    def test_rows_show_translated_status_masked_customer_and_assignee(self, browser: Any, complaint_in: Any) -> None:
        complaint_in("assigned")
        body = html(browser("handler").get("/"))
        assert "Assigned" in body
        assert "张*" in body
        assert "张三" not in body
        assert "李娜" in body
        assert "Phone" in body  # channel label

    def test_urgent_complaints_carry_a_badge(self, browser: Any, complaint_in: Any, people: Any) -> None:
        complaint = complaint_in("received")
        act(complaint, "triage", by=people["intake"], payload={"urgent": True})
        assert 'class="badge urgent"' in html(browser("manager").get("/"))

    def test_keyset_pagination_without_counting(self, browser: Any, complaint_in: Any, settings: Any) -> None:
        settings.REDRESS_QUEUE_PAGE_SIZE = 2
        made = [complaint_in("received").reference for _ in range(5)]
        newest_first = list(reversed(made))
        client = browser("manager")
        with CaptureQueriesContext(connection) as queries:
            first = client.get("/")
        # The pages are not counted (no COUNT, no OFFSET); the one COUNT is the quick filters' aggregate.
        counting = [q["sql"].upper() for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
        assert len(counting) == 1 and counting[0].count("COUNT(") == 5
        assert not any("OFFSET" in q["sql"].upper() for q in queries.captured_queries)
        assert references(first) == newest_first[:2]
        next_link = re.search(r'rel="next" href="\?([^"]+)"', html(first))
        assert next_link is not None
        query = next_link.group(1).replace("&amp;", "&")
        assert "before=" in query
        second = client.get("/?" + query)
        assert references(second) == newest_first[2:4]
        third_link = re.search(r'rel="next" href="\?([^"]+)"', html(second))
        assert third_link is not None
        third = client.get("/?" + third_link.group(1).replace("&amp;", "&"))
        assert references(third) == newest_first[4:]
        assert 'rel="next"' not in html(third)

    def test_a_bad_before_is_ignored(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("received")
        assert references(browser("manager").get("/", {"before": "x"})) == [complaint.reference]

    def test_an_approver_starts_with_the_plans_awaiting_approval(self, browser: Any, complaint_in: Any) -> None:
        proposed = complaint_in("resolution_proposed")
        complaint_in("assigned")
        assert references(browser("approver").get("/")) == [proposed.reference]

    def test_the_filter_form_keeps_its_values(self, browser: Any) -> None:
        body = html(browser("manager").get("/", {"f": "1", "q": "年费", "status": "investigating"}))
        assert 'value="年费"' in body
        assert '<option value="investigating" selected>' in body

    def test_an_unknown_status_is_ignored(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("received")
        response = browser("manager").get("/", {"f": "1", "status": "nonsense", "q": complaint.reference})
        assert response.status_code == 200
        assert references(response) == [complaint.reference]


@pytest.mark.django_db
def test_urgent_open_complaints_jump_the_queue(browser: Any, complaint_in: Any) -> None:
    from redress.complaints.models import Complaint

    urgent = complaint_in("received")
    Complaint.objects.filter(pk=urgent.pk).update(urgent=True)
    newer = [complaint_in("received") for _ in range(3)]
    page = html(browser("manager").get("/"))
    first = page.index("urgent-first")
    assert page.index(urgent.reference, first) < page.index(newer[-1].reference)
    assert page.count(f">{urgent.reference}</a>") == 2  # pinned first, and in its place in the list
    later = html(browser("manager").get(f"/?f=1&before={newer[0].pk}"))
    assert "urgent-first" not in later  # only on the first page


@pytest.mark.django_db
def test_the_page_reads_the_same_number_of_times_however_many_rows(browser: Any, complaint_in: Any) -> None:
    from redress.complaints.models import Complaint

    client = browser("manager")
    complaint_in("assigned")
    client.get("/")  # sessions, caches
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    made = [complaint_in("assigned") for _ in range(6)]
    Complaint.objects.filter(pk__in=[c.pk for c in made[:3]]).update(urgent=True)
    with CaptureQueriesContext(connection) as many:
        page = html(client.get("/"))
    assert len(references_in(page)) == 7 + 3  # three pinned first, listed again below
    assert len(many.captured_queries) <= len(few.captured_queries) + 1  # + the urgent pin's own query


@pytest.mark.django_db
def test_a_row_shows_when_it_was_received_in_the_page_time_zone(browser: Any, complaint_in: Any) -> None:
    from django.utils import timezone

    complaint = complaint_in("assigned")
    local = timezone.localtime(complaint.received_at)
    page = html(browser("handler").get("/"))
    assert f'<time datetime="{local.isoformat()}">{local:%Y-%m-%d %H:%M}</time>' in page


def references_in(page: str) -> list[str]:
    return re.findall(r'class="ref" href="/complaints/([A-Z0-9-]+)/"', page)
