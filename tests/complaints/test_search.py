"""Search (issue 16 §5): one box over the reference, texts, messages, notes, letters and file names; Chinese cut
into words (Simplified and Traditional alike), English stemmed; best match first, matched words marked; always
within what the person may see, masked as elsewhere. Runs on SQLite (FTS5) and PostgreSQL (GIN)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from redress.accounts.models import Department, User
from redress.audit.services import event_append
from redress.complaints.lifecycle import act, register, walk
from redress.complaints.models import Complaint, ComplaintSearch
from redress.complaints.search.index import search_reindex
from redress.complaints.search.words import document_words, normal_form, query_words
from redress.complaints.services.actor import actor_for
from redress.complaints.services.evidence import evidence_add
from redress.complaints.workflow import CUSTOMER_ACTOR
from redress.correspondence.models import Letter

pytestmark = pytest.mark.django_db

# The Chinese set: (key, description). Queries and the complaints they must find first are in ZH_QUERIES.
ZH = [
    ("fee", "信用卡年费被重复收取，年费200元不合理，要求退还年费。"),
    ("fee2", "账户管理费扣款，顺便问一下年费政策。"),
    ("fraud", "我的信用卡在境外被盗刷三笔，盗刷金额五千元，银行未及时冻结。"),
    ("fraud2", "手机银行显示一笔陌生交易，怀疑被盗刷。"),
    ("wealth", "购买的理财产品亏损严重，销售时承诺保本。"),
    ("wealth2", "理财经理推荐基金，没有说明风险。"),
    ("rate", "房贷利率上调没有提前通知。"),
    ("prepay", "提前还款被收取高额违约金，合同没有写明。"),
    ("atm", "自动取款机吞卡，等了两个小时才取回。"),
    ("login", "网上银行无法登录，一直提示密码错误。"),
    ("transfer", "跨行转账三天未到账，客服推诿。"),
    ("staff", "柜台工作人员态度恶劣，拒绝办理业务。"),
    ("insurance", "在网点被误导购买保险，以为是存款。"),
    ("sms", "短信服务费每月自动扣除，从未开通。"),
    ("queue", "网点排队时间过长，只有一个窗口。"),
    ("limit", "信用卡额度被突然降低，没有任何说明。"),
    ("points", "积分兑换的礼品一直没有寄到。"),
    ("collection", "催收电话频繁骚扰家人。"),
    ("loan", "个人贷款审批时间太长，影响购房。"),
    ("deposit", "定期存款到期后被自动转存，利息损失。"),
    ("exchange", "外汇兑换汇率明显高于公布价格。"),
    ("app", "手机银行应用闪退，无法查看账单。"),
    ("statement", "账单寄送地址错误，导致逾期。"),
    ("overdue", "逾期记录有误，影响征信报告。"),
    ("closing", "销户手续繁琐，要求多次到网点。"),
    ("mortgage", "房贷合同条款与口头承诺不一致。"),
    ("card", "新卡激活失败，客服电话打不通。"),
    ("interest", "存款利息计算错误，少付了利息。"),
    ("cash", "取现手续费高于合同约定。"),
    ("freeze", "账户被无故冻结，影响工资入账。"),
]
ZH_QUERIES = [
    ("年费", "fee", {"fee", "fee2"}),  # three times in one, once in the other
    ("盗刷", "fraud", {"fraud", "fraud2"}),
    ("盜刷", "fraud", {"fraud", "fraud2"}),  # Traditional finds Simplified
    ("理财 亏损", "wealth", {"wealth"}),  # every word must be there
    ("吞卡", "atm", {"atm"}),
    ("提前還款", "prepay", {"prepay"}),
    ("征信", "overdue", {"overdue"}),
    ("汇率", "exchange", {"exchange"}),
]
EN = [
    ("fee", "I was charged the annual fee twice. The fee was charged without notice."),
    ("fee2", "The annual statement lists a fee I do not understand."),
    ("fraud", "Unauthorised transactions on my credit card while I was abroad."),
    ("mortgage", "My mortgage interest rate increased without any letter."),
    ("overdraft", "Overdraft charges keep being applied even though I have funds."),
    ("login", "I cannot log in to the mobile app after the update."),
    ("rude", "The branch staff were rude and refused to help me."),
    ("transfer", "An international transfer has been delayed for two weeks; the transfer was urgent."),
    ("insurance", "Payment protection insurance was mis-sold with my loan."),
    ("atm", "The cash machine swallowed my card at night."),
    ("repay", "An early repayment penalty was charged on my car loan."),
    ("points", "Reward points expired without warning."),
    ("limit", "My credit limit was reduced without explanation."),
    ("calls", "Debt collectors phone my employer every day."),
    ("closing", "Closing my account took four branch visits."),
    ("cheque", "A cheque deposit was never credited."),
    ("currency", "The currency conversion rate was far worse than advertised."),
    ("statement", "Statements are sent to my old address."),
    ("freeze", "My account was frozen and my salary could not be paid in."),
    ("savings", "The savings rate was cut after I opened the account."),
    ("contactless", "Contactless payments are declined in shops."),
    ("pension", "My pension transfer is stuck with no updates."),
    ("queue", "The phone queue takes over an hour every time."),
    ("chargeback", "The merchant never delivered and my dispute was rejected."),
    ("isa", "My ISA transfer lost interest for a month."),
    ("loanapp", "My loan application was declined with no reason given."),
    ("dd", "A direct debit was cancelled by the bank in error."),
    ("wire", "A wire to my landlord was returned twice."),
    ("credit", "Incorrect late payment markers on my credit file."),
    ("branch", "The local branch closed without consultation."),
]
EN_QUERIES = [
    ("charged", "fee", {"fee", "repay", "overdraft"}),  # "charged" twice in one; "charges" is the same word
    ("charging", "fee", {"fee", "repay", "overdraft"}),
    ("annual fee", "fee", {"fee", "fee2"}),
    ("swallowed", "atm", {"atm"}),
    ("transferring", "transfer", {"transfer", "pension", "isa"}),
    ("overdraft", "overdraft", {"overdraft"}),
    ("Mortgage RATES", "mortgage", {"mortgage"}),
]


def _load(people: dict[str, User], texts: list[tuple[str, str]], language: str) -> dict[str, str]:
    """Register each text; key -> reference."""
    return {
        key: register(by=people["intake"], description=text, desired_outcome="", language=language).reference
        for key, text in texts
    }


def _search(api: Any, username: str, q: str, **extra: str) -> list[dict[str, Any]]:
    response = api(username).get("/api/v1/complaints/", {"q": q, "page_size": "100", **extra})
    assert response.status_code == 200, response.content
    return list(response.json()["results"])


def _relevance(api: Any, refs: dict[str, str], queries: list[tuple[str, str, set[str]]]) -> None:
    keys = {ref: key for key, ref in refs.items()}
    wrong = []
    for q, best, expected in queries:
        found = [keys.get(r["reference"], r["reference"]) for r in _search(api, "compliance", q)]
        if not found or found[0] != best or set(found) != expected:
            wrong.append((q, best, sorted(expected), found))
    assert not wrong


def test_chinese_relevance(api: Any, people: dict[str, User]) -> None:
    _relevance(api, _load(people, ZH, "zh-hans"), ZH_QUERIES)


def test_english_relevance(api: Any, people: dict[str, User]) -> None:
    _relevance(api, _load(people, EN, "en"), EN_QUERIES)


def test_words() -> None:
    assert query_words("盜刷 銀行卡") == ["盗刷", "银行卡"]
    assert query_words("Charges, CHARGED; charging") == ["charg"]
    assert "信用" in document_words(["信用卡年费"]).split() and "信用卡" in document_words(["信用卡年费"]).split()
    assert query_words("的 the !!") == []


def test_a_traditional_text_is_found_by_a_simplified_query(api: Any, people: dict[str, User]) -> None:
    c = register(by=people["intake"], description="我的銀行卡被盜刷了", desired_outcome="", language="zh-hant")
    assert [r["reference"] for r in _search(api, "compliance", "银行卡 盗刷")] == [c.reference]
    match = _search(api, "compliance", "银行卡")[0]["match"]
    assert match["kind"] == "description"
    assert match["snippet"] == "我的<mark>銀行卡</mark>被盜刷了"


def test_the_marks_are_escaped(api: Any, people: dict[str, User]) -> None:
    register(by=people["intake"], description="<script>x</script> fee & charges", desired_outcome="")
    snippet = _search(api, "compliance", "fees")[0]["match"]["snippet"]
    assert snippet == "&lt;script&gt;x&lt;/script&gt; <mark>fee</mark> &amp; charges"


def test_notes_messages_letters_and_file_names_are_searched(api: Any, people: dict[str, User]) -> None:
    c = walk(register(by=people["intake"], description="年费问题", desired_outcome=""), "investigating", people)
    act(c, "add_note", by=people["handler"], payload={"text": "Chargeback requested from the card scheme"})
    event_append(
        complaint=c,
        kind="customer_message",
        actor=CUSTOMER_ACTOR,
        data={"channel": "email", "subject": "Receipt", "text": "附上收据复印件", "attachments": []},
    )
    upload = SimpleUploadedFile("bank_statement_march.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    evidence_add(reference=c.reference, upload=upload, actor=actor_for(people["handler"]), user=people["handler"])
    for q, source in (("chargeback", "note"), ("收据", "message"), ("statement march", "file")):
        found = _search(api, "handler", q)
        assert [r["reference"] for r in found] == [c.reference], q
        assert found[0]["match"]["kind"] == source, q


def test_letters_are_searched_without_the_customers_details(api: Any, people: dict[str, User]) -> None:
    c = walk(register(by=people["intake"], description="年费问题", desired_outcome=""), "customer_notified", people)
    letter = Letter.objects.filter(complaint=c).exclude(kind="acknowledgement").first()
    assert letter is not None and c.customer_name in letter.body
    word = next(w for w in ("投诉", "complaint", "核实", "decision") if w in letter.body)
    found = _search(api, "compliance", word)
    assert [r["reference"] for r in found] == [c.reference] and found[0]["match"]["kind"] == "letter"
    document = ComplaintSearch.objects.get(complaint=c)
    assert c.customer_name not in document.main + document.extra
    # The acknowledgement (the template's same words to everyone) is not searched.
    ack = Letter.objects.get(complaint=c, kind="acknowledgement")
    searched = set(document.main.split() + document.extra.split())
    only_ack = next(w for w in ack.body.replace(",", " ").split() if w.isalpha() and normal_form(w) not in searched)
    assert not _search(api, "compliance", only_ack)


def test_the_index_follows_an_erasure_of_the_texts(people: dict[str, User]) -> None:
    c = register(by=people["intake"], description="境外盗刷", desired_outcome="")
    Complaint.objects.filter(pk=c.pk).update(description="[erased]")
    c.refresh_from_db()
    search_reindex(c)
    assert "盗刷" not in ComplaintSearch.objects.get(complaint=c).main


def test_another_departments_complaint_never_appears(api: Any, people: dict[str, User]) -> None:
    ours = walk(register(by=people["intake"], description="境外盗刷交易", desired_outcome=""), "investigating", people)
    theirs = walk(register(by=people["intake"], description="境外盗刷交易两笔", desired_outcome=""), "triaged", people)
    act(theirs, "assign", by=people["manager"], payload={"assignee": "outsider"})  # to the loans department
    assert [r["reference"] for r in _search(api, "handler2", "盗刷")] == [ours.reference]
    assert [r["reference"] for r in _search(api, "outsider", "盗刷")] == [theirs.reference]
    page = Client()
    page.force_login(people["handler2"])
    html = page.get("/", {"q": "盗刷", "f": "1", "status": "all"}).content.decode()
    assert ours.reference in html and theirs.reference not in html and "<mark>盗刷</mark>" in html


def test_the_highlight_is_masked_for_who_sees_personal_data_masked(api: Any, people: dict[str, User]) -> None:
    text = "联系人李明的电话13987654321，信用卡被盗刷。"
    walk(register(by=people["intake"], description=text, desired_outcome=""), "investigating", people)
    masked = _search(api, "handler2", "盗刷")[0]["match"]["snippet"]
    assert "13987654321" not in masked and "<mark>盗刷</mark>" in masked and "[" in masked
    assert "13987654321" in _search(api, "compliance", "盗刷")[0]["match"]["snippet"]
    # Who sees it masked may not find it by the personal data either (the rule the search keeps).
    assert api("handler2").get("/api/v1/complaints/", {"q": "13987654321"}).status_code == 400
    # Nor anyone else: the document is made from the texts with their personal data scrubbed out (the texts are
    # held encrypted, the document is not); the snippet, read from the texts, shows it whole to who may see it.
    assert _search(api, "compliance", "13987654321") == []


def test_pages_of_a_search(api: Any, people: dict[str, User]) -> None:
    refs = [register(by=people["intake"], description=f"年费 第{n}次", desired_outcome="").reference for n in range(5)]
    first = api("compliance").get("/api/v1/complaints/", {"q": "年费", "page_size": "3"}).json()
    second = api("compliance").get(first["next"]).json()
    found = [r["reference"] for r in first["results"] + second["results"]]
    assert sorted(found) == sorted(refs) and second["next"] is None and second["previous"]


def test_a_reference_still_finds_its_complaint(api: Any, people: dict[str, User]) -> None:
    c = register(by=people["intake"], description="年费", desired_outcome="")
    assert [r["reference"] for r in _search(api, "compliance", c.reference.lower())] == [c.reference]


def test_reindex_command_makes_the_index_again(api: Any, people: dict[str, User]) -> None:
    c = register(by=people["intake"], description="吞卡", desired_outcome="")
    ComplaintSearch.objects.all().delete()
    assert _search(api, "compliance", "吞卡") == []
    out = io.StringIO()
    call_command("search", "reindex", stdout=out)
    assert "1" in out.getvalue()
    assert [r["reference"] for r in _search(api, "compliance", "吞卡")] == [c.reference]


def test_imported_history_is_searchable(api: Any, tmp_path: Any) -> None:
    from tests.complaints.test_import_cfpb import OLD_HEADER, OLD_ROWS, run, write_csv

    run(write_csv(tmp_path / "old.csv", OLD_HEADER, OLD_ROWS))
    imported = Complaint.objects.get(reference="CFPB-101")
    word = max(imported.description.replace(".", " ").split(), key=len)
    assert "CFPB-101" in [r["reference"] for r in _search(api, "compliance", word)]


def test_a_long_text_is_masked_around_the_match(api: Any, people: dict[str, User]) -> None:
    filler = "。".join(f"第{n}笔交易正常" for n in range(300))
    text = f"{filler}。联系人李明电话13987654321，他的信用卡被盗刷。{filler}。"
    walk(register(by=people["intake"], description=text, desired_outcome=""), "investigating", people)
    snippet = _search(api, "handler2", "盗刷")[0]["match"]["snippet"]
    assert "<mark>盗刷</mark>" in snippet and "13987654321" not in snippet and "李明" not in snippet


def test_common_words_read_the_newest_complaints_first(api: Any, people: dict[str, User], monkeypatch: Any) -> None:
    """PostgreSQL: when every word is common (by the column's statistics) the documents are tested complaint by
    complaint, newest first; the answer is the same as through the index."""
    from redress.complaints.search import query

    refs = _load(people, ZH[:6], "zh-hans")
    expected = [r["reference"] for r in _search(api, "compliance", "盗刷")]
    monkeypatch.setattr(query, "COMMON", 0.0)  # every word common
    assert [r["reference"] for r in _search(api, "compliance", "盗刷")] == expected
    assert set(expected) == {refs["fraud"], refs["fraud2"]}


def test_a_transfer_keeps_the_words_and_moves_the_document_with_it(
    api: Any, people: dict[str, User], monkeypatch: Any
) -> None:
    """An action that changes no searched text (an assignment to another department) does not make the words
    again, but the document follows the complaint's department and assignee (what a handler's search narrows
    to); a note adds its own words (the other texts not read again), before the action commits."""
    from redress.complaints.search import index

    c = walk(register(by=people["intake"], description="境外盗刷交易", desired_outcome=""), "investigating", people)
    before = ComplaintSearch.objects.get(complaint=c)
    made: list[int] = []
    real = index.extra_sources
    monkeypatch.setattr(index, "extra_sources", lambda complaint: made.append(complaint.pk) or real(complaint))

    act(c, "assign", by=people["manager"], payload={"assignee": "outsider"})
    after = ComplaintSearch.objects.get(complaint=c)
    assert made == []
    assert (after.main, after.extra, after.updated_at) == (before.main, before.extra, before.updated_at)
    outsider = people["outsider"]
    assert (after.department_id, after.assignee_id) == (outsider.department_id, outsider.pk)
    assert after.department_id != before.department_id
    assert [r["reference"] for r in _search(api, "outsider", "盗刷")] == [c.reference]
    assert _search(api, "handler2", "盗刷") == []

    act(c, "start_investigation", by=outsider)
    act(c, "add_note", by=outsider, payload={"text": "Chargeback requested"})
    assert made == []
    assert [r["reference"] for r in _search(api, "outsider", "chargeback")] == [c.reference]


def test_a_handler_finds_what_is_assigned_to_them_in_another_department(api: Any, people: dict[str, User]) -> None:
    """A handler's search takes their department's complaints and those assigned to them, whichever department
    holds them."""
    c = walk(register(by=people["intake"], description="境外盗刷交易", desired_outcome=""), "triaged", people)
    loans = Department.objects.get(code="loans")
    act(c, "assign", by=people["manager"], payload={"assignee": "handler2", "department": loans.code})
    document = ComplaintSearch.objects.get(complaint=c)
    assert (document.department_id, document.assignee_id) == (loans.pk, people["handler2"].pk)
    assert [r["reference"] for r in _search(api, "handler2", "盗刷")] == [c.reference]
    assert [r["reference"] for r in _search(api, "outsider", "盗刷")] == [c.reference]
    assert _search(api, "handler", "盗刷") == []


def test_a_handlers_matches_come_from_the_newest_blocks_of_ids_first(
    api: Any, people: dict[str, User], settings: Any
) -> None:
    """PostgreSQL: a handler's matches are read from the index block of 16,384 ids by block, newest first, until
    there are enough candidates; an older block is read when the newer ones hold too few (with the list's other
    filters applied to each block's matches), and a block with none of theirs gives nothing."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the blocks of ids are words of PostgreSQL's documents")
    walked = [
        walk(register(by=people["intake"], description="境外盗刷交易", desired_outcome=""), "investigating", people)
    ]
    with connection.cursor() as cursor:  # the next complaints three blocks on
        cursor.execute("SELECT setval(pg_get_serial_sequence('complaints_complaint', 'id'), %s)", [16384 * 3 + 7])
    walked.append(
        walk(register(by=people["intake"], description="境外盗刷交易两笔", desired_outcome=""), "triaged", people)
    )
    act(walked[-1], "assign", by=people["manager"], payload={"assignee": "handler2"})
    theirs = walk(register(by=people["intake"], description="境外盗刷交易三笔", desired_outcome=""), "triaged", people)
    act(theirs, "assign", by=people["manager"], payload={"assignee": "outsider"})  # another department's
    old, new = walked
    assert (old.pk // 16384, new.pk // 16384) == (0, 3)
    assert [r["reference"] for r in _search(api, "handler2", "盗刷")] == [new.reference, old.reference]
    settings.REDRESS_SEARCH_CANDIDATES = 1
    assert [r["reference"] for r in _search(api, "handler2", "盗刷")] == [new.reference]
    # the newest block's match is not investigating: the next blocks are read for one that is
    assert [r["reference"] for r in _search(api, "handler2", "盗刷", status="investigating")] == [old.reference]
    assert [r["reference"] for r in _search(api, "outsider", "盗刷")] == [theirs.reference]


def test_a_word_the_database_cannot_index_finds_nothing_more_for_a_handler(api: Any, people: dict[str, User]) -> None:
    """ "①" is a word to redress but none to PostgreSQL's parser (SQLite's indexes it): a handler's search of it finds
    what the all-seeing reader's finds of their part, never their whole part (the index asked for the part's
    documents with no word left in the query)."""
    marked = walk(
        register(by=people["intake"], description="境外盗刷交易①", desired_outcome=""), "investigating", people
    )
    walk(register(by=people["intake"], description="境外盗刷交易", desired_outcome=""), "investigating", people)
    assert query_words("①") == ["①"]
    everyone = [r["reference"] for r in _search(api, "compliance", "①")]
    assert everyone in ([], [marked.reference])  # PostgreSQL: none; SQLite: the one that has it
    assert [r["reference"] for r in _search(api, "handler2", "①")] == everyone
    assert len(_search(api, "handler2", "盗刷")) == 2
