"""Realistic, bilingual complaint data: distinct customers, Chinese and English texts.

Deterministic for a seed. No tabs, newlines or backslashes in any value (the COPY loader
writes PostgreSQL text format without escaping).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

ZH_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
ZH_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬建国志宏海波晓东欣怡子涵梓萱浩宇"
EN_FIRST = [
    "Oliver",
    "Amelia",
    "George",
    "Isla",
    "Harry",
    "Ava",
    "Jack",
    "Mia",
    "Noah",
    "Emily",
    "Leo",
    "Grace",
    "Arthur",
    "Sophia",
    "Oscar",
    "Lily",
    "Charlie",
    "Freya",
    "Thomas",
    "Evie",
    "Wing Kei",
    "Ka Yan",
    "Chi Ming",
]
EN_LAST = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Wright",
    "Chan",
    "Wong",
    "Cheung",
    "Lau",
    "Ng",
    "O'Brien",
    "Evans",
    "Walker",
    "Roberts",
    "Green",
]
ZH_CITIES = [
    ("北京市", "朝阳区", "建国路"),
    ("上海市", "浦东新区", "世纪大道"),
    ("广州市", "天河区", "天河路"),
    ("深圳市", "福田区", "深南大道"),
    ("杭州市", "西湖区", "文三路"),
    ("成都市", "锦江区", "红星路"),
    ("武汉市", "江汉区", "解放大道"),
    ("南京市", "鼓楼区", "中山路"),
    ("西安市", "雁塔区", "长安南路"),
]
EN_STREETS = [
    ("Baker Street", "London", "NW1 6XE"),
    ("High Street", "Oxford", "OX1 4AP"),
    ("Deansgate", "Manchester", "M3 4LQ"),
    ("Queen's Road Central", "Hong Kong", ""),
    ("Nathan Road", "Kowloon", ""),
    ("Princes Street", "Edinburgh", "EH2 2ER"),
]
REGION_CODES = [
    "110101",
    "110105",
    "310104",
    "310115",
    "440103",
    "440304",
    "330106",
    "510104",
    "420103",
    "320106",
]

# (product, business line, zh description templates, en description templates)
PRODUCTS: list[tuple[str, str, str]] = [
    ("信用卡", "bank_card", "credit card"),
    ("借记卡", "bank_card", "debit card"),
    ("个人住房贷款", "loans", "mortgage"),
    ("个人消费贷款", "loans", "personal loan"),
    ("理财产品", "wealth", "investment product"),
    ("手机银行", "e_banking", "mobile banking app"),
    ("网上银行", "e_banking", "online banking"),
    ("定期存款", "deposits", "fixed deposit"),
    ("代销保险", "agency", "bancassurance policy"),
    ("代销基金", "agency", "mutual fund"),
    ("跨境汇款", "payments", "international transfer"),
    ("ATM", "bank_card", "cash machine"),
    ("信用卡分期", "bank_card", "card instalment plan"),
    ("外汇业务", "payments", "foreign exchange"),
]
# The code each product has in the product table (`redress.codes`): a registration names a known product,
# as an integrating system would, by its code. Banking apps and online banking are ways to a current account.
PRODUCT_CODES = {
    "信用卡": "credit_card",
    "借记卡": "debit_card",
    "个人住房贷款": "mortgage",
    "个人消费贷款": "personal_loan",
    "理财产品": "wealth_product",
    "手机银行": "current_account",
    "网上银行": "current_account",
    "定期存款": "savings_account",
    "代销保险": "insurance",
    "代销基金": "wealth_product",
    "跨境汇款": "money_transfer",
    "ATM": "debit_card",
    "信用卡分期": "credit_card",
    "外汇业务": "forex_service",
}
PRODUCT_CODES.update({en: PRODUCT_CODES[zh] for zh, _, en in PRODUCTS})
ZH_DESCRIPTIONS = [
    "本人于{date}使用{product}消费时被重复扣款{amount}元，致电客服热线多次，客服未能给出合理解释。",
    "{product}账户于{date}被收取{fee}，办理业务时工作人员未告知该项收费，事先也未收到任何短信或邮件通知。",
    "在{branch}网点办理{product}业务时，理财经理推荐购买高风险产品，未充分揭示风险，目前本金亏损约{amount}元。",
    "{date}起{product}无法正常登录，提示账户被冻结，到网点要求解冻被告知需提供大量材料，排队等候超过{minutes}分钟。",
    "申请{product}提前还款时被收取违约金{amount}元，合同中相关条款字体极小且未作提示，认为收费不合理。",
    "多次接到贵行催收电话，称本人{product}逾期，但本人从未办理过该业务，怀疑个人信息被冒用，请尽快核查。",
    "通过{product}向境外汇款{amount}元，至今{minutes}天仍未到账，客服只说在处理中，无法提供任何进度信息。",
    "{date}在ATM取款{amount}元，机器显示交易成功但未出钞，账户已扣款，申请退款至今没有结果。",
]
EN_DESCRIPTIONS = [
    "On {date} I was charged {amount} twice on my {product}. I called the helpline {times} times and nobody could "
    "explain the second charge.",
    "A {fee} was taken from my {product} on {date} without any notice. Nobody at the branch mentioned this fee when "
    "I opened the account.",
    "The adviser at the {branch} branch sold me a {product} as low risk. I have now lost about {amount} of my savings.",
    "Since {date} I cannot log in to my {product}; the account shows as frozen and I waited {minutes} minutes in the "
    "branch to be told to come back with more documents.",
    "I was charged an early repayment fee of {amount} on my {product}. The term was hidden in the small print and "
    "never explained to me.",
    "I keep receiving collection calls about an overdue {product} that I never opened. I believe my identity has "
    "been used fraudulently.",
    "My {product} of {amount} sent on {date} has still not arrived after {minutes} days and customer service cannot "
    "tell me where the money is.",
]
ZH_EXTRA = [
    "希望贵行尽快处理并给予书面答复。",
    "此事已严重影响本人正常生活。",
    "如不能妥善解决，将向监管部门反映。",
    "附上交易流水截图供参考。",
    "客服态度冷淡，多次推诿。",
    "",
]
EN_EXTRA = [
    "I would like a written reply.",
    "This has caused me a great deal of stress.",
    "If this is not resolved I will take it to the ombudsman.",
    "I attach my statement.",
    "",
]
ZH_OUTCOMES = [
    "退还重复扣取的款项",
    "退还相关费用并道歉",
    "赔偿本金损失",
    "解冻账户并说明原因",
    "核查并更正征信记录",
    "尽快到账并赔偿损失",
]
EN_OUTCOMES = [
    "A refund of the duplicate charge",
    "A refund of the fee and an apology",
    "Compensation for my loss",
    "Unfreeze my account and explain why",
    "Correct my credit file",
    "Trace the payment and compensate me",
]
ZH_FEES = ["年费200元", "账户管理费50元", "短信服务费36元", "小额账户管理费12元", "取现手续费30元"]
EN_FEES = [
    "£35 arrangement fee",
    "£12 late payment fee",
    "£6 monthly account fee",
    "HK$200 annual fee",
]
BRANCHES_ZH = ["朝阳支行", "浦东分行", "天河支行", "福田支行", "西湖支行", "锦江支行"]
BRANCHES_EN = ["Oxford Street", "Central", "Mong Kok", "Canary Wharf", "Deansgate"]
CHANNELS = [
    ("phone", 45),
    ("web", 15),
    ("branch", 15),
    ("api", 10),
    ("email", 8),
    ("social", 5),
    ("letter", 2),
]


def _id_check(body17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(d) * w for d, w in zip(body17, weights, strict=True)) % 11]


@dataclass(frozen=True)
class Customer:
    name: str
    id_number: str
    phone: str
    email: str
    address: str
    language: str  # zh-hans, zh-hant, en

    def as_dict(self) -> dict[str, str]:
        return {
            "name": self.name,
            "id_number": self.id_number,
            "phone": self.phone,
            "email": self.email,
            "address": self.address,
        }


def customer(n: int, rng: random.Random) -> Customer:
    """Customer number `n`: distinct phone, e-mail and ID number for each n."""
    roll = rng.random()
    if roll < 0.7:  # mainland, simplified Chinese
        name = rng.choice(ZH_SURNAMES) + "".join(rng.choice(ZH_GIVEN) for _ in range(rng.choice((1, 2))))
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 55))
        body = f"{rng.choice(REGION_CODES)}{birth:%Y%m%d}{n % 1000:03d}"
        id_number = body + _id_check(body)
        phone = f"1{rng.choice('3456789')}{n % 10**9:09d}"
        if rng.random() < 0.2:
            phone = f"+86 {phone[:3]}-{phone[3:7]}-{phone[7:]}"
        city, district, road = rng.choice(ZH_CITIES)
        address = f"{city}{district}{road}{rng.randrange(1, 999)}号{rng.randrange(1, 30)}栋{rng.randrange(101, 2999)}室"
        email = f"user{n}@example.cn" if rng.random() < 0.6 else ""
        return Customer(name, id_number, phone, email, address, "zh-hans")
    if roll < 0.8:  # Hong Kong / Taiwan, traditional Chinese
        name = rng.choice("陳黃李張梁林王吳劉") + "".join(rng.choice("嘉欣志偉家豪詠詩俊傑") for _ in range(2))
        phone = f"+852 {5 + n % 4}{n % 10**7:07d}"
        return Customer(
            name,
            f"A{n % 10**6:06d}{rng.randrange(10)}",
            phone,
            f"hk{n}@example.hk",
            f"香港九龍彌敦道{rng.randrange(1, 800)}號{rng.randrange(1, 40)}樓",
            "zh-hant",
        )
    first, last = rng.choice(EN_FIRST), rng.choice(EN_LAST)
    street, town, postcode = rng.choice(EN_STREETS)
    phone = f"+44 7700 {n % 10**6:06d}" if rng.random() < 0.8 else ""
    return Customer(
        f"{first} {last}",
        "",
        phone,
        f"{first.lower().replace(' ', '')}.{last.lower()}.{n}@example.co.uk",
        f"{rng.randrange(1, 300)} {street}, {town} {postcode}".strip(),
        "en",
    )


def complaint_text(language: str, rng: random.Random, when: dt.datetime) -> tuple[str, str, str, str]:
    """(description, desired outcome, product, business line) in the customer's language."""
    product_zh, business, product_en = rng.choice(PRODUCTS)
    if language == "en":
        text = rng.choice(EN_DESCRIPTIONS).format(
            date=f"{when:%d %B %Y}",
            amount=f"£{rng.randrange(20, 20000)}.{rng.randrange(100):02d}",
            product=product_en,
            times=rng.randrange(2, 9),
            fee=rng.choice(EN_FEES),
            branch=rng.choice(BRANCHES_EN),
            minutes=rng.randrange(20, 150),
        )
        extra = " ".join(rng.sample(EN_EXTRA, 2)).strip()
        return (f"{text} {extra}".strip(), rng.choice(EN_OUTCOMES), product_en, business)
    text = rng.choice(ZH_DESCRIPTIONS).format(
        date=f"{when.year}年{when.month}月{when.day}日",
        amount=rng.randrange(20, 50000),
        product=product_zh,
        fee=rng.choice(ZH_FEES),
        branch=rng.choice(BRANCHES_ZH),
        minutes=rng.randrange(20, 150),
    )
    return (text + "".join(rng.sample(ZH_EXTRA, 2)), rng.choice(ZH_OUTCOMES), product_zh, business)


def channel(rng: random.Random) -> str:
    return rng.choices([c for c, _ in CHANNELS], weights=[w for _, w in CHANNELS])[0]


def jurisdiction(language: str, rng: random.Random) -> str:
    if language == "zh-hans":
        return "CN-NFRA" if rng.random() < 0.8 else "CN-PBOC"
    if language == "zh-hant":
        return "HK-HKMA" if rng.random() < 0.7 else "TW-FSC"
    return rng.choice(["UK-FCA", "UK-FCA", "UK-FCA-PSD", "HK-HKMA"])


def register_body(n: int, rng: random.Random, now: dt.datetime | None = None) -> dict[str, Any]:
    """The JSON body of POST /api/v1/complaints/ for customer number n."""
    now = now or dt.datetime.now(dt.UTC)
    cust = customer(n, rng)
    received = now - dt.timedelta(minutes=rng.randrange(1, 60 * 24 * 3))
    description, outcome, product, _ = complaint_text(cust.language, rng, received)
    body: dict[str, Any] = {
        "channel": channel(rng),
        "customer": cust.as_dict(),
        "description": description,
        "desired_outcome": outcome,
        "product": PRODUCT_CODES[product],
        "received_at": received.isoformat(timespec="seconds"),
        "jurisdiction": jurisdiction(cust.language, rng),
        "language": cust.language,
    }
    if rng.random() < 0.3:
        body["call_recording_ref"] = f"REC-{received:%Y%m%d}-{n:08d}"
    if rng.random() < 0.05:
        body["named_staff_text"] = "柜员 小王" if cust.language != "en" else "the adviser, Mr Lee"
    return body
