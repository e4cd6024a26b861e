"""A synthetic corpus with planted themes (Chinese, some in Traditional, and English), registered for real."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from redress.accounts.models import Department, User
from redress.complaints.lifecycle import register
from redress.complaints.models import Complaint
from redress.complaints.services.registration import CustomerDetails

ZONE = ZoneInfo("Asia/Shanghai")
# theme -> (language, its key words, two of which the test expects among the theme's top terms)
PLANTED: dict[str, tuple[str, list[str], tuple[str, str]]] = {
    "fraud": ("zh", ["盗刷", "冻结", "陌生交易", "境外", "止付"], ("盗刷", "冻结")),
    "annual_fee": ("zh", ["年费", "扣取", "退还", "收费标准", "免年费"], ("年费", "扣取")),
    "mortgage_rate": ("zh", ["房贷", "利率", "提前还款", "违约金", "合同"], ("房贷", "利率")),
    "wealth": ("zh", ["理财产品", "亏损", "风险评估", "销售人员", "误导"], ("亏损", "误导")),
    "credit_report": ("en", ["credit report", "equifax", "dispute", "inaccurate", "bureau"], ("equifax", "dispute")),
    "overdraft": ("en", ["overdraft", "fee", "charged", "checking", "reversal"], ("overdraft", "checking")),
    "escrow": ("en", ["mortgage", "escrow", "servicer", "late", "insurance"], ("escrow", "servicer")),
}
NOISE = ["服务态度一般", "网点排队时间长", "the app was slow today", "I waited on hold", "柜台人员不够耐心"]
ZH_FRAMES = ["我的账户出现{0}和{1}，还有{2}，{3}。", "本人发现{0}，{1}，{2}问题严重，{3}需要解释。"]
EN_FRAMES = ["I noticed {0} and {1}; then {2} and {3}.", "My complaint: {0}, {1}, {2}. Also {3}."]
EMAILS = ["li.lei@example.com", "wang.fang@example.cn", "bob.smith@example.org"]
PHONES = ["13912345678", "13698765432", "15000001111"]


def at(day: date, hour: int = 11) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ZONE)


def text_of(rng: random.Random, language: str, words: list[str], traditional: bool = False) -> str:
    chosen = rng.sample(words, 4)
    frame = rng.choice(ZH_FRAMES if language == "zh" else EN_FRAMES)
    text = frame.format(*chosen)
    contact = f" {rng.choice(EMAILS)} {rng.choice(PHONES)}"
    text += ("联系我：" if language == "zh" else " Contact me:") + contact
    if traditional:
        from redress.analytics.themes.text import to_traditional

        text = to_traditional(text)
    return text


def complaint(by: User, day: date, text: str, *, department: Department | None = None, **fields: Any) -> Complaint:
    made = register(
        by=by,
        received_at=at(day),
        description=text,
        desired_outcome="",
        customer=CustomerDetails(
            name="Jane Roe", id_number="", phone="13500002222", email="jane.roe@example.net", address=""
        ),
    )
    if department is not None or fields:
        Complaint.objects.filter(pk=made.pk).update(department=department, **fields)
    return made


def planted_corpus(
    people: dict[str, User], *, start: date, days: int, per_theme: int = 24, seed: int = 7
) -> dict[int, str]:
    """Complaints received from `start` over `days`; complaint id -> its planted theme ("noise" for the noise)."""
    rng = random.Random(seed)
    truth: dict[int, str] = {}
    cards = Department.objects.get(code="cards")
    for name, (language, words, _expected) in PLANTED.items():
        for i in range(per_theme):
            text = text_of(rng, language, words, traditional=language == "zh" and i % 3 == 0)
            made = complaint(
                people["intake"],
                start + timedelta(days=rng.randrange(days)),
                text,
                department=cards if i % 2 == 0 else None,
                business="bank_card",
                reason="pricing_fees",
            )
            truth[made.pk] = name
    for i in range(per_theme):
        made = complaint(people["intake"], start + timedelta(days=rng.randrange(days)), NOISE[i % len(NOISE)])
        truth[made.pk] = "noise"
    return truth
