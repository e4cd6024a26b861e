"""The demo data set: bilingual complaints written for redress (no third-party data).

Each complaint keeps to its language, currency and jurisdiction all the way: the plan of an English UK
complaint is written in English, in GBP, and so is the letter that tells the customer (`demo_payloads`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from redress.complaints.choices import JURISDICTION_CURRENCY, Status


@dataclass(frozen=True)
class DemoPlan:
    outcome: str
    summary: str
    redress: tuple[tuple[str, str, str], ...]  # (type, amount, description)
    improvements: tuple[str, ...]
    approval_note: str


@dataclass(frozen=True)
class DemoCase:
    language: str
    jurisdiction: str
    channel: str
    name: str
    phone: str
    email: str
    product: str  # codes of the code tables
    business: str
    reason: str
    root_cause: str
    description: str
    desired_outcome: str
    goes_to: str  # the state the demo walks it to
    plan: DemoPlan | None = None  # the resolution, in the customer's language (past investigating)
    # How long ago it came in: some open ones near or past their deadline, for the deadline board to show.
    days_ago: float | None = None


CASES: tuple[DemoCase, ...] = (
    DemoCase(
        "zh-hans",
        "CN-NFRA",
        "phone",
        "张伟",
        "13800138001",
        "zhangwei@example.cn",
        "credit_card",
        "bank_card",
        "pricing_fees",
        "system_fault",
        "本人信用卡本月被重复收取年费两次，每次680元。致电客服三次均未解决，要求尽快退还。",
        "退还重复收取的年费680元",
        Status.CLOSED,
        DemoPlan(
            "upheld",
            "核实系统年费批处理重复扣收一次，予以全额退还。",
            (("refund", "680.00", "退还重复收取的年费"),),
            ("修复年费批处理重复扣费问题",),
            "同意退还。",
        ),
    ),
    DemoCase(
        "zh-hans",
        "CN-NFRA",
        "web",
        "李秀英",
        "13900139002",
        "lixiuying@example.cn",
        "wealth_product",
        "wealth",
        "marketing",
        "staff_error",
        "我母亲今年78岁，在网点被推销了一款理财产品，说是保本，现在亏损了两万多元。销售人员没有做风险评估。",
        "全额赔偿本金损失，并对销售人员进行处理",
        Status.RESOLUTION_PROPOSED,
        DemoPlan(
            "partly_upheld",
            "销售时未做风险评估，未向高龄客户充分揭示风险；产品说明书写明不保本。按本金损失的六成予以补偿，并对销售人员追责。",
            (
                ("financial_loss", "12600.00", "本金损失的六成"),
                ("non_monetary", "", "书面致歉"),
            ),
            ("网点销售理财产品前必须完成风险评估并录音录像", "对高龄客户的销售增加复核"),
            "",
        ),
    ),
    DemoCase(
        "zh-hans",
        "CN-PBOC",
        "email",
        "王芳",
        "13700137003",
        "wangfang@example.cn",
        "money_transfer",
        "payment",
        "funds_security",
        "third_party",
        "手机银行转账5万元给房东，对方称未收到，银行显示交易成功，但查询不到入账记录。",
        "查明资金去向，确保资金安全",
        Status.INVESTIGATING,
        days_ago=17,  # 15 days under CN-PBOC: overdue
    ),
    DemoCase(
        "zh-hans",
        "CN-NFRA",
        "social",
        "刘洋",
        "13600136004",
        "",
        "debit_card",
        "bank_card",
        "facilities_systems",
        "system_fault",
        "借记卡在ATM取款时被吞卡，网点说要等7个工作日才能取回，期间无法使用，耽误了工资发放。",
        "尽快归还银行卡并补偿损失",
        Status.ASSIGNED,
        days_ago=14.8,  # due within hours
    ),
    DemoCase(
        "zh-hans",
        "CN-NFRA",
        "phone",
        "陈静",
        "13500135005",
        "chenjing@example.cn",
        "personal_loan",
        "personal_info",
        "information_security",
        "policy_process",
        "最近频繁接到自称贵行的营销电话，对方能准确说出我的贷款金额，怀疑我的个人信息被泄露。",
        "调查信息泄露原因，停止骚扰电话",
        Status.TRIAGED,
        days_ago=11,  # due in four days
    ),
    DemoCase(
        "zh-hans",
        "CN-NFRA",
        "web",
        "杨磊",
        "13400134006",
        "yanglei@example.cn",
        "mortgage",
        "loan",
        "rules_process",
        "policy_process",
        "提前还款申请已提交一个月，一直没有回复，每个月还在按原计划扣款，多付了利息。",
        "尽快办理提前还款并退还多收利息",
        Status.RECEIVED,
    ),
    DemoCase(
        "zh-hant",
        "TW-FSC",
        "web",
        "林志明",
        "0912345678",
        "lin.zm@example.tw",
        "credit_card",
        "bank_card",
        "funds_security",
        "external_fraud",
        "信用卡在國外被盜刷三筆，共新台幣45,000元，已於當日掛失，但銀行拒絕退款，說是本人交易。",
        "撤銷盜刷交易並退還款項",
        Status.INVESTIGATING,
        days_ago=26,  # 30 days under TW-FSC: due this week
    ),
    DemoCase(
        "zh-hant",
        "HK-HKMA",
        "email",
        "黃嘉欣",
        "91234567",
        "wong.kayan@example.hk",
        "savings_account",
        "savings",
        "service_quality",
        "staff_error",
        "定期存款到期後，銀行未按我的指示轉入活期戶口，而是自動續期，損失了利息差額。",
        "按原指示處理並補償利息損失",
        Status.CUSTOMER_NOTIFIED,
        DemoPlan(
            "upheld",
            "分行未按客戶到期指示辦理，定期存款被自動續期。已按原指示轉入活期戶口，並補償兩者之間的利息差額。",
            (("financial_loss", "1850.00", "利息差額"), ("goodwill", "300.00", "致歉")),
            ("到期指示改由系統自動執行，不再人手處理",),
            "同意。",
        ),
    ),
    DemoCase(
        "en",
        "UK-FCA",
        "email",
        "Oliver Bennett",
        "07700900123",
        "oliver.bennett@example.co.uk",
        "current_account",
        "savings",
        "pricing_fees",
        "policy_process",
        "I was charged three unarranged overdraft fees in one week although my salary had been paid in. "
        "Nobody in branch could explain why the payment was held.",
        "Refund the fees and explain what went wrong",
        Status.RESOLUTION_APPROVED,
        DemoPlan(
            "upheld",
            "The salary payment was held by a fraud check that should have cleared the same day; the three "
            "unarranged overdraft fees followed from that delay and should not have been charged.",
            (
                ("refund", "45.00", "Three unarranged overdraft fees"),
                ("distress", "50.00", "For the inconvenience"),
            ),
            ("Clear salary payments held by the fraud check within the day",),
            "Agreed: refund the fees and pay for the inconvenience.",
        ),
    ),
    DemoCase(
        "en",
        "UK-FCA-PSD",
        "web",
        "Amelia Clarke",
        "07700900456",
        "amelia.clarke@example.co.uk",
        "money_transfer",
        "payment",
        "facilities_systems",
        "third_party",
        "A faster payment of £2,400 to my landlord has not arrived after five days and the app still shows it as sent.",
        "Trace the payment and cover the late-rent charge",
        Status.INVESTIGATING,
    ),
    DemoCase(
        "en",
        "US-CFPB",
        "web",
        "Maria Gonzalez",
        "2025550143",
        "maria.gonzalez@example.com",
        "credit_card",
        "credit_reporting",
        "information_security",
        "staff_error",
        "My credit report shows a late payment for March although I paid on time; "
        "I have the bank statement to prove it.",
        "Correct my credit report and remove the late fee",
        Status.ASSIGNED,
    ),
    DemoCase(
        "en",
        "US-CFPB",
        "phone",
        "James Walker",
        "3125550178",
        "",
        "mortgage",
        "loan",
        "disclosure",
        "product_design",
        "My escrow payment went up by $400 a month with no notice and my questions have gone unanswered for six weeks.",
        "An explanation of the escrow analysis and a payment plan",
        Status.RECEIVED,
    ),
)


_APPROVAL_NOTE = {"zh-hans": "同意。", "zh-hant": "同意。", "en": "Agreed."}


def demo_payloads(case: DemoCase) -> dict[str, dict[str, Any]]:
    """The parts of the walk's payloads a case writes itself: its plan in its language and its jurisdiction's
    currency, and the approver's note."""
    currency = JURISDICTION_CURRENCY[case.jurisdiction]
    note = _APPROVAL_NOTE[case.language]
    if case.plan is None:
        return {"approve_resolution": {"note": note}}
    plan = case.plan
    return {
        "propose_resolution": {
            "outcome": plan.outcome,
            "summary": plan.summary,
            "redress": [
                {"type": kind, "currency": currency, "description": text, **({"amount": amount} if amount else {})}
                for kind, amount, text in plan.redress
            ],
            "improvements": list(plan.improvements),
        },
        "approve_resolution": {"note": plan.approval_note or note},
    }
