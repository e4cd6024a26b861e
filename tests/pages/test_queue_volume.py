"""The queue at volume, on the page: sorting, counts of the quick filters, saved views, bulk actions, export,
deadlines in each complaint's own time zone, and the board's internal targets."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from redress.audit.models import Event
from redress.complaints.models import Complaint, SavedView
from redress.deadlines.models import Clock
from tests.pages.helpers import html
from tests.pages.test_queue import references

pytestmark = pytest.mark.django_db


def quick_counts(response: Any) -> dict[str, int]:
    found = re.findall(r'data-quick="(\w+)">[^<]*<strong class="count">(\d+)</strong>', html(response))
    return {key: int(n) for key, n in found}


def next_query(response: Any) -> str | None:
    found = re.search(r'rel="next" href="\?([^"]+)"', html(response))
    return found.group(1).replace("&amp;", "&") if found else None


class TestSorting:
    def test_each_column_sorts_both_ways_and_pages_by_keyset(
        self, browser: Any, complaint_in: Any, settings: Any
    ) -> None:
        made = [complaint_in(state) for state in ("received", "assigned", "received", "triaged", "investigating")]
        client = browser("manager")
        by_reference = sorted(c.reference for c in made)
        assert references(client.get("/", {"f": "1", "sort": "reference"})) == by_reference
        assert references(client.get("/", {"f": "1", "sort": "-reference"})) == by_reference[::-1]
        by_status = [c.reference for c in sorted(made, key=lambda c: (c.status, c.id))]
        assert references(client.get("/", {"f": "1", "sort": "status"})) == by_status
        settings.REDRESS_QUEUE_PAGE_SIZE = 2
        for sort, expected in (("status", by_status), ("-received", [c.reference for c in made][::-1])):
            response = client.get("/", {"f": "1", "sort": sort})
            seen = references(response)
            while (query := next_query(response)) is not None:
                assert "after=" in query and "after_id=" in query and "OFFSET" not in query
                response = client.get("/?" + query)
                seen += references(response)
            assert seen == expected

    def test_the_header_links_toggle_the_order_and_mark_it(self, browser: Any, complaint_in: Any) -> None:
        complaint_in("received")
        body = html(browser("manager").get("/", {"f": "1", "sort": "reference"}))
        assert re.search(r'aria-sort="ascending"><a class="sort" href="\?[^"]*sort=-reference', body)
        assert 'href="?f=1&amp;sort=status"' in body or "sort=status" in body


class TestCounts:
    def test_each_quick_filter_is_counted_within_the_other_filters(
        self, browser: Any, complaint_in: Any, people: Any
    ) -> None:
        mine = complaint_in("assigned")  # the handler's
        overdue = complaint_in("received")
        complaint_in("received")
        closed = complaint_in("closed")
        Complaint.objects.filter(pk=overdue.pk).update(next_due_at=timezone.now() - timedelta(hours=1))
        Complaint.objects.filter(pk=closed.pk).update(next_due_at=timezone.now() - timedelta(hours=1))
        counts = quick_counts(browser("manager").get("/", {"f": "1"}))
        assert set(counts) == {"overdue", "today", "week", "mine", "unassigned"}
        assert (counts["overdue"], counts["mine"], counts["unassigned"]) == (1, 0, 2)  # the closed one: not counted
        assert quick_counts(browser("handler").get("/", {"f": "1"}))["mine"] == 1
        # The counts follow the other filters (here: a search for one complaint).
        counts = quick_counts(browser("manager").get("/", {"f": "1", "q": mine.reference}))
        assert counts["unassigned"] == 0 and counts["overdue"] == 0
        listed = references(browser("manager").get("/", {"f": "1", "assignee": "none"}))
        assert mine.reference not in listed and overdue.reference in listed


class TestSavedViews:
    def test_a_personal_view_is_its_owners_and_a_shared_one_everyones(self, browser: Any, people: Any) -> None:
        handler = browser("handler")
        response = handler.post("/complaints/views/", {"name": "Mine overdue", "query": "f=1&due=overdue&before=9"})
        assert response.status_code == 302
        view = SavedView.objects.get(name="Mine overdue")
        assert view.query == "f=1&due=overdue" and not view.shared
        assert "Mine overdue" in html(handler.get("/"))
        assert "Mine overdue" not in html(browser("handler2").get("/"))
        # Only managers share; a handler asking to is refused and nothing is saved.
        handler.post("/complaints/views/", {"name": "For all", "query": "f=1", "shared": "on"})
        assert not SavedView.objects.filter(name="For all").exists()
        browser("manager").post(
            "/complaints/views/", {"name": "Team unassigned", "query": "f=1&assignee=none", "shared": "on"}
        )
        shared = SavedView.objects.get(name="Team unassigned")
        assert shared.shared
        body = html(browser("handler2").get("/"))
        assert "Team unassigned" in body and 'href="?f=1&amp;assignee=none"' in body
        # Someone else's view is not theirs to delete.
        browser("handler2").post(f"/complaints/views/{shared.pk}/delete/")
        assert SavedView.objects.filter(pk=shared.pk).exists()
        browser("manager").post(f"/complaints/views/{shared.pk}/delete/")
        assert not SavedView.objects.filter(pk=shared.pk).exists()


class TestBulk:
    def test_one_refusal_is_listed_with_why_and_the_others_are_done(
        self, browser: Any, complaint_in: Any, people: Any
    ) -> None:
        first, second = complaint_in("triaged"), complaint_in("triaged")
        not_triaged = complaint_in("received")
        naming = complaint_in("triaged", named_staff=people["handler"])
        refs = [first.reference, not_triaged.reference, second.reference, naming.reference]
        response = browser("manager").post(
            "/complaints/bulk/", {"action": "assign", "assignee": "handler", "ref": refs}
        )
        assert response.status_code == 200
        body = html(response)
        failed = dict(re.findall(r'<tr data-reference="([^"]+)">.*?</td><td>([^<]+)</td>', body))
        assert set(failed) == {not_triaged.reference, naming.reference}
        assert "named in the complaint" in failed[naming.reference]
        assert failed[not_triaged.reference].strip()
        for complaint in (first, second):
            complaint.refresh_from_db()
            assert complaint.status == "assigned" and complaint.assignee == people["handler"]
            assert Event.objects.filter(complaint=complaint, kind="assign").exists()
        assert not Event.objects.filter(complaint=not_triaged, kind="assign").exists()

    def test_a_role_that_may_not_take_the_action_gets_every_one_refused(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("triaged")
        body = html(
            browser("handler").post(
                "/complaints/bulk/", {"action": "assign", "assignee": "handler", "ref": [complaint.reference]}
            )
        )
        assert f'data-reference="{complaint.reference}"' in body
        complaint.refresh_from_db()
        assert complaint.status == "triaged"

    def test_a_note_on_several_goes_on_each_timeline(self, browser: Any, complaint_in: Any) -> None:
        made = [complaint_in("assigned"), complaint_in("investigating")]
        browser("manager").post(
            "/complaints/bulk/", {"action": "add_note", "text": "批量备注", "ref": [c.reference for c in made]}
        )
        for complaint in made:
            assert Event.objects.get(complaint=complaint, kind="add_note").data["text"] == "批量备注"


def read_csv(response: Any) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


class TestExport:
    def test_csv_keeps_the_filters_masks_for_a_masked_role_and_not_for_compliance(
        self, browser: Any, complaint_in: Any
    ) -> None:
        complaint = complaint_in("assigned", description="客户来电，手机13900001111，要求退还年费。")
        complaint_in("closed")
        response = browser("manager").get("/complaints/export.csv", {"f": "1"})
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        rows = read_csv(response)
        assert rows[0][0] == "Reference" and [r[0] for r in rows[1:]] == [complaint.reference]
        row = dict(zip(rows[0], rows[1], strict=True))
        assert row["Customer"] == "张*" and "13900001111" not in row["Summary"] and row["Summary"]
        full = dict(zip(*read_csv(browser("compliance").get("/complaints/export.csv", {"f": "1"}))[:2], strict=True))
        assert full["Customer"] == "张三" and "13900001111" in full["Summary"]

    def test_export_respects_visibility(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("assigned")
        rows = read_csv(browser("outsider").get("/complaints/export.csv", {"f": "1", "status": "all"}))
        assert rows[1:] == [] and complaint.reference not in str(rows)

    def test_xlsx_holds_the_same_rows(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("assigned")
        response = browser("manager").get("/complaints/export.xlsx", {"f": "1"})
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
        rows = [list(r) for r in book.active.iter_rows(values_only=True)]
        assert rows[1][0] == complaint.reference and "张*" in rows[1]

    def test_the_queue_offers_the_export_with_its_filters(self, browser: Any) -> None:
        body = html(browser("manager").get("/", {"f": "1", "due": "overdue"}))
        assert 'href="/complaints/export.csv?f=1&amp;due=overdue"' in body.replace(
            "due=overdue&amp;f=1", "f=1&amp;due=overdue"
        )


class TestTimeZones:
    def test_a_uk_deadline_reads_in_london_time_in_the_queue_as_on_the_page(
        self, browser: Any, complaint_in: Any
    ) -> None:
        complaint = complaint_in("assigned", jurisdiction="UK-FCA")
        complaint.refresh_from_db()
        london = timezone.localtime(complaint.next_due_at, timezone=__import__("zoneinfo").ZoneInfo("Europe/London"))
        shown = london.strftime("%Y-%m-%d %H:%M")
        client = browser("manager")
        queue = html(client.get("/"))
        assert f'<time datetime="{london.isoformat()}">{shown}</time>' in queue
        assert "Europe/London" in queue
        page = html(client.get(f"/complaints/{complaint.reference}/"))
        assert shown in page


class TestBoardTargets:
    def test_breached_internal_targets_count_on_the_board(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("received")
        internal = Clock.objects.filter(complaint=complaint, regulatory=False)
        assert internal.exists()
        internal.update(due_at=timezone.now() - timedelta(hours=2), state="breached")
        Complaint.objects.filter(pk=complaint.pk).update(next_due_at=timezone.now() + timedelta(days=30))
        body = html(browser("manager").get("/deadlines/board/"))
        targets = body[body.index('data-board="targets"') :]
        assert "No open internal target" not in targets
        first = re.search(r'<td class="num overdue">(\d+)</td>', targets)
        assert first is not None and int(first.group(1)) == internal.count()


def test_the_api_board_counts_internal_targets(api: Any, complaint_in: Any) -> None:
    complaint = complaint_in("received")
    Clock.objects.filter(complaint=complaint, regulatory=False).update(due_at=timezone.now() - timedelta(hours=2))
    board = api("manager").get("/api/v1/deadlines/board/").json()
    assert sum(row["overdue"] for row in board["targets_by_department"]) >= 1


def test_the_summary_hides_the_customers_name_and_numbers_from_a_masked_reader(browser: Any, complaint_in: Any) -> None:
    complaint_in("assigned", description="我是张三，手机13900001111，信用卡年费被重复扣取，要求退还。")
    masked = html(browser("manager").get("/"))
    assert "张三" not in masked and "13900001111" not in masked and "信用卡年费被重复扣取" in masked
    whole = html(browser("compliance").get("/", {"f": "1"}))
    assert "我是张三，手机13900001111" in whole
