"""The complaint page built around the next step: the header's primary actions by persona and state, the
section that matters first, the plan's redress rows (any number), the decision letter's preview (what is
sent, byte for byte), the triage panel in whole words."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest

from redress.complaints.models import Complaint
from redress.correspondence.models import OutboxMessage
from redress.triage.models import TriageSuggestion
from redress.triage.wording import whole_words
from tests.pages.helpers import html

pytestmark = pytest.mark.django_db


def url(complaint: Complaint, tail: str = "") -> str:
    return f"/complaints/{complaint.reference}/{tail}"


def primary(body: str) -> list[str]:
    """The header's next-step buttons, in order."""
    return re.findall(r'data-primary-action="([a-z_]+)"', body)


def section_ids(body: str) -> list[str]:
    """The main column's sections, in order (their headings' ids)."""
    main = body[body.index('class="primary"') : body.index('<aside class="actions"')]
    return re.findall(r'<section class="card[^"]*"[^>]*aria-labelledby="(h-[a-z_-]+)"', main)


@pytest.mark.parametrize(
    ("state", "persona", "expected"),
    [
        ("resolution_proposed", "approver", ["approve_resolution", "reject_resolution"]),
        ("resolution_approved", "handler", ["notify_customer"]),
        ("investigating", "handler", ["propose_resolution"]),
        ("assigned", "handler", ["start_investigation"]),
        ("received", "intake", ["triage"]),
        ("triaged", "manager", ["assign"]),
        ("resolution_proposed", "handler", []),  # waits for the approver: nothing in the header
        ("investigating", "auditor", []),
    ],
)
def test_the_header_offers_the_next_step_of_this_person(
    browser: Any, complaint_in: Any, state: str, persona: str, expected: list[str]
) -> None:
    complaint = complaint_in(state)
    body = html(browser(persona).get(url(complaint)))
    assert primary(body) == expected
    for name in expected:  # each button leads to its wide form in the main column, not to the side column
        main = body[body.index('class="primary"') : body.index('<aside class="actions"')]
        assert f'id="act-{name}"' in main
        side = body[body.index('<aside class="actions"') :]
        assert f'data-action="{name}"' not in side


def test_an_approver_sees_the_plan_first_then_the_approval(browser: Any, complaint_in: Any) -> None:
    body = html(browser("approver").get(url(complaint_in("resolution_proposed"))))
    order = section_ids(body)
    assert order[:3] == ["h-plan", "h-act-approve_resolution", "h-act-reject_resolution"]
    assert order.index("h-plan") < order.index("h-complaint") < order.index("h-registration")


def test_a_handler_about_to_notify_sees_the_letter_first_then_the_plan(browser: Any, complaint_in: Any) -> None:
    body = html(browser("handler").get(url(complaint_in("resolution_approved"))))
    order = section_ids(body)
    assert order[:2] == ["h-act-notify_customer", "h-plan"]
    assert 'data-preview="show"' in body


def test_a_new_complaint_opens_on_its_text_and_the_triage_panel(browser: Any, complaint_in: Any) -> None:
    body = html(browser("intake").get(url(complaint_in("received"))))
    assert section_ids(body)[:3] == ["h-complaint", "h-triage", "h-act-triage"]


# --- The plan's redress rows ---------------------------------------------------------------------------


def _plan(rows: int, **extra: str) -> dict[str, str]:
    data = {
        "propose_resolution-reason": "pricing_fees",
        "propose_resolution-root_cause": "staff_error",
        "propose_resolution-outcome": "upheld",
        "propose_resolution-summary": "核实重复扣费，予以退还。",
    }
    for i in range(rows):
        data |= {
            f"propose_resolution-redress_{i}_type": "refund",
            f"propose_resolution-redress_{i}_amount": f"{10 + i}.00",
            f"propose_resolution-redress_{i}_currency": "CNY",
            f"propose_resolution-redress_{i}_description": f"第{i + 1}笔",
        }
    return data | extra


def test_a_plan_takes_more_than_five_redress_rows(browser: Any, complaint_in: Any) -> None:
    complaint = complaint_in("investigating")
    client = browser("handler")
    response = client.post(url(complaint, "act/propose_resolution/"), _plan(8))
    assert response.status_code == 302, html(response)
    plan = complaint.plans.get()
    assert plan.items.count() == 8
    assert str(plan.total) == str(sum(10 + i for i in range(8))) + ".00"


def test_a_removed_row_leaves_a_gap_that_is_skipped(browser: Any, complaint_in: Any) -> None:
    complaint = complaint_in("investigating")
    data = {k: v for k, v in _plan(7).items() if "redress_3_" not in k}  # row 4 removed, the others kept
    response = browser("handler").post(url(complaint, "act/propose_resolution/"), data)
    assert response.status_code == 302, html(response)
    assert complaint.plans.get().items.count() == 6


def test_a_bad_row_beyond_the_fifth_is_a_400_naming_it(browser: Any, complaint_in: Any) -> None:
    complaint = complaint_in("investigating")
    data = _plan(7, **{"propose_resolution-redress_6_amount": "-3"})
    response = browser("handler").post(url(complaint, "act/propose_resolution/"), data)
    assert response.status_code == 400
    body = html(response)
    assert "Row 7, Amount" in body
    assert 'value="-3"' in body and "第6笔" in body  # nothing lost
    assert not complaint.plans.exists()


def test_the_form_starts_in_the_jurisdiction_currency_with_a_row_template(browser: Any, complaint_in: Any) -> None:
    complaint = complaint_in("investigating", jurisdiction="UK-FCA", language="en")
    body = html(browser("handler").get(url(complaint)))
    assert 'name="propose_resolution-redress_0_currency" value="GBP"' in body
    assert 'name="propose_resolution-redress___n___type"' in body  # the template the "Add a row" button copies
    assert "data-redress-add" in body and "complaint.js" in body


def test_revising_shows_every_item_of_the_plan_and_an_empty_row(browser: Any, complaint_in: Any) -> None:
    complaint = complaint_in("investigating")
    browser("handler").post(url(complaint, "act/propose_resolution/"), _plan(7))
    body = html(browser("handler").get(url(complaint)))
    assert 'name="revise_resolution-redress_6_amount" value="16.00"' in body
    assert 'name="revise_resolution-redress_7_amount"' in body
    assert 'name="revise_resolution-redress_8_amount"' not in body


# --- The letter's preview -------------------------------------------------------------------------------


def _text_part(page: str) -> str:
    found = re.search(r'data-preview="text">(.*?)</pre>', page, re.S)
    assert found is not None
    return unescape(found.group(1))


def _survey(text: str) -> str:
    return re.sub(r"/survey/[^/\s\"<]+/", "/survey/TOKEN/", text)


def test_the_preview_is_exactly_what_the_outbox_sends(browser: Any, complaint_in: Any) -> None:
    complaint = complaint_in("resolution_approved")
    client = browser("handler")
    form = html(client.get(url(complaint)))
    draft = re.search(r'name="notify_customer-letter"[^>]*>(.*?)</textarea>', form, re.S)
    assert draft is not None
    letter = unescape(draft.group(1)).strip() + "\n\n我行已于今日处理完毕。"
    posted = {"notify_customer-channel": "email", "notify_customer-letter": letter}
    letters_before = complaint.letters.count()
    page = client.post(url(complaint, "letter-preview/page/"), posted)
    assert page.status_code == 200
    assert "我行已于今日处理完毕。" in html(page)
    preview_html = client.post(url(complaint, "letter-preview/html/"), posted)
    assert preview_html["Content-Type"].startswith("text/html")
    preview_pdf = client.post(url(complaint, "letter-preview/pdf/"), posted)
    assert preview_pdf["Content-Type"] == "application/pdf"
    assert preview_pdf.content.startswith(b"%PDF")
    assert complaint.letters.count() == letters_before  # a preview keeps nothing
    shown = re.search(r'srcdoc="([^"]*)"', html(page))  # the page's frame shows that very HTML
    assert shown is not None and _survey(unescape(shown.group(1))) == _survey(preview_html.content.decode())

    response = client.post(url(complaint, "act/notify_customer/"), posted)
    assert response.status_code == 302, html(response)
    sent = OutboxMessage.objects.get(letter__complaint=complaint, letter__kind="final_decision")
    # Byte for byte, but for the survey's link: made when the letter is sent, its token is the survey's id
    # (PostgreSQL does not give back the id of the preview's survey, rolled back).
    assert _survey(sent.html_body) == _survey(preview_html.content.decode())
    assert _survey(sent.body) == _survey(_text_part(html(page)))
    assert sent.letter.body == sent.body
    assert "我行已于今日处理完毕。" in sent.body


def test_a_preview_of_a_letter_lacking_a_required_element_is_a_400(browser: Any, complaint_in: Any) -> None:
    complaint = complaint_in("resolution_approved")
    posted = {"notify_customer-channel": "email", "notify_customer-letter": "您好。"}
    response = browser("handler").post(url(complaint, "letter-preview/page/"), posted)
    assert response.status_code == 400
    assert "lacks required elements" in html(response)


def test_only_who_may_notify_gets_a_preview(browser: Any, complaint_in: Any) -> None:
    complaint = complaint_in("resolution_approved")
    assert browser("approver").post(url(complaint, "letter-preview/page/"), {}).status_code == 403
    assert browser("outsider").post(url(complaint, "letter-preview/page/"), {}).status_code == 404
    assert browser("handler").get(url(complaint, "letter-preview/page/")).status_code == 405


# --- The triage panel in whole words --------------------------------------------------------------------


def test_fragments_become_whole_words_chinese() -> None:
    text = "信用卡在國外被盜刷三筆，共新台幣45,000元，已於當日掛失，但經辦人處理不當。"
    shown = whole_words(["人处", "元", "已", "盗刷", "的"], text)
    assert "人處理不當" in shown or "經辦人處理不當" in shown
    assert "45,000元" in shown
    assert "已" not in shown and "的" not in shown
    assert all(len(word) > 1 for word in shown)


def test_fragments_become_whole_words_english() -> None:
    text = "I was charged three unarranged Overdraft fees in one week although my salary had been paid in."
    assert whole_words(["overdraft fees", "the", "#<ove", "salary", "to the"], text) == ["Overdraft fees", "salary"]


@pytest.mark.parametrize(
    ("description", "terms", "shown", "hidden"),
    [
        (
            "本人信用卡本月被重复收取年费两次，每次680元，经办人处理不当。",
            ["人处", "元", "已"],
            ["680元"],
            ["<q>元</q>", "<q>已</q>"],
        ),
        ("I was charged overdraft fees twice.", ["overdraft", "the"], ["<q>overdraft</q>"], ["<q>the</q>"]),
    ],
)
def test_the_panel_shows_whole_words(
    browser: Any, complaint_in: Any, description: str, terms: list[str], shown: list[str], hidden: list[str]
) -> None:
    complaint = complaint_in("received", description=description)
    suggestion = TriageSuggestion.objects.get(complaint=complaint)
    suggestion.explanation = {**(suggestion.explanation or {}), "terms": {"business": terms}}
    suggestion.save(update_fields=["explanation"])
    body = html(browser("manager").get(url(complaint)))
    panel = body[body.index("triage-reasons") :]
    panel = panel[: panel.index("</ul>")]
    for word in shown:
        assert word in panel
    for word in hidden:
        assert word not in panel


def test_a_rules_only_suggestion_says_so_once_a_model_is_in_use(browser: Any, complaint_in: Any) -> None:
    complaint = complaint_in("received")
    suggestion = TriageSuggestion.objects.get(complaint=complaint)
    suggestion.explanation = {**(suggestion.explanation or {}), "model": None}
    suggestion.save(update_fields=["explanation"])
    body = html(browser("manager").get(url(complaint)))  # the shipped model is in use now
    assert "Rules only: no triage model is in use." not in body
    assert "no triage model was ready when this complaint was registered" in body
