"""The code tables a new institution starts with (loaded by the migrations; admins edit them after).

Business lines and reasons follow JR/T 0169-2018 dimensions B and C; the standard's numeric codes
were not found in a primary text, so codes are stable slugs. FCA product groups and cause groups
follow DISP 1 Annex 1R; the consolidated return of PS25/19 (from 2027) may rename them: they are
data. No Django here: the model code reads these lists too.
"""

from __future__ import annotations

from typing import Final

# (code, 简体, 繁體, English)
BUSINESS_LINES: Final[tuple[tuple[str, str, str, str], ...]] = (
    ("savings", "人民币储蓄", "人民幣儲蓄", "RMB savings and deposits"),
    ("loan", "贷款", "貸款", "Loans"),
    ("bank_card", "银行卡", "銀行卡", "Bank cards"),
    ("payment", "支付结算", "支付結算", "Payment and settlement"),
    ("personal_info", "个人金融信息", "個人金融資訊", "Personal financial information"),
    ("credit_reporting", "征信", "徵信", "Credit reporting"),
    ("wealth", "理财及代理", "理財及代理", "Wealth management and agency sales"),
    ("rmb_management", "人民币管理", "人民幣管理", "RMB cash management"),
    ("forex", "外汇", "外匯", "Foreign exchange"),
    ("other", "其他", "其他", "Other"),
)

_BANKING = "Banking and credit cards"
_HOME = "Home finance"
_CREDIT = "Consumer credit"
# (code, 简体, 繁體, English, business line, FCA group, FCA product, CFPB product)
PRODUCTS: Final[tuple[tuple[str, str, str, str, str, str, str, str], ...]] = (
    (
        "current_account",
        "活期账户",
        "活期帳戶",
        "Current account",
        "savings",
        _BANKING,
        "Current accounts",
        "Checking or savings account",
    ),
    (
        "savings_account",
        "储蓄存款",
        "儲蓄存款",
        "Savings account",
        "savings",
        _BANKING,
        "Savings (inc. ISAs)",
        "Checking or savings account",
    ),
    ("credit_card", "信用卡", "信用卡", "Credit card", "bank_card", _BANKING, "Credit cards", "Credit card"),
    # The CFPB files debit and ATM cards under the account they draw on ("Managing an account").
    (
        "debit_card",
        "借记卡",
        "金融卡",
        "Debit card",
        "bank_card",
        _BANKING,
        "Current accounts",
        "Checking or savings account",
    ),
    ("prepaid_card", "预付卡", "預付卡", "Prepaid card", "bank_card", _BANKING, "Other banking", "Prepaid card"),
    (
        "money_transfer",
        "转账汇款",
        "轉帳匯款",
        "Money transfer",
        "payment",
        _BANKING,
        "Other banking",
        "Money transfer, virtual currency, or money service",
    ),
    ("mortgage", "住房贷款", "房屋貸款", "Mortgage", "loan", _HOME, "Mortgages", "Mortgage"),
    (
        "personal_loan",
        "个人消费贷款",
        "個人消費貸款",
        "Personal loan",
        "loan",
        _CREDIT,
        "Unsecured loans",
        "Payday loan, title loan, personal loan, or advance loan",
    ),
    (
        "vehicle_loan",
        "汽车贷款",
        "汽車貸款",
        "Vehicle loan or lease",
        "loan",
        _CREDIT,
        "Motor finance",
        "Vehicle loan or lease",
    ),
    ("student_loan", "助学贷款", "助學貸款", "Student loan", "loan", _CREDIT, "Student loans", "Student loan"),
    (
        "debt_collection",
        "债务催收",
        "債務催收",
        "Debt collection",
        "loan",
        _CREDIT,
        "Debt collecting",
        "Debt collection",
    ),
    (
        "debt_management",
        "债务管理",
        "債務管理",
        "Debt or credit management",
        "loan",
        _CREDIT,
        "Debt adjusting and counselling",
        "Debt or credit management",
    ),
    (
        "credit_report",
        "个人征信报告",
        "個人信用報告",
        "Credit report",
        "credit_reporting",
        _CREDIT,
        "Credit reference agencies",
        "Credit reporting or other personal consumer reports",
    ),
    (
        "wealth_product",
        "理财产品",
        "理財產品",
        "Wealth management product",
        "wealth",
        "Investments",
        "Investment products",
        "",
    ),
    (
        "insurance",
        "代理保险",
        "代理保險",
        "Insurance sold by the bank",
        "wealth",
        "Insurance & pure protection",
        "Other general insurance",
        "",
    ),
    ("forex_service", "外汇业务", "外匯業務", "Foreign exchange service", "forex", _BANKING, "Other banking", ""),
    ("other", "其他产品", "其他產品", "Other product", "other", _BANKING, "Other banking", ""),
)

_SELLING = "Advising, selling and arranging"
_TERMS = "Terms and disputed sums/charges"
_ADMIN = "General admin/customer service"
_ARREARS = "Arrears related"
_OTHER = "Other"
# (code, 简体, 繁體, English, FCA cause group, CFPB issue, triage keywords)
REASONS: Final[tuple[tuple[str, str, str, str, str, str, str], ...]] = (
    (
        "service_quality",
        "服务态度及质量",
        "服務態度及品質",
        "Service attitude and quality",
        _ADMIN,
        "Problem with customer service",
        "态度\n服务差\n不耐烦\n推诿\n不理睬\nrude\nunhelpful\ncustomer service\nattitude\nhung up\nno one called back",
    ),
    (
        "facilities_systems",
        "设施设备系统",
        "設施設備系統",
        "Facilities, equipment and systems",
        _ADMIN,
        "Trouble using your card",
        "系统故障\n系统\n闪退\nATM\n取款机\n网银\n登录不了\n無法登入\noutage\ncrashed\n"
        "app\nwebsite\ncannot log in\ncan't log in",
    ),
    (
        "rules_process",
        "制度规则流程",
        "制度規則流程",
        "Rules, policies and procedures",
        _ADMIN,
        "Managing an account",
        "流程\n手续\n规定\n材料\n繁琐\nprocedure\npaperwork\npolicy\nprocess\nverification",
    ),
    (
        "marketing",
        "营销方式",
        "行銷方式",
        "Sales and marketing practices",
        _SELLING,
        "Advertising and marketing, including promotional offers",
        "营销\n推销\n骚扰电话\n误导销售\n行銷\nmis-sold\nmissold\ntelemarketing\nsales call\npressured",
    ),
    (
        "disclosure",
        "信息披露",
        "資訊披露",
        "Information disclosure",
        _SELLING,
        "Confusing or missing disclosures",
        "未告知\n没有告知\n没告知\n隐瞒\n未說明\nnot told\nnever told\nmisleading\nnot disclosed\nhidden",
    ),
    (
        "returns",
        "产品收益",
        "產品收益",
        "Product returns",
        _TERMS,
        "Problem with the payoff process",
        "收益\n亏损\n虧損\n收益率\n净值\nreturns\nyield\nlost value",
    ),
    (
        "free_choice",
        "自主选择权",
        "自主選擇權",
        "Freedom of choice",
        _SELLING,
        "",
        "捆绑\n搭售\n强制\n強制\nforced to buy\nbundled\ntied to",
    ),
    (
        "pricing_fees",
        "定价收费",
        "定價收費",
        "Pricing and fees",
        _TERMS,
        "Fees or interest",
        "收费\n手续费\n年费\n扣费\n费用\n收費\n手續費\nfee\nfees\ncharged\novercharged\ninterest rate",
    ),
    (
        "contract_terms",
        "合同条款",
        "合約條款",
        "Contract terms",
        _TERMS,
        "Problem with the terms of the contract",
        "合同\n条款\n协议\n合約\n條款\ncontract\nterms and conditions\nagreement",
    ),
    (
        "funds_security",
        "资金安全",
        "資金安全",
        "Security of funds",
        _OTHER,
        "Problem with a purchase shown on your statement",
        "盗刷\n被盗\n诈骗\n盜刷\n詐騙\n资金安全\nfraud\nunauthorized\nunauthorised\nstolen\nscam\nnever made",
    ),
    (
        "information_security",
        "信息安全",
        "資訊安全",
        "Information security and privacy",
        _OTHER,
        "Improper use of your report",
        "泄露\n洩露\n个人信息\n個人資料\n隐私\n隱私\ndata breach\nprivacy\npersonal information\nleaked",
    ),
    (
        "debt_collection",
        "债务催收方式和手段",
        "債務催收方式和手段",
        "Debt collection methods",
        _ARREARS,
        "Communication tactics",
        "催收\n催款\n暴力催收\n爆通讯录\ncollector\ndebt collection\nharass\nharassing",
    ),
    ("other", "其他", "其他", "Other", _OTHER, "", ""),
)

# (code, 简体, 繁體, English, FCA cause group, CFPB issue)
ROOT_CAUSES: Final[tuple[tuple[str, str, str, str, str, str], ...]] = (
    ("staff_error", "员工差错", "員工差錯", "Staff error", _ADMIN, ""),
    ("system_fault", "系统故障", "系統故障", "System fault", _ADMIN, ""),
    ("policy_process", "制度流程缺陷", "制度流程缺陷", "Policy or process gap", _ADMIN, ""),
    ("product_design", "产品设计", "產品設計", "Product design", _TERMS, ""),
    ("third_party", "第三方原因", "第三方原因", "Third party", _OTHER, ""),
    ("external_fraud", "外部欺诈", "外部詐欺", "External fraud", _OTHER, ""),
    ("customer_misunderstanding", "客户误解", "客戶誤解", "Customer misunderstanding", _OTHER, ""),
    ("none_found", "未发现机构原因", "未發現機構原因", "No cause found in the institution", _OTHER, ""),
)

# How a CFPB "Issue" (any era's wording) counts as a reason when no reason's `cfpb_issue` is that issue:
# (reason, words). Tried in order, the first rule with a word in the issue wins; none: "other". Read
# from the public samples' issues; the order settles overlaps (a debt collector threatening to share
# information is a collection method; a fraud alert on a credit report is about the report).
CFPB_ISSUE_RULES: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    (
        "debt_collection",
        (
            "collect",
            "communication tactics",
            "threaten",
            "negative or legal action",
            "notification about debt",
            "verification of debt",
            "debt not owed",
            "repossess",
            "illegal action",
            "improper contact",
            "false statements",
            "contact someone or share information",
        ),
    ),
    (
        "information_security",
        (
            "fraud alert",
            "security freeze",
            "incorrect information on",
            "improper use",
            "credit report",
            "your report",
            "credit score",
            "credit monitoring",
            "identity theft protection",
            "personal information",
            "privacy",
        ),
    ),
    (
        "funds_security",
        (
            "fraud",
            "scam",
            "unauthori",
            "identity theft",
            "stolen",
            "embezzlement",
            "didn't apply for",
            "taken from your bank account",
            "charging your account",
            "stop withdrawals",
        ),
    ),
    ("pricing_fees", ("fee", "interest", "funds being low", "funds low", "billing", "overdraft")),
    ("marketing", ("advertising", "marketing", "promotional")),
    ("free_choice", ("add-on products",)),
    ("disclosure", ("disclosure", "confusing", "misleading")),
    ("contract_terms", ("terms", "contract")),
    (
        "service_quality",
        ("customer service", "can't contact", "contact lender", "dealing with your lender", "dealing with my lender"),
    ),
    ("facilities_systems", ("trouble using", "using the card", "mobile wallet", "online", "website")),
    (
        "rules_process",
        (
            "managing",
            "opening",
            "closing",
            "account",
            "payment",
            "payoff",
            "getting a",
            "applying",
            "application",
            "loan",
            "lease",
            "mortgage",
            "servicer",
            "credit limit",
            "struggling",
            "unable to pay",
            "investigation",
            "settlement",
            "money was not available",
            "didn't receive",
            "purchase",
            "transfer",
            "deposit",
        ),
    ),
)
