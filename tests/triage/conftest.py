from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from redress.triage import rules, runtime
from redress.triage.ml.examples import Example


@pytest.fixture(autouse=True)
def triage_home(settings: Any, tmp_path: Path) -> Iterator[Path]:
    """Models under a temp dir, no shared data, no caching between calls; nothing leaks to other tests."""
    settings.REDRESS_TRIAGE_MODEL_DIR = tmp_path / "models"
    settings.REDRESS_TRIAGE_DATA_DIR = tmp_path / "no-shared-data"
    settings.REDRESS_TRIAGE_CACHE_SECONDS = 0
    rules.invalidate()
    runtime.forget()
    yield tmp_path / "models"
    rules.invalidate()
    runtime.forget()


# A small labelled set for training in tests: three business lines in Chinese and English,
# two CFPB products, complaints and questions, urgent and not.
SMALL: list[tuple[str, str, str | None, bool, list[str]]] = [
    ("信用卡被盗刷了两万元，要求银行赔偿", "bank_card", None, True, ["fraud"]),
    ("信用卡年费乱收，请退还", "bank_card", None, True, []),
    ("信用卡额度突然被降低，没有任何通知", "bank_card", None, True, []),
    ("请问信用卡年费怎么减免？", "bank_card", None, False, []),
    ("信用卡账单日可以修改吗？", "bank_card", None, False, []),
    ("信用卡分期手续费太高，当初没有说明", "bank_card", None, True, []),
    ("我的信用卡在境外被盗刷，卡一直在我身上", "bank_card", None, True, ["fraud"]),
    ("信用卡積分規則亂改，太不合理", "bank_card", None, True, []),
    ("房贷利率一直不降，要求按合同调整", "loan", None, True, []),
    ("提前还款还要收违约金，合同没有写", "loan", None, True, []),
    ("催收电话打到我七十岁的母亲那里，我要起诉", "loan", None, True, ["legal", "vulnerable"]),
    ("请问房贷提前还款怎么预约？", "loan", None, False, []),
    ("贷款审批太慢，一个月还没放款", "loan", None, True, []),
    ("我想申请装修贷款，需要什么材料？", "loan", None, False, []),
    ("房貸利率被調高，我要向金管會申訴", "loan", None, True, ["regulator"]),
    ("貸款合約沒有給我副本", "loan", None, True, []),
    ("手机银行转账失败但钱被扣了", "payment", None, True, []),
    ("跨行转账手续费又涨了", "payment", None, True, []),
    ("扫码支付重复扣款，商家和银行互相推诿", "payment", None, True, []),
    ("请问手机银行转账限额怎么调整？", "payment", None, False, []),
    ("转账到其他银行要多久到账？", "payment", None, False, []),
    ("轉帳失敗又扣錢，我要找記者曝光", "payment", None, True, ["media"]),
    (
        "The bank charged me an annual fee on my credit card that was supposed to be waived.",
        "bank_card",
        "Credit card",
        True,
        [],
    ),
    (
        "Someone stole my credit card number and made purchases; the issuer denied my dispute.",
        "bank_card",
        "Credit card",
        True,
        ["fraud"],
    ),
    ("My credit card interest rate was raised without notice.", "bank_card", "Credit card", True, []),
    ("How do I increase the limit on my credit card?", "bank_card", "Credit card", False, []),
    ("The card issuer closed my credit card and kept my rewards points.", "bank_card", "Credit card", True, []),
    ("My mortgage servicer misapplied my escrow payment and charged a late fee.", "loan", "Mortgage", True, []),
    ("The mortgage company refused my loan modification after losing my documents.", "loan", "Mortgage", True, []),
    ("My mortgage payment increased because the escrow analysis was wrong.", "loan", "Mortgage", True, []),
    ("Can I pay extra principal on my mortgage each month?", "loan", "Mortgage", False, []),
    (
        "The mortgage lender foreclosed while my modification was under review; I hired a lawyer.",
        "loan",
        "Mortgage",
        True,
        ["legal"],
    ),
]


@pytest.fixture
def small_examples() -> list[Example]:
    return [
        Example(
            text=text,
            business=business,
            product=product,
            is_complaint=is_complaint,
            urgent=bool(flags),
            flags=flags,
        )
        for text, business, product, is_complaint, flags in SMALL
    ]
