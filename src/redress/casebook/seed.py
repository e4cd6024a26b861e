"""The situations and guides a new installation starts with (compliance edits them in the admin afterwards).

Short, practical and in the three languages: how to speak to an angry or vulnerable customer, what to
promise and not to promise, a bereaved customer, a victim of fraud.
"""

from __future__ import annotations

from typing import Any

SITUATIONS: tuple[tuple[str, str, str, str], ...] = (
    ("angry", "情绪激动的客户", "情緒激動的客戶", "An angry customer"),
    ("vulnerable", "弱势客户", "弱勢客戶", "A vulnerable customer"),
    ("promises", "可以承诺与不可承诺的事项", "可以承諾與不可承諾的事項", "What to promise and what not to"),
    ("bereavement", "客户亲属离世", "客戶親屬離世", "A bereaved customer"),
    ("fraud", "诈骗受害者", "詐騙受害者", "A victim of fraud"),
)

ANGRY: dict[str, Any] = {
    "situation": "angry",
    "title_zh_hans": "如何与情绪激动的客户沟通",
    "title_zh_hant": "如何與情緒激動的客戶溝通",
    "title_en": "Speaking to an angry customer",
    "body_zh_hans": """先听完，再说话。客户生气，往往是因为觉得没人在听。

1. **让客户说完**，不打断、不争辩；复述你听到的要点，确认理解无误。
2. **承认感受**：“我理解这件事给您带来了很大困扰。”——承认感受不等于承认责任。
3. **说清下一步**：谁来处理、何时回复、通过什么方式联系。
4. **不要**提高音量、使用专业术语搪塞，或说“这是规定”而不解释。
5. 客户辱骂或威胁时，平静告知将结束通话，并在系统中记录。

通话结束前，告诉客户投诉编号和答复期限。""",
    "body_zh_hant": """先聽完，再說話。客戶生氣，往往是因為覺得沒人在聽。

1. **讓客戶說完**，不打斷、不爭辯；複述你聽到的重點，確認理解無誤。
2. **承認感受**：「我理解這件事給您帶來了很大困擾。」——承認感受不等於承認責任。
3. **說清下一步**：誰來處理、何時回覆、透過什麼方式聯絡。
4. **不要**提高音量、用專業術語搪塞，或說「這是規定」而不解釋。
5. 客戶辱罵或威脅時，平靜告知將結束通話，並在系統中記錄。

通話結束前，告訴客戶投訴編號和答覆期限。""",
    "body_en": """\
Listen first, then speak. Customers are often angry because they feel nobody is listening.

1. **Let them finish.** Do not interrupt or argue; repeat back the main points to check you understood.
2. **Acknowledge the feeling**: "I understand this has caused you a lot of trouble." Acknowledging a feeling
   is not admitting fault.
3. **Say what happens next**: who will handle it, by when they will hear back, and how.
4. **Do not** raise your voice, hide behind jargon, or say "it's the rules" without explaining them.
5. If the customer is abusive or threatening, calmly say you will end the call, and record it.

Before the call ends, give the complaint reference and the date by which they will get an answer.""",
}

VULNERABLE: dict[str, Any] = {
    "situation": "vulnerable",
    "title_zh_hans": "识别并照顾弱势客户",
    "title_zh_hant": "識別並照顧弱勢客戶",
    "title_en": "Recognising and helping a vulnerable customer",
    "body_zh_hans": """老年人、残障人士、重病或刚遭遇变故的客户，可能需要更多时间和帮助。

- 留意迹象：反复询问、难以理解、提到疾病、失业或家庭变故。
- 放慢语速，用简单的话；必要时改用书面、大字或面谈方式。
- 经客户同意，可与其授权的家属或代理人沟通。
- 在投诉中记录需要的帮助（不记录不必要的健康细节）。
- 考虑加急处理，或在方案中减免费用、暂停催收。""",
    "body_zh_hant": """長者、身心障礙者、重病或剛遭遇變故的客戶，可能需要更多時間和協助。

- 留意跡象：反覆詢問、難以理解、提到疾病、失業或家庭變故。
- 放慢語速，用簡單的話；必要時改用書面、大字或面談方式。
- 經客戶同意，可與其授權的家屬或代理人溝通。
- 在投訴中記錄需要的協助（不記錄不必要的健康細節）。
- 考慮加急處理，或在方案中減免費用、暫停催收。""",
    "body_en": """\
Older customers, people with a disability, a serious illness or a recent upheaval may need more time
and help.

- Watch for signs: repeated questions, difficulty understanding, mentions of illness, job loss or family events.
- Slow down and use plain words; offer writing, large print or a meeting where it helps.
- With the customer's consent, speak to a relative or representative they authorise.
- Record the help they need on the complaint (not health details you do not need).
- Consider handling it urgently, and waiving fees or pausing collections in the resolution.""",
}

PROMISES: dict[str, Any] = {
    "situation": "promises",
    "title_zh_hans": "可以承诺什么，不可以承诺什么",
    "title_zh_hant": "可以承諾什麼，不可以承諾什麼",
    "title_en": "What to promise, and what not to",
    "body_zh_hans": """**可以承诺**：认真调查；在期限内答复；告诉客户处理进展；\
说明如不满意可申请复核或向监管机构、调解组织求助。

**不可以承诺**：处理结果、赔偿金额或退款，直到方案获得批准；“一定”“保证”之类的字眼；超出权限的期限。

不确定时，说“我会确认后在某日前回复您”，并记得做到。""",
    "body_zh_hant": """**可以承諾**：認真調查；在期限內答覆；告訴客戶處理進度；\
說明如不滿意可申請複核或向主管機關、評議機構求助。

**不可以承諾**：處理結果、賠償金額或退款，直到方案獲得核准；「一定」「保證」之類的字眼；超出權限的期限。

不確定時，說「我會確認後在某日前回覆您」，並記得做到。""",
    "body_en": """\
**You may promise**: a fair investigation; an answer within the deadline; updates on progress; that they
may ask for a review, or go to the regulator or the ombudsman, if they are not satisfied.

**Do not promise**: an outcome, an amount of compensation or a refund before the resolution is approved;
anything "guaranteed"; a date you cannot keep.

When unsure, say "I will check and come back to you by [date]" — and do.""",
}

BEREAVEMENT: dict[str, Any] = {
    "situation": "bereavement",
    "title_zh_hans": "客户亲属离世时",
    "title_zh_hant": "客戶親屬離世時",
    "title_en": "When a customer has been bereaved",
    "body_zh_hans": """先表示慰问，再谈业务。一次说清需要哪些材料，避免让家属反复提交或反复讲述。
暂停对逝者账户的营销和催收；告诉家属谁是固定联系人。""",
    "body_zh_hant": """先表示慰問，再談業務。一次說清需要哪些文件，避免讓家屬反覆提交或反覆講述。
暫停對逝者帳戶的行銷和催收；告訴家屬誰是固定聯絡人。""",
    "body_en": """\
Offer condolences before business. Say once, clearly, which documents are needed, so the family does not
have to send them or tell the story again. Stop marketing and collections on the account, and give the
family one named contact.""",
}

FRAUD: dict[str, Any] = {
    "situation": "fraud",
    "title_zh_hans": "诈骗受害者的投诉",
    "title_zh_hant": "詐騙受害者的投訴",
    "title_en": "A complaint from a victim of fraud",
    "body_zh_hans": """不要责怪客户。立即协助冻结卡片或账户、保留交易记录，并告知报警渠道。
调查时核对我方的风控提示是否到位；结论和可能的赔付以批准的方案为准，事前不作承诺。""",
    "body_zh_hant": """不要責怪客戶。立即協助凍結卡片或帳戶、保留交易紀錄，並告知報案管道。
調查時核對我方的風控提示是否到位；結論和可能的賠付以核准的方案為準，事前不作承諾。""",
    "body_en": """\
Do not blame the customer. Help at once to block the card or account, keep the transaction records, and
tell them how to report it to the police. In the investigation, check whether our own warnings worked; the
outcome and any refund follow the approved resolution, never a promise made beforehand.""",
}

GUIDES: tuple[dict[str, Any], ...] = (ANGRY, VULNERABLE, PROMISES, BEREAVEMENT, FRAUD)
