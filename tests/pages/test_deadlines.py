"""Deadlines on the staff pages: the complaint's clocks, the queue by due date, the board, notifications."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from redress.complaints.lifecycle import register, walk
from redress.complaints.models import Complaint
from redress.deadlines.models import Clock
from redress.deadlines.sweep import sweep
from redress.notifications.models import Notification
from tests.pages.helpers import action_urls, counting, html
from tests.pages.test_queue import references


def received(days_ago: int, **extra: Any) -> Any:
    """A complaint received `days_ago` days ago (the CN-NFRA decision clock: 15 calendar days)."""
    return {"received_at": timezone.now() - timedelta(days=days_ago), **extra}


def local_due(complaint: Complaint, kind: str = "decision") -> str:
    clock = Clock.objects.get(complaint=complaint, kind=kind)
    return timezone.localtime(clock.due_at).strftime("%Y-%m-%d %H:%M")


def next_link(response: Any) -> str | None:
    found = re.search(r'rel="next" href="\?([^"]+)"', html(response))
    return found.group(1).replace("&amp;", "&") if found else None


@pytest.mark.django_db
class TestDeadlinesPanel:
    def test_the_complaint_page_lists_its_clocks_with_due_date_and_state(self, browser: Any, people: Any) -> None:
        complaint = walk(register(by=people["intake"], **received(3)), "assigned", people)
        body = html(browser("handler").get(f"/complaints/{complaint.reference}/"))
        panel = body[body.index('id="deadlines"') :]
        panel = panel[: panel.index("</section>")]
        row = re.search(r'<tr data-clock="decision" data-state="running">(.*?)</tr>', panel, re.S)
        assert row is not None
        decision = row.group(1)
        assert "Decision / final response" in decision
        assert "Regulatory" in decision
        assert ">running<" in decision
        assert local_due(complaint) in decision  # 2026-… 23:59 in the policy's zone
        assert "Asia/Shanghai" in decision
        assert "12 days left" in decision
        assert "15 calendar days" in decision
        # The internal targets are there too, marked as such; the met assignment clock shows when.
        assert 'data-clock="assignment"' in panel and "Internal" in panel
        assert "Next deadline" in body

    def test_an_overdue_clock_says_by_how_much_and_turns_breached_after_the_sweep(
        self, browser: Any, people: Any
    ) -> None:
        complaint = walk(register(by=people["intake"], **received(20)), "assigned", people)
        client = browser("handler")
        body = html(client.get(f"/complaints/{complaint.reference}/"))
        assert "overdue by 5 days" in body
        sweep()
        body = html(client.get(f"/complaints/{complaint.reference}/"))
        assert 'data-clock="decision" data-state="breached"' in body
        assert 'class="badge clock-breached">breached<' in body
        assert "overdue by 5 days" in body

    def test_the_extension_action_says_what_it_does(self, browser: Any, people: Any) -> None:
        complaint = walk(register(by=people["intake"]), "investigating", people)
        response = browser("manager").get(f"/complaints/{complaint.reference}/")
        assert "extend_deadline" in action_urls(response)
        body = html(response)
        assert "Extend the deadline (next step of the policy)" in body
        assert "Decision / final response extended to 30 calendar days in total, approved by Manager" in body

    def test_extending_moves_the_due_date_on_the_page(self, browser: Any, people: Any) -> None:
        complaint = walk(register(by=people["intake"]), "investigating", people)
        before = local_due(complaint)
        client = browser("manager")
        response = client.post(
            f"/complaints/{complaint.reference}/act/extend_deadline/",
            {"extend_deadline-reason": "案情复杂，需调取多方记录"},
        )
        assert response.status_code == 302
        body = html(client.get(f"/complaints/{complaint.reference}/"))
        after = local_due(complaint)
        assert after != before and after in body
        assert "30 calendar days" in body


@pytest.mark.django_db
class TestQueueByDueDate:
    def test_the_overdue_filter_and_the_due_sort(self, browser: Any, people: Any) -> None:
        late = register(by=people["intake"], **received(20))
        today = register(by=people["intake"], **received(15))
        soon = register(by=people["intake"], **received(12))
        fresh = register(by=people["intake"])
        closed = walk(register(by=people["intake"], **received(30)), "closed", people)
        client = browser("manager")
        assert references(client.get("/", {"f": "1", "due": "overdue"})) == [late.reference]
        assert references(client.get("/", {"f": "1", "due": "today"})) == [today.reference]
        assert references(client.get("/", {"f": "1", "due": "week"})) == [soon.reference, today.reference]
        by_due = client.get("/", {"f": "1", "sort": "due"})
        assert references(by_due) == [late.reference, today.reference, soon.reference, fresh.reference]
        assert closed.reference not in html(by_due)
        # Newest first stays the default.
        assert references(client.get("/", {"f": "1"})) == [
            fresh.reference,
            soon.reference,
            today.reference,
            late.reference,
        ]

    def test_the_due_column_shows_the_local_due_time_and_days_left_red_when_overdue(
        self, browser: Any, people: Any
    ) -> None:
        late = register(by=people["intake"], **received(20))
        fresh = register(by=people["intake"])
        body = html(browser("manager").get("/", {"f": "1", "sort": "due"}))
        assert ">Due<" in body
        assert local_due(late) in body and local_due(fresh) in body
        assert re.search(r'class="due-cell overdue">.*?overdue by 5 days', body, re.S)
        assert "15 days left" in body

    def test_the_quick_filters_and_the_order_are_offered_and_kept(self, browser: Any) -> None:
        body = html(browser("manager").get("/", {"f": "1", "due": "overdue", "sort": "due"}))
        for label in ("Overdue", "Due today", "Due this week", "Newest first", "Due soonest"):
            assert label in body
        assert re.search(r'<input type="radio" name="due" value="overdue"[^>]*checked', body)
        assert re.search(r'<input type="radio" name="sort" value="due"[^>]*checked', body)

    def test_keyset_pages_in_due_order_without_counting(self, browser: Any, people: Any, settings: Any) -> None:
        settings.REDRESS_QUEUE_PAGE_SIZE = 2
        # Two complaints share a due date: the id breaks the tie.
        made = [register(by=people["intake"], **received(days)) for days in (2, 9, 9, 5, 14)]
        expected = [c.reference for c in sorted(made, key=lambda c: (c.next_due_at, c.pk))]
        client = browser("manager")
        with CaptureQueriesContext(connection) as queries:
            first = client.get("/", {"f": "1", "sort": "due"})
        assert not counting(queries)
        seen = references(first)
        query = next_link(first)
        while query is not None:
            assert "after=" in query and "after_id=" in query and "before=" not in query
            page = client.get("/?" + query)
            seen += references(page)
            query = next_link(page)
        assert seen == expected

    def test_a_bad_keyset_is_ignored(self, browser: Any, people: Any) -> None:
        complaint = register(by=people["intake"])
        client = browser("manager")
        for bad in ({"after_due": "x", "after_id": "1"}, {"after_due": "2026-01-01T00:00:00", "after_id": "x"}):
            assert references(client.get("/", {"f": "1", "sort": "due", **bad})) == [complaint.reference]


@pytest.mark.django_db
class TestBoard:
    def test_the_board_counts_by_department_and_handler_and_links_to_the_queue(self, browser: Any, people: Any) -> None:
        late = walk(register(by=people["intake"], **received(20)), "assigned", people)
        walk(register(by=people["intake"], **received(12)), "assigned", people)
        register(by=people["intake"], **received(16))  # overdue, not assigned yet
        client = browser("manager")
        response = client.get("/deadlines/board/")
        assert response.status_code == 200
        body = html(response)
        assert "Deadline board" in body
        cards = re.search(r'<tr data-row="cards">(.*?)</tr>', body, re.S)
        assert cards is not None
        assert "Card centre" in cards.group(1)
        cells = re.findall(r'<td class="num[^"]*">(.*?)</td>', cards.group(1))
        assert [re.sub(r"<[^>]+>", "", c) for c in cells] == ["1", "0", "1"]
        link = re.search(r'href="(/\?f=1&amp;due=overdue&amp;department=cards)"', cards.group(1))
        assert link is not None
        assert references(client.get(link.group(1).replace("&amp;", "&"))) == [late.reference]
        handler = re.search(r'<tr data-row="handler">(.*?)</tr>', body, re.S)
        assert handler is not None and "李娜 (handler)" in handler.group(1)
        handler_link = re.search(r'href="(/\?f=1&amp;due=overdue&amp;assignee=handler)"', handler.group(1))
        assert handler_link is not None
        drilled = client.get(handler_link.group(1).replace("&amp;", "&"))
        assert references(drilled) == [late.reference]
        assert 'data-filter="assignee"' in html(drilled)  # the narrowing is shown and can be removed
        # The unassigned complaint is counted (no department, no handler) and in the total.
        assert "Not assigned" in body and "No department yet" in body
        assert re.search(r'<a href="/\?f=1&amp;due=overdue">2</a>', body)

    def test_the_board_is_refused_to_a_handler_and_missing_from_their_nav(self, browser: Any) -> None:
        client = browser("handler")
        response = client.get("/deadlines/board/")
        assert response.status_code == 403
        assert 'href="/deadlines/board/"' not in html(client.get("/"))
        assert 'href="/deadlines/board/"' in html(browser("manager").get("/"))
        assert browser("compliance").get("/deadlines/board/").status_code == 200
        assert browser("admin").get("/deadlines/board/").status_code == 200

    def test_signed_out_people_are_sent_to_sign_in(self, browser: Any) -> None:
        for path in ("/deadlines/board/", "/notifications/"):
            response = browser(None).get(path)
            assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.django_db
class TestNotifications:
    def test_the_header_counts_unread_and_the_list_links_to_the_complaint(self, browser: Any, people: Any) -> None:
        complaint = register(by=people["intake"])
        for kind in ("deadline_warning", "deadline_breached"):
            Notification.objects.create(
                user=people["handler"],
                complaint=complaint,
                kind=kind,
                message=f"{complaint.reference}: decision deadline",
            )
        Notification.objects.create(user=people["handler2"], complaint=complaint, kind="deadline_warning", message="x")
        client = browser("handler")
        with CaptureQueriesContext(connection) as queries:
            queue = html(client.get("/"))
        assert not counting(queries)
        assert 'data-unread="2"' in queue
        body = html(client.get("/notifications/"))
        assert body.count('class="notification unread"') == 2
        assert f'href="/complaints/{complaint.reference}/#deadlines"' in body
        assert "Deadline passed" in body and "Deadline approaching" in body
        assert "Decision / final response" in body
        assert body.index("Deadline passed") < body.index("Deadline approaching")  # newest first

    def test_mark_all_read(self, browser: Any, people: Any) -> None:
        complaint = register(by=people["intake"])
        Notification.objects.create(user=people["handler"], complaint=complaint, kind="deadline_warning", message="x")
        other = Notification.objects.create(
            user=people["handler2"], complaint=complaint, kind="deadline_warning", message="x"
        )
        client = browser("handler")
        assert client.get("/notifications/read/").status_code == 405
        response = client.post("/notifications/read/")
        assert response.status_code == 302 and response["Location"] == "/notifications/"
        assert not Notification.objects.filter(user=people["handler"], read_at__isnull=True).exists()
        other.refresh_from_db()
        assert other.read_at is None
        body = html(client.get("/notifications/"))
        assert "data-unread" not in body
        assert 'class="notification unread"' not in body and 'class="notification"' in body

    def test_the_sweep_fills_the_list(self, browser: Any, people: Any) -> None:
        late = walk(register(by=people["intake"], **received(20)), "assigned", people)
        sweep()
        body = html(browser("handler").get("/notifications/"))
        assert late.reference in body and "Deadline passed" in body
        assert 'data-unread="' in body


@pytest.mark.django_db
class TestEvidenceDownload:
    def upload(self, browser: Any, complaint: Complaint, name: str = "statement.pdf") -> int:
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")
        response = browser("handler").post(f"/complaints/{complaint.reference}/evidence/", {"evidence-file": upload})
        assert response.status_code == 302
        (evidence,) = [e for e in complaint.evidence.all() if e.original_name == name]  # encrypted: read, not looked up
        return int(evidence.pk)

    def test_the_assignee_downloads_the_file_under_its_name(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("investigating")
        pk = self.upload(browser, complaint)
        client = browser("handler")
        page = html(client.get(f"/complaints/{complaint.reference}/"))
        url = f"/complaints/{complaint.reference}/evidence/{pk}/"
        assert f'href="{url}"' in page
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="statement.pdf"'
        assert "no-store" in response["Cache-Control"]
        assert b"".join(response.streaming_content) == b"%PDF-1.4 test"

    def test_a_chinese_file_name_survives(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("investigating")
        pk = self.upload(browser, complaint, "对账单.pdf")
        response = browser("handler").get(f"/complaints/{complaint.reference}/evidence/{pk}/")
        assert response.status_code == 200
        assert "filename*=utf-8''%E5%AF%B9%E8%B4%A6%E5%8D%95.pdf" in response["Content-Disposition"]

    def test_an_outsider_gets_a_404_and_ids_do_not_cross_complaints(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("investigating")
        pk = self.upload(browser, complaint)
        assert browser("outsider").get(f"/complaints/{complaint.reference}/evidence/{pk}/").status_code == 404
        other = complaint_in("assigned")
        assert browser("manager").get(f"/complaints/{other.reference}/evidence/{pk}/").status_code == 404
        assert browser("compliance").get(f"/complaints/{complaint.reference}/evidence/{pk}/").status_code == 200
        # the auditor sees personal data masked: a PDF, whose personal data cannot be masked, is refused
        refused = browser("auditor").get(f"/complaints/{complaint.reference}/evidence/{pk}/")
        assert refused.status_code == 403 and refused.json()["error"] == "evidence_masked"


@pytest.mark.django_db
class TestDeadlinePagesInChinese:
    @pytest.mark.parametrize(
        ("language", "words"),
        [
            ("zh-hans", ["期限看板", "按部门", "按经办人", "已超时", "今日到期", "一周内到期", "信用卡中心"]),
            ("zh-hant", ["期限看板", "按部門", "按經辦人", "已超時", "今日到期", "一週內到期", "信用卡中心"]),
        ],
    )
    def test_the_board(self, browser: Any, people: Any, language: str, words: list[str]) -> None:
        walk(register(by=people["intake"], **received(20)), "assigned", people)
        client = browser("manager")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        body = html(client.get("/deadlines/board/"))
        assert f'lang="{language}"' in body
        for word in words:
            assert word in body, word

    @pytest.mark.parametrize(
        ("language", "words"),
        [
            (
                "zh-hans",
                ["处理时限", "处理决定／最终答复", "监管要求", "计时中", "剩余 12 天", "15 个自然日", "已用延期"],
            ),
            (
                "zh-hant",
                ["處理時限", "處理決定／最終答覆", "監管要求", "計時中", "剩餘 12 天", "15 個日曆日", "已用延期"],
            ),
        ],
    )
    def test_the_deadlines_panel(self, browser: Any, people: Any, language: str, words: list[str]) -> None:
        complaint = walk(register(by=people["intake"], **received(3)), "assigned", people)
        client = browser("handler")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        body = html(client.get(f"/complaints/{complaint.reference}/"))
        for word in words:
            assert word in body, word

    @pytest.mark.parametrize(
        ("language", "words"),
        [
            ("zh-hans", ["到期", "已超时 5 天", "按到期先后", "最新优先", "通知"]),
            ("zh-hant", ["到期", "已超時 5 天", "按到期先後", "最新優先", "通知"]),
        ],
    )
    def test_the_queue_and_notifications(self, browser: Any, people: Any, language: str, words: list[str]) -> None:
        late = walk(register(by=people["intake"], **received(20)), "assigned", people)
        sweep()
        client = browser("handler")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        body = html(client.get("/", {"f": "1", "sort": "due"}))
        for word in words:
            assert word in body, word
        notices = html(client.get("/notifications/"))
        assert late.reference in notices
        assert ("期限已过" if language == "zh-hans" else "期限已過") in notices


def test_the_complaint_page_offers_compliance_the_record_as_a_zip(people: dict[str, Any]) -> None:
    from django.test import Client

    from redress.complaints.lifecycle import register

    complaint = register(by=people["intake"])
    client = Client(enforce_csrf_checks=False)
    client.force_login(people["compliance"])
    page = client.get(f"/complaints/{complaint.reference}/").content.decode()
    assert f"/api/v1/complaints/{complaint.reference}/export/" in page
    response = client.post(f"/api/v1/complaints/{complaint.reference}/export/", {"reason": "监管调阅"})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    client.force_login(people["intake"])
    assert "/export/" not in client.get(f"/complaints/{complaint.reference}/").content.decode()
