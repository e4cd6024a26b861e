from __future__ import annotations

from typing import Any

import pytest

from redress.audit.models import Event
from redress.complaints.api.serializers import ComplaintOut
from redress.complaints.models import Complaint, Evidence
from redress.correspondence.models import Letter, OutboxMessage
from redress.intake.adapters import email as email_adapter
from redress.intake.adapters.email import decode_bytes, inbound_discard, inbound_retry, process_message
from redress.intake.models import InboundMessage, PossibleDuplicate
from tests.api_shape import assert_shape
from tests.intake import corpus

pytestmark = pytest.mark.django_db


ORIGINAL = "original-message.eml"


def complaint_of(outcome: Any) -> Complaint:
    assert outcome.status == "created", outcome
    return Complaint.objects.get(reference=outcome.reference)


def test_utf8_mail_becomes_an_email_complaint_with_an_acknowledgement_by_email() -> None:
    raw = corpus.simple(message_id="<first@mail.example.cn>")
    complaint = complaint_of(process_message(raw))
    assert complaint.channel == "email"
    assert complaint.customer_name == "Zhang San"
    assert complaint.customer_email == "zhang.san@example.cn"
    assert "年费本月被扣了两次" in complaint.description and "信用卡年费重复扣取" in complaint.description
    assert complaint.language == "zh-hans"
    letter = Letter.objects.get(complaint=complaint, kind="acknowledgement")
    assert letter.channel == "email" and letter.language == "zh-hans"
    assert OutboxMessage.objects.get(letter=letter).to_address == "zhang.san@example.cn"
    stored = InboundMessage.objects.get(message_id="<first@mail.example.cn>")
    assert bytes(stored.raw) == raw and stored.status == "processed" and stored.complaint == complaint


def test_gb2312_base64_with_encoded_words() -> None:
    complaint = complaint_of(process_message(corpus.GB2312_BASE64))
    assert complaint.customer_name == "王小明"
    assert complaint.description.startswith("网银转账失败但已扣款")
    assert "账户已经扣款" in complaint.description


def test_gb18030_quoted_printable() -> None:
    complaint = complaint_of(process_message(corpus.GB18030_QP))
    assert "理财产品赎回延迟" in complaint.description
    assert "㐀 扩展字也要能读" in complaint.description


def test_big5_is_read_and_answered_in_traditional_chinese() -> None:
    complaint = complaint_of(process_message(corpus.BIG5))
    assert complaint.customer_name == "林美華"
    assert "國外被盜刷三筆" in complaint.description and "信用卡被盜刷" in complaint.description
    assert complaint.language == "zh-hant"
    assert Letter.objects.get(complaint=complaint).language == "zh-hant"


def test_html_only_mail_becomes_text() -> None:
    complaint = complaint_of(process_message(corpus.HTML_ONLY))
    assert "taken twice this month & I am" in complaint.description.replace("\n", " ")
    assert "£812.40" in complaint.description
    assert "<" not in complaint.description and "alert" not in complaint.description
    assert "color:red" not in complaint.description
    assert complaint.language == "en"


def test_a_wrong_declared_charset_falls_back_without_crashing() -> None:
    complaint = complaint_of(process_message(corpus.WRONG_CHARSET))
    assert "贷款利率与合同约定不符" in complaint.description


def test_an_unknown_charset_and_raw_8bit_header() -> None:
    complaint = complaint_of(process_message(corpus.UNKNOWN_CHARSET))
    assert "ATM 吞卡" in complaint.description and "吞了我的银行卡" in complaint.description


@pytest.mark.parametrize(
    ("data", "declared", "expected"),
    [
        ("中文".encode("gb18030"), "utf-8", "中文"),
        ("中文".encode(), "gb2312", "中文"),
        ("繁體".encode("big5"), None, "繁體"),
        (b"\xff\xfe\xfd", "utf-8", None),
    ],
)
def test_decode_bytes_never_raises(data: bytes, declared: str | None, expected: str | None) -> None:
    text = decode_bytes(data, declared)
    assert isinstance(text, str)
    if expected:
        assert text == expected


@pytest.mark.parametrize("kind", sorted(corpus.AUTO_REPLIES))
def test_auto_replies_create_no_complaint(kind: str) -> None:
    outcome = process_message(corpus.AUTO_REPLIES[kind])
    assert outcome.status == "auto_reply"
    assert Complaint.objects.count() == 0
    assert InboundMessage.objects.get().status == "discarded"


def test_auto_submitted_no_is_a_person() -> None:
    assert process_message(corpus.NOT_AUTO).status == "created"


def test_bounces_create_no_complaint() -> None:
    assert process_message(corpus.BOUNCE).status == "auto_reply"
    assert Complaint.objects.count() == 0


def test_the_same_message_id_twice_is_one_complaint() -> None:
    raw = corpus.simple(message_id="<twice@mail.example.cn>")
    first = process_message(raw)
    again = process_message(raw)
    assert first.status == "created" and again.status == "duplicate"
    assert again.reference == first.reference
    assert Complaint.objects.count() == 1


def test_a_reply_by_message_id_from_the_customer_threads_onto_the_complaint() -> None:
    complaint = complaint_of(process_message(corpus.simple(message_id="<orig@mail.example.cn>")))
    reply = corpus.simple(
        message_id="<reply-1@mail.example.cn>",
        sender="ZHANG.SAN@example.cn",
        subject="Re: 补充材料",
        body="补充一下：第二次扣款发生在11月3日。",
        extra=[("In-Reply-To", "<orig@mail.example.cn>"), ("References", "<orig@mail.example.cn>")],
    )
    outcome = process_message(reply)
    assert outcome.status == "threaded" and outcome.reference == complaint.reference
    assert Complaint.objects.count() == 1
    event = Event.objects.get(complaint=complaint, kind="customer_message")
    assert "11月3日" in event.data["text"] and event.actor_kind == "customer"


def test_a_reply_quoting_the_reference_in_the_subject_threads() -> None:
    complaint = complaint_of(process_message(corpus.simple(message_id="<orig2@mail.example.cn>")))
    reply = corpus.simple(
        message_id="<reply-2@mail.example.cn>", subject=f"回复：我们已收到您的投诉 {complaint.reference}", body="谢谢"
    )
    assert process_message(reply).status == "threaded"
    assert Complaint.objects.count() == 1


def test_a_reply_from_another_address_is_a_new_complaint_flagged_as_misdirected() -> None:
    complaint = complaint_of(process_message(corpus.simple(message_id="<orig3@mail.example.cn>")))
    stranger = corpus.simple(
        message_id="<stranger@evil.example>",
        sender="someone.else@example.com",
        subject=f"Re: {complaint.reference}",
        body="Please send me the details of this complaint.",
        extra=[("In-Reply-To", "<orig3@mail.example.cn>")],
    )
    new = complaint_of(process_message(stranger))
    assert new.pk != complaint.pk
    event = Event.objects.get(complaint=new, kind="registered")
    assert event.data["possible_misdirected_reply"] == complaint.reference
    assert not Event.objects.filter(complaint=complaint, kind="customer_message").exists()


def test_attachments_become_evidence_and_unsupported_ones_are_noted() -> None:
    complaint = complaint_of(process_message(corpus.WITH_ATTACHMENTS))
    names = {e.original_name: e.content_type for e in Evidence.objects.filter(complaint=complaint)}
    assert names == {
        "对账单.pdf": "application/pdf",
        "receipt.png": "image/png",
        ORIGINAL: "message/rfc822",
    }
    event = Event.objects.get(complaint=complaint, kind="registered")
    assert event.data["attachments_skipped"] == "setup.exe, invoice.pdf"


@pytest.mark.parametrize("raw", [corpus.NO_SENDER, corpus.GARBAGE], ids=["no-sender", "garbage"])
def test_unprocessable_mail_is_quarantined_and_the_next_one_still_works(raw: bytes) -> None:
    bad = process_message(raw)
    assert bad.status == "quarantined" and bad.error
    row = InboundMessage.objects.get(id=bad.inbound_id)
    assert row.status == "quarantined" and bytes(row.raw) == raw and row.error
    assert Complaint.objects.count() == 0
    assert process_message(corpus.GB2312_BASE64).status == "created"


def test_a_quarantined_message_can_be_retried_or_discarded(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(**kwargs: Any) -> Any:
        raise RuntimeError("database went away")

    monkeypatch.setattr(email_adapter, "intake_register", broken)
    bad = process_message(corpus.BIG5)
    assert bad.status == "quarantined" and "database went away" in bad.error
    assert process_message(corpus.BIG5).status == "duplicate"  # not retried behind the staff's back
    monkeypatch.undo()
    retried = inbound_retry(bad.inbound_id or 0)
    assert retried.status == "created"
    assert InboundMessage.objects.get(id=bad.inbound_id).status == "processed"
    other = process_message(corpus.NO_SENDER)
    assert inbound_discard(other.inbound_id or 0)
    assert InboundMessage.objects.get(id=other.inbound_id).status == "discarded"


def test_similar_mail_from_the_same_customer_is_a_possible_duplicate() -> None:
    first = complaint_of(process_message(corpus.simple(message_id="<dup-a@x>")))
    second = complaint_of(
        process_message(
            corpus.simple(message_id="<dup-b@x>", body="您好，我的信用卡年费本月被扣了两次，请退还多扣的费用！！")
        )
    )
    assert PossibleDuplicate.objects.get(complaint=second).other == first


def test_possible_duplicates_are_visible_from_both_sides(api: Any) -> None:
    from redress.intake.selectors import possible_duplicates

    first = complaint_of(process_message(corpus.simple(message_id="<dup-c@x>")))
    second = complaint_of(
        process_message(corpus.simple(message_id="<dup-d@x>", body="年费本月被扣了两次，请退还多扣的费用"))
    )
    assert [d["reference"] for d in possible_duplicates(second)] == [first.reference]
    assert [d["reference"] for d in possible_duplicates(first)] == [second.reference]
    assert possible_duplicates(second)[0]["matched_on"] == ["email"]
    detail = api("admin").get(f"/api/v1/complaints/{second.reference}/").json()
    assert_shape(ComplaintOut, detail)
    assert [d["reference"] for d in detail["possible_duplicates"]] == [first.reference]


def test_staff_can_retry_and_discard_quarantined_mail_in_the_admin(people: Any) -> None:
    from django.test import Client

    from redress.accounts.models import User

    admin_user = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "root-intake", password="x-very-long-password"
    )
    bad = process_message(corpus.NO_SENDER)
    client = Client()
    client.force_login(admin_user)
    page = client.get(f"/admin/intake/inboundmessage/{bad.inbound_id}/change/")
    assert page.status_code == 200 and "Who am I?" in page.content.decode()
    response = client.post(
        "/admin/intake/inboundmessage/", {"action": "discard", "_selected_action": [str(bad.inbound_id)]}
    )
    assert response.status_code == 302
    assert InboundMessage.objects.get(id=bad.inbound_id).status == "discarded"


def test_a_reply_to_an_outbox_message_id_threads() -> None:
    """Once correspondence sets Message-IDs of the form <outbox-{id}.{reference}@host>."""
    complaint = complaint_of(process_message(corpus.simple(message_id="<orig4@mail.example.cn>")))
    reply = corpus.simple(
        message_id="<reply-4@mail.example.cn>",
        subject="Re: 您的投诉",
        body="收到，谢谢。",
        extra=[("In-Reply-To", f"<outbox-17.{complaint.reference}@redress.localhost>")],
    )
    assert process_message(reply).status == "threaded"


def test_a_long_email_is_kept_whole_readable_searchable_and_as_evidence(api: Any) -> None:
    # A pasted statement of ~60,000 characters, with the customer's request at its very end.
    statement = "\n".join(f"2026-10-{d % 28 + 1:02d} POS 商户{d:05d} 消费 -{d}.00" for d in range(2400))
    request = "我的诉求：请退还10月重复扣取的年费680元，并书面说明原因。"
    raw = corpus.simple(message_id="<long@mail.example.cn>", body=f"{statement}\n\n{request}")
    assert len(statement) > 50_000
    complaint = complaint_of(process_message(raw))
    assert complaint.description.endswith(request)
    assert statement in complaint.description
    found = api("compliance").get("/api/v1/complaints/", {"q": "书面说明原因"}).json()
    assert [c["reference"] for c in found["results"]] == [complaint.reference]
    (original,) = [e for e in Evidence.objects.filter(complaint=complaint) if e.original_name == ORIGINAL]  # encrypted
    assert original.content_type == "message/rfc822"
    with original.file.open("rb") as f:
        assert f.read() == raw


def test_a_long_reply_is_kept_whole_on_the_timeline_with_its_original() -> None:
    complaint = complaint_of(process_message(corpus.simple(message_id="<first-long@mail.example.cn>")))
    body = "补充材料如下。\n" + "流水 " * 15_000 + "\n最后：请尽快回复。"
    reply = corpus.simple(
        message_id="<reply-long@mail.example.cn>",
        subject=f"Re: {complaint.reference}",
        body=body,
        extra=[("In-Reply-To", "<first-long@mail.example.cn>")],
    )
    assert process_message(reply).status == "threaded"
    event = Event.objects.get(complaint=complaint, kind="customer_message")
    assert event.data["text"].endswith("最后：请尽快回复。") and len(event.data["text"]) > 40_000
    assert [e.original_name for e in Evidence.objects.filter(complaint=complaint)].count(ORIGINAL) == 2
