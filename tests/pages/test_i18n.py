from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from tests.pages.helpers import html


@pytest.mark.django_db
class TestLanguages:
    def test_simplified_chinese(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("assigned")
        client = browser("handler")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
        queue = html(client.get("/"))
        assert 'lang="zh-hans"' in queue
        assert "已分派" in queue  # the status label
        assert "我的队列" in queue
        assert "电话" in queue  # the channel
        body = html(client.get(f"/complaints/{complaint.reference}/"))
        assert "开始调查" in body  # the action
        assert "时间线" in body
        assert "投诉已登记" in body  # the timeline

    def test_traditional_chinese(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("assigned")
        client = browser("handler")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hant"
        queue = html(client.get("/"))
        assert "已分派" in queue
        assert "我的佇列" in queue
        body = html(client.get(f"/complaints/{complaint.reference}/"))
        assert "開始調查" in body
        assert "投訴已登記" in body

    def test_the_browser_language_is_followed(self, browser: Any, complaint_in: Any) -> None:
        complaint_in("received")
        body = html(browser("manager", language="zh-CN,zh;q=0.9").get("/"))
        assert "已登记" in body

    def test_the_switcher_sets_the_language(self, browser: Any) -> None:
        client = browser("manager")
        response = client.post("/i18n/setlang/", {"language": "zh-hant", "next": "/"})
        assert response.status_code == 302
        assert "我的佇列" in html(client.get("/"))
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        assert "My queue" in html(client.get("/"))

    def test_errors_are_translated(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("triaged")
        client = browser("manager")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
        response = client.post(f"/complaints/{complaint.reference}/act/triage/", {"triage-is_complaint": "on"})
        assert response.status_code == 409
        assert "当前状态" in html(response)

    def test_the_sign_in_page_in_chinese(self, client: Any) -> None:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
        assert "登录" in html(client.get("/login/"))
