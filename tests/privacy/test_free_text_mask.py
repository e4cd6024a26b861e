"""`privacy.masking` for free text: one function per form (plain, HTML, JSON-like data), the complaint's own values
always caught, and a reader who may see personal data given the text as written."""

from __future__ import annotations

from types import SimpleNamespace

from django.template import Context, Template

from redress.privacy import masking
from redress.privacy.masking import (
    TextMask,
    known_of,
    mask_free_data,
    mask_free_html,
    mask_free_text,
    mask_letter_text,
    text_mask,
)

CUSTOMER = SimpleNamespace(
    customer_name="张三",
    customer_id_number="110101199003071234",
    customer_phone="13812345678",
    customer_email="zhang.san@example.com",
    customer_address="北京市朝阳区建国路88号",
)
KNOWN = known_of(CUSTOMER)


def test_known_values_are_the_customers_and_skip_blanks() -> None:
    assert dict(KNOWN) == {
        "name": "张三",
        "id_number": "110101199003071234",
        "phone": "13812345678",
        "email": "zhang.san@example.com",
        "address": "北京市朝阳区建国路88号",
    }
    assert known_of(SimpleNamespace(**{**vars(CUSTOMER), "customer_email": "  ", "customer_phone": None})) == (
        ("name", "张三"),
        ("id_number", "110101199003071234"),
        ("address", "北京市朝阳区建国路88号"),
    )


def test_the_customers_own_values_are_masked_however_written() -> None:
    # No rule finds a bare name or a phone written with odd spacing; the known values do.
    text = "张三 called from 138 1234 5678 about the fee"
    assert mask_free_text(text) != mask_free_text(text, KNOWN)
    assert mask_free_text(text, KNOWN) == "[person's name] called from [phone number] about the fee"


def test_what_the_rules_find_is_masked_without_known_values() -> None:
    shown = mask_free_text("Card 4111 1111 1111 1111, mail john.smith@example.co.uk; amount CNY 200.00 on 2026-11-03")
    assert shown == "Card [card number], mail [e-mail address]; amount CNY 200.00 on 2026-11-03"
    assert mask_free_text("") == "" and mask_free_text(None) == ""


def test_the_html_form_escapes_the_text_and_marks_the_labels() -> None:
    html = mask_free_html("<b>张三</b> & 13812345678", KNOWN)
    assert html == (
        '&lt;b&gt;<span class="pii-removed">[person&#x27;s name]</span>&lt;/b&gt; &amp; '
        '<span class="pii-removed">[phone number]</span>'
    )


def test_data_masks_texts_and_keeps_bookkeeping() -> None:
    data = {
        "from": "assigned",
        "to": "investigating",
        "sha256": "ab" * 32,
        "assignee": "handler",
        "text": "call 13812345678",
        "attachments": ["张三-statement.pdf", "notes.txt"],
        "size": 1234,
        "urgent": True,
        "nested": {"summary": "mail zhang.san@example.com"},
    }
    shown = mask_free_data(data, KNOWN)
    assert shown == {
        **data,
        "text": "call [phone number]",
        "attachments": ["[person's name]-statement.pdf", "notes.txt"],
        "nested": {"summary": "mail [e-mail address]"},
    }
    assert data["text"] == "call 13812345678"  # a copy


def test_a_mask_for_a_reader_who_may_see_it_shows_the_text_as_written() -> None:
    shown = text_mask(CUSTOMER, unmasked=True)
    assert not shown
    assert shown.text("张三 13812345678") == "张三 13812345678"
    assert shown.html("<张三>") == "&lt;张三&gt;"
    assert shown.data({"text": "张三"}) == {"text": "张三"}
    masked = text_mask(CUSTOMER, unmasked=False)
    assert masked and masked.known == KNOWN
    assert masked.text("张三") == "[person's name]"


def test_letters_keep_the_customer_recognisable_and_lose_the_rest() -> None:
    body = "尊敬的张三：您的联系人李明（电话13987654321）已告知我们。"
    shown = mask_letter_text(body, CUSTOMER)
    assert "张*" in shown and "13987654321" not in shown and "[phone number]" in shown and "[person's name]" in shown
    html = mask_letter_text("<p>尊敬的张三：电话13987654321</p>", CUSTOMER, html=True)
    assert html.startswith("<p>尊敬的张*") and "[phone number]</p>" in html


def test_a_long_text_is_scrubbed_once_per_version() -> None:
    masking._cache.clear()
    text = "请联系13987654321。" * 200
    first = mask_free_text(text, KNOWN)
    assert len(masking._cache) == 1
    assert mask_free_text(text, KNOWN) == first and len(masking._cache) == 1
    mask_free_text(text + "改", KNOWN)
    mask_free_text(text, ())  # other known values: another entry
    assert len(masking._cache) == 3
    mask_free_text("short 13987654321", KNOWN)  # short texts are not kept
    assert len(masking._cache) == 3


def test_the_template_filter_fails_closed_without_a_mask() -> None:
    template = Template("{% load privacy_ui %}{{ text|free_text:mask }}")
    text = "张三 <13812345678>"
    assert (
        template.render(Context({"text": text, "mask": text_mask(CUSTOMER, unmasked=True)}))
        == "张三 &lt;13812345678&gt;"
    )
    assert "13812345678" not in template.render(Context({"text": text, "mask": TextMask(known=KNOWN)}))
    assert "13812345678" not in template.render(Context({"text": text, "mask": None}))
