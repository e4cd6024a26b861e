"""The case library in Chinese. These need the translation catalogue compiled with the casebook's messages."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_compiled_catalogue_the_removed_data_is_named_in_chinese(
    closed_complaint: Any, mark: Any, browser: Any
) -> None:
    case = mark(closed_complaint())
    hans = browser("handler", "zh-hans").get(f"/casebook/cases/{case.pk}/").content.decode()
    assert "[电话号码]" in hans and "案例库" in hans and "确认我已阅读" in hans
    hant = browser("handler", "zh-hant").get(f"/casebook/cases/{case.pk}/").content.decode()
    assert "[電話號碼]" in hant and "案例庫" in hant


def test_compiled_catalogue_guides_in_the_readers_language(browser: Any) -> None:
    assert "如何与情绪激动的客户沟通" in browser("handler", "zh-hans").get("/casebook/guides/").content.decode()
    assert "如何與情緒激動的客戶溝通" in browser("handler", "zh-hant").get("/casebook/guides/").content.decode()
    assert "Speaking to an angry customer" in browser("handler", "en").get("/casebook/guides/").content.decode()
