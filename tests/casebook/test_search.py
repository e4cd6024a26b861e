"""The library is searched by business line, reason, outcome (codes, chosen by their labels) and words."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(closed_complaint: Any, mark: Any) -> dict[str, int]:
    cards = mark(closed_complaint(business="bank_card", reason="pricing_fees"), lesson="年费批处理要查重。")
    loans = mark(
        closed_complaint(business="loan", reason="debt_collection", outcome="not_upheld", words="催收电话过多"),
        lesson="Collection calls: keep to the agreed hours.",
    )
    return {"cards": cards.pk, "loans": loans.pk}


def ids(api: Any, **query: str) -> set[int]:
    answer = api("handler").get("/api/v1/casebook/cases/", query)
    assert answer.status_code == 200
    return {row["id"] for row in answer.json()["results"]}


def test_it_filters_by_codes(cases: dict[str, int], api: Any) -> None:
    assert ids(api) == set(cases.values())
    assert ids(api, business="loan") == {cases["loans"]}
    assert ids(api, reason="pricing_fees") == {cases["cards"]}
    assert ids(api, outcome="not_upheld") == {cases["loans"]}
    assert ids(api, outcome="upheld,not_upheld") == set(cases.values())
    assert ids(api, business="loan", outcome="upheld") == set()


def test_it_finds_words_in_the_lesson_and_the_texts(cases: dict[str, int], api: Any) -> None:
    assert ids(api, q="agreed hours") == {cases["loans"]}  # the lesson
    assert ids(api, q="催收电话") == {cases["loans"]}  # what happened
    assert ids(api, q="年费") == set(cases.values())  # both descriptions
    assert ids(api, q="nothing like this") == set()


def test_the_page_offers_labels_and_filters(cases: dict[str, int], browser: Any) -> None:
    client = browser("handler")
    page = client.get("/casebook/").content.decode()
    assert '<option value="loan">Loans</option>' in page  # codes chosen by their labels
    assert '<option value="not_upheld">Not upheld</option>' in page
    found = client.get("/casebook/", {"business": "loan", "q": "hours"}).content.decode()
    assert f'href="/casebook/cases/{cases["loans"]}/"' in found
    assert f'href="/casebook/cases/{cases["cards"]}/"' not in found
    row = found.split('class="queue-table"')[1]
    assert "debt_collection" not in row and "<td>Debt collection methods</td>" in row  # labels, never codes


def test_the_page_is_cut_into_pages(cases: dict[str, int], browser: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr("redress.casebook.views.pages.PAGE_SIZE", 1)
    client = browser("handler")
    first = client.get("/casebook/", {"q": "年费"}).content.decode()
    assert first.count('href="/casebook/cases/') == 1 and "Page 1 of 2" in first
    assert "q=%E5%B9%B4%E8%B4%B9&amp;page=2" in first  # the search is kept
    second = client.get("/casebook/", {"q": "年费", "page": 2}).content.decode()
    assert second.count('href="/casebook/cases/') == 1 and "Page 2 of 2" in second
