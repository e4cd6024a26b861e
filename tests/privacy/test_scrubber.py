"""The scrubber's finds, kind by kind, in Chinese and English: check digits, separators,
Traditional text, and the ordinary numbers it must leave alone."""

import pytest

from redress.privacy.scrubber import KINDS, Found, find, scrub


def spans(text, **kwargs):
    return [(f.kind, text[f.start : f.end]) for f in find(text, **kwargs)]


def test_it_keeps_the_contract():
    assert KINDS == ("name", "id_number", "phone", "card_number", "account_number", "email", "address")
    found = find("手机13812345678")
    assert found == [Found(kind="phone", start=2, end=13)]
    assert find("") == []


# ---------------------------------------------------------------- ID numbers


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("身份证号440305198506123419，请核实", "440305198506123419"),
        ("身份证：11010519491231002X", "11010519491231002X"),
        ("ID 11010519491231002x was used", "11010519491231002x"),
        ("身份證號碼 440305 19850612 3419", "440305 19850612 3419"),
        ("旧身份证号110105491231002", "110105491231002"),  # 15 digits, after an ID word
        ("香港身份證號碼A123456(3)", "A123456(3)"),
        ("HKID A123456(3).", "A123456(3)"),
        ("身份證 AB987654(3)", "AB987654(3)"),
        ("HKID C668668（9）", "C668668（9）"),
        ("身分證字號A123456789", "A123456789"),
        ("身分證 F131104093 已遺失", "F131104093"),
        ("My NI number is AB 12 34 56 C.", "AB 12 34 56 C"),
        ("NI: JG123456A", "JG123456A"),
        ("my SSN 536-90-4399 was stolen", "536-90-4399"),
        ("Social Security number 536904399", "536904399"),
    ],
)
def test_it_finds_id_numbers(text, value):
    assert spans(text) == [("id_number", value)]


@pytest.mark.parametrize(
    "text",
    [
        "身份证号440305198506123418",  # wrong check digit: another long number, not an ID
        "香港身份證號碼A123456(4)",
        "身分證字號A123456788",
        "Code 536904399 on the form",  # nine digits without an SSN word
        "出生日期110105491231002",  # 15 digits without an ID word before it
    ],
)
def test_it_takes_no_id_number_with_a_wrong_check_or_without_context(text):
    assert "id_number" not in [kind for kind, _ in spans(text)]


# ---------------------------------------------------------------- phones


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("手机13812345678，", "13812345678"),
        ("电话 138 1234 5678 找我", "138 1234 5678"),
        ("请拨138-1234-5678", "138-1234-5678"),
        ("联系+86 13812345678", "+86 13812345678"),
        ("座机010-6552 9988", "010-6552 9988"),
        ("电话(021)61234567", "(021)61234567"),
        ("0755-88886666转分机", "0755-88886666"),
        ("手提電話+852 9123 4567", "+852 9123 4567"),
        ("電話 9123 4567", "9123 4567"),
        ("聯絡電話(852) 61234567", "(852) 61234567"),
        ("手機0912-345-678", "0912-345-678"),
        ("手機 +886 912 345 678", "+886 912 345 678"),
        ("電話02-2345-6789", "02-2345-6789"),
        ("ring me on 07700 900123 today", "07700 900123"),
        ("or +44 20 7946 0958", "+44 20 7946 0958"),
        ("call (555) 123-4567 please", "(555) 123-4567"),
        ("cell 212-555-0198.", "212-555-0198"),
    ],
)
def test_it_finds_phone_numbers(text, value):
    assert spans(text) == [("phone", value)]


# ---------------------------------------------------------------- cards and accounts


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("信用卡6222021234567890128被盗刷", "6222021234567890128"),
        ("my card 4111 1111 1111 1111 was charged", "4111 1111 1111 1111"),
        ("卡號 6214-8301-2345-6781 被凍結", "6214-8301-2345-6781"),
        ("Amex 3782 822463 10005", "3782 822463 10005"),
    ],
)
def test_it_finds_card_numbers_that_pass_luhn(text, value):
    assert spans(text) == [("card_number", value)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("账号6222021234567890127转账失败", "6222021234567890127"),  # fails Luhn, after 账号
        ("帳號：6214 8301 2345 6782", "6214 8301 2345 6782"),
        ("account number 12345678 is mine", "12345678"),
        ("IBAN GB82 WEST 1234 5698 7654 32 please", "GB82 WEST 1234 5698 7654 32"),
        ("pay 12-34-56 12345678 now", "12-34-56 12345678"),
        ("钱转到了6222021234567890127", "6222021234567890127"),  # a long run that is nothing else
    ],
)
def test_it_finds_account_numbers(text, value):
    assert spans(text) == [("account_number", value)]


def test_an_iban_with_a_wrong_check_is_not_an_iban():
    assert ("account_number", "GB83 WEST 1234 5698 7654 32") not in spans("IBAN GB83 WEST 1234 5698 7654 32")


# ---------------------------------------------------------------- e-mail


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("邮箱zhang.wei@qq.com，", "zhang.wei@qq.com"),
        ("電郵：lily_wong@yahoo.com.hk", "lily_wong@yahoo.com.hk"),
        ("write to J.Smith+bank@Example.co.uk.", "J.Smith+bank@Example.co.uk"),
        ("邮箱ｚｈａｎｇ＠ｑｑ．ｃｏｍ", "ｚｈａｎｇ＠ｑｑ．ｃｏｍ"),  # full-width, as typed with a Chinese IME
    ],
)
def test_it_finds_email_addresses(text, value):
    assert spans(text) == [("email", value)]


# ---------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("我叫张伟，", "张伟"),
        ("本人陈美玲在贵行办卡", "陈美玲"),
        ("客户王芳反映", "王芳"),
        ("姓名：欧阳娜娜", "欧阳娜娜"),
        ("联系人刘强", "刘强"),
        ("联系王先生处理", "王"),
        ("向李女士道歉", "李"),
        ("本人張偉，", "張偉"),
        ("陳小姐您好", "陳"),
        ("我叫王小明，电话", "王小明"),  # 小 starts many given names; only 小姐 is a title
        ("本人李小龍在貴行", "李小龍"),
        ("收件人林曉東。", "林曉東"),
        ("Dear Mr Smith,", "Smith"),
        ("Dr. Ahmed Khan said", "Ahmed Khan"),
        ("My name is Jane Doe and", "Jane Doe"),
        ("I am Priya Patel, a customer", "Priya Patel"),
        ("Regards,\nJohn O'Brien", "John O'Brien"),
        ("Thanks, Tom", "Tom"),
    ],
)
def test_it_finds_names_by_their_context(text, value):
    assert spans(text) == [("name", value)]


@pytest.mark.parametrize(
    "text",
    [
        "我是高中老师，本人于2025年开户",
        "本人在贵行办理了业务",
        "我是农业银行的客户",
        "I am Very disappointed. I am writing to complain.",
        "Thanks for nothing.",
        "Regards,\nThe Customer",
    ],
)
def test_it_takes_no_ordinary_words_for_names(text):
    assert spans(text) == []


# ---------------------------------------------------------------- addresses


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("地址：北京市朝阳区建国路88号院3号楼2单元501室，", "北京市朝阳区建国路88号院3号楼2单元501室"),
        ("我住在广州市天河区体育西路103号，", "广州市天河区体育西路103号"),
        ("寄到上海市浦东新区世纪大道100号", "上海市浦东新区世纪大道100号"),
        ("住址：臺北市大安區忠孝東路四段100號5樓", "臺北市大安區忠孝東路四段100號5樓"),
        ("香港九龍旺角彌敦道123號5樓A室", "香港九龍旺角彌敦道123號5樓A室"),
        ("香港中環皇后大道中99號20樓，", "香港中環皇后大道中99號20樓"),
        ("我在衡阳市珠晖区东风路12号3栋201室住了十年", "衡阳市珠晖区东风路12号3栋201室"),  # a city not listed
        ("信件寄到了宜昌市西陵区夷陵大道58号，", "宜昌市西陵区夷陵大道58号"),
        ("I live at 221B Baker Street, London NW1 6XE.", "221B Baker Street, London NW1 6XE"),
        ("send it to 123 Main St, Springfield, IL 62704 please", "123 Main St, Springfield, IL 62704"),
        ("postcode SW1A 1AA", "SW1A 1AA"),
    ],
)
def test_it_finds_postal_addresses(text, value):
    assert spans(text) == [("address", value)]


# ---------------------------------------------------------------- what must stay


@pytest.mark.parametrize(
    "text",
    [
        "2026年3月15日14:30，我在柜台存入人民币12,345.67元。",
        "交易流水号2026031514302233445566，金额1,234,567.89元",
        "投诉编号CMP-2026-000123，请尽快处理",
        "reference CMP-20260315-000042, amount 12,345.67",
        "我的卡尾号1234，2025.12.01扣了年费600元",
        "The total was $12,345.67 on 03/15/2026 at 10:30am.",
        "订单号 202603150001 未发货",
        "Order 123456789012 was not delivered; invoice 20260315123456.",
        "客服热线95588，或400-820-8820，or 0800 123 4567, or 1-800-555-0199",
        "日期 20260315，时间 14:05:22",
        "利率3.85%，期限36个月，本金500000元",
    ],
)
def test_it_leaves_amounts_dates_times_and_references(text):
    assert spans(text) == []


# ---------------------------------------------------------------- known values


def test_known_values_are_found_whatever_their_spacing_and_case():
    text = "请回电 138 1234 5678，或 0086-138-1234-5678，邮件 ZHANG.WEI@QQ.COM，我是 张 伟"
    known = [("phone", "+86 13812345678"), ("email", "zhang.wei@qq.com"), ("name", "张伟")]
    assert spans(text, known=known) == [
        ("phone", "138 1234 5678"),
        ("phone", "0086-138-1234-5678"),
        ("email", "ZHANG.WEI@QQ.COM"),
        ("name", "张 伟"),
    ]


def test_known_values_find_what_the_rules_alone_would_not():
    text = "the card was sent to flat 3 rose court; ask sam wu; ref 4403 0519 8506 1234 19"
    known = [("address", "Flat 3 Rose Court"), ("name", "Sam Wu"), ("id_number", "440305198506123419")]
    assert spans(text, known=known) == [
        ("address", "flat 3 rose court"),
        ("name", "sam wu"),
        ("id_number", "4403 0519 8506 1234 19"),
    ]
    assert spans(text) == []  # a reference word before the digits: not an account on its own


def test_known_uk_phone_is_found_with_its_trunk_zero():
    assert spans("call 020 7946 0958", known=[("phone", "+44 20 7946 0958")]) == [("phone", "020 7946 0958")]


def test_too_short_known_values_are_ignored():
    assert spans("a 12 b", known=[("phone", "12"), ("name", "a"), ("unknown", "b")]) == []


# ---------------------------------------------------------------- scrub


def test_scrub_replaces_each_datum_by_its_marker():
    text = "我叫张伟，手机13812345678，邮箱zhang.wei@qq.com，金额12,345.67元。"
    assert scrub(text) == "我叫⟦name⟧，手机⟦phone⟧，邮箱⟦email⟧，金额12,345.67元。"


def test_scrub_keeps_full_width_text_and_offsets():
    assert scrub("手机：１３８１２３４５６７８。") == "手机：⟦phone⟧。"


def test_longest_match_wins_over_pieces_inside_it():
    # The card number contains runs that look like a phone number; the whole number wins.
    assert scrub("卡号6222 0212 3456 7890 128") == "卡号⟦card_number⟧"


@pytest.mark.parametrize(
    "text",
    ["Refund to card 6222021234567890.", "退还至卡6222021234567890。", "信用卡号：4111 1111 1111 1112"],
)
def test_a_card_number_after_a_card_word_is_found_even_when_it_fails_luhn(text: str) -> None:
    assert [f.kind for f in find(text)] == ["card_number"]


def test_a_reference_word_counts_only_as_a_whole_word() -> None:
    assert find("Ref 123456789012345 for your order") == []  # a reference number stays
    assert [f.kind for f in find("Refunded to 123456789012345 yesterday")] == ["account_number"]
