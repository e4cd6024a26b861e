# ruff: noqa: E501  (letter texts: Chinese lines are wide; breaking them mid-sentence helps no reader)
"""The letter templates a new institution gets: every kind, every jurisdiction the policies cover, three languages.

Data, loaded on migrate; admins edit them in the Django admin. Each text is a Django template of
plain text; the variables it may use are listed in the README ("Letters"). The remedies each
jurisdiction requires a final decision to name (CN: the review under NFRA Order 2020 No. 3, then mediation,
arbitration or a lawsuit; UK: the Financial Ombudsman Service, FCA DISP 1.6.2R; TW: the 評議中心 within
60 days, 金融消費者保護法 §13; US: the CFPB; HK: the FDRC and the HKMA) are written out per
jurisdiction and are required elements, so a template or an edited letter without them cannot be used.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps as live_apps

EN, HANS, HANT = "en", "zh-hans", "zh-hant"
LANGUAGES = (EN, HANS, HANT)
CN = ("CN-NFRA", "CN-PBOC")
UK = ("UK-FCA", "UK-FCA-PSD")


def _el(element: str, *, placeholders: tuple[str, ...] = (), phrases: tuple[str, ...] = ()) -> dict[str, Any]:
    entry: dict[str, Any] = {"element": element}
    if placeholders:
        entry["placeholders"] = list(placeholders)
    if phrases:
        entry["phrases"] = list(phrases)
    return entry


REFERENCE = _el("reference", placeholders=("reference",))

GREETING = {EN: "Dear {{ customer_name }},", HANS: "尊敬的{{ customer_name }}：", HANT: "尊敬的{{ customer_name }}："}
SIGNATURE = {
    EN: "Yours sincerely,\nComplaints team\n{{ institution }}",
    HANS: "此致\n敬礼！\n\n{{ institution }} 投诉处理部门\n{{ today }}",
    HANT: "此致\n敬禮！\n\n{{ institution }} 投訴處理部門\n{{ today }}",
}

# --- Acknowledgement, extension, decline: one text for every jurisdiction -----------------

# How the acknowledgement tells the customer of their tracking code: what actually happened to it
# (`tracking_code_by`, from intake): sent by e-mail or text message, given on screen or read out on the
# phone, or (a posted complaint, no address to send it to) written in this letter.
TRACKING_OLD = {
    EN: "You can follow your complaint on our website with its reference and the tracking code we sent you, "
    "or call us quoting the reference.",
    HANS: "您可以在我们的网站上凭投诉编号和我们发送给您的查询码查询处理进度，也可以来电并告知投诉编号。",
    HANT: "您可以在我們的網站上憑投訴編號和我們傳送給您的查詢碼查詢處理進度，也可以來電並告知投訴編號。",
}
TRACKING = {
    EN: "{% if tracking_code_by == 'email' %}You can follow your complaint on our website with its reference and "
    "the tracking code we sent you in a separate e-mail, or call us quoting the reference."
    "{% elif tracking_code_by == 'sms' %}You can follow your complaint on our website with its reference and the "
    "tracking code we sent you by text message, or call us quoting the reference."
    "{% elif tracking_code_by == 'given' %}You can follow your complaint on our website with its reference and the "
    "tracking code you were given when you made your complaint, or call us quoting the reference."
    "{% elif tracking_code_by == 'letter' %}You can follow your complaint on our website with its reference and "
    "this tracking code: {{ tracking_code }}. Keep it to yourself. You can also call us quoting the reference."
    "{% else %}You can call us quoting the reference to hear how your complaint is progressing.{% endif %}",
    HANS: "{% if tracking_code_by == 'email' %}您可以在我们的网站上凭投诉编号和我们另行通过电子邮件发送给您的查询码查询处理进度，也可以来电并告知投诉编号。"
    "{% elif tracking_code_by == 'sms' %}您可以在我们的网站上凭投诉编号和我们通过短信发送给您的查询码查询处理进度，也可以来电并告知投诉编号。"
    "{% elif tracking_code_by == 'given' %}您可以在我们的网站上凭投诉编号和您提出投诉时获得的查询码查询处理进度，也可以来电并告知投诉编号。"
    "{% elif tracking_code_by == 'letter' %}您可以在我们的网站上凭投诉编号和以下查询码查询处理进度：{{ tracking_code }}。请妥善保管该查询码。您也可以来电并告知投诉编号。"
    "{% else %}您可以来电并告知投诉编号，了解投诉的处理进度。{% endif %}",
    HANT: "{% if tracking_code_by == 'email' %}您可以在我們的網站上憑投訴編號和我們另行透過電子郵件傳送給您的查詢碼查詢處理進度，也可以來電並告知投訴編號。"
    "{% elif tracking_code_by == 'sms' %}您可以在我們的網站上憑投訴編號和我們透過簡訊傳送給您的查詢碼查詢處理進度，也可以來電並告知投訴編號。"
    "{% elif tracking_code_by == 'given' %}您可以在我們的網站上憑投訴編號和您提出投訴時獲得的查詢碼查詢處理進度，也可以來電並告知投訴編號。"
    "{% elif tracking_code_by == 'letter' %}您可以在我們的網站上憑投訴編號和以下查詢碼查詢處理進度：{{ tracking_code }}。請妥善保管該查詢碼。您也可以來電並告知投訴編號。"
    "{% else %}您可以來電並告知投訴編號，了解投訴的處理進度。{% endif %}",
}


ACKNOWLEDGEMENT = {
    EN: (
        "We have received your complaint {{ reference }}",
        "Thank you for telling us about your concern. We registered your complaint on {{ received_date }} "
        "under the reference {{ reference }}.\n"
        "{% if decision_due %}\nWe will send you our decision by {{ decision_due }} at the latest. If we need "
        "longer, we will tell you why and when to expect it.\n{% endif %}\n"
        f"{TRACKING[EN]}",
    ),
    HANS: (
        "我们已收到您的投诉（编号 {{ reference }}）",
        "感谢您向我们反映问题。我们已于{{ received_date }}登记您的投诉，编号为 {{ reference }}。\n"
        "{% if decision_due %}\n我们最迟将于{{ decision_due }}前告知您处理决定。如需延长处理期限，我们会告知您原因及预计答复时间。\n"
        "{% endif %}\n"
        f"{TRACKING[HANS]}",
    ),
    HANT: (
        "我們已收到您的投訴（編號 {{ reference }}）",
        "感謝您向我們反映問題。我們已於{{ received_date }}登記您的投訴，編號為 {{ reference }}。\n"
        "{% if decision_due %}\n我們最遲將於{{ decision_due }}前告知您處理決定。如需延長處理期限，我們會告知您原因及預計答覆時間。\n"
        "{% endif %}\n"
        f"{TRACKING[HANT]}",
    ),
}
ACKNOWLEDGEMENT_ELEMENTS = [REFERENCE, _el("timescale", placeholders=("decision_due",))]

EXTENSION = {
    EN: (
        "We need more time for your complaint {{ reference }}",
        "We are still looking into your complaint {{ reference }}, received on {{ received_date }}, and need "
        "more time, for this reason:\n\n{{ reason }}\n\n"
        "You will have our decision by {{ due_date }} at the latest.",
    ),
    HANS: (
        "关于延长您的投诉（编号 {{ reference }}）处理期限的通知",
        "我们仍在处理您于{{ received_date }}提出的投诉（编号 {{ reference }}），因以下原因需要延长处理期限：\n\n"
        "{{ reason }}\n\n我们最迟将于{{ due_date }}前告知您处理决定。",
    ),
    HANT: (
        "關於延長您的投訴（編號 {{ reference }}）處理期限的通知",
        "我們仍在處理您於{{ received_date }}提出的投訴（編號 {{ reference }}），因以下原因需要延長處理期限：\n\n"
        "{{ reason }}\n\n我們最遲將於{{ due_date }}前告知您處理決定。",
    ),
}
EXTENSION_ELEMENTS = [
    REFERENCE,
    _el("reason", placeholders=("reason",)),
    _el("new_date", placeholders=("due_date",)),
]

DECLINE = {
    EN: (
        "About your complaint {{ reference }}",
        "We are unable to accept your complaint {{ reference }}, received on {{ received_date }}, for handling, "
        "for this reason:\n\n{{ reason }}\n\n"
        "If you think we have misunderstood your concern, reply to this letter quoting the reference.",
    ),
    HANS: (
        "关于您的投诉（编号 {{ reference }}）",
        "您于{{ received_date }}提出的投诉（编号 {{ reference }}），因以下原因我们不予受理：\n\n{{ reason }}\n\n"
        "如您认为我们误解了您反映的问题，请回复本函并注明投诉编号。",
    ),
    HANT: (
        "關於您的投訴（編號 {{ reference }}）",
        "您於{{ received_date }}提出的投訴（編號 {{ reference }}），因以下原因我們不予受理：\n\n{{ reason }}\n\n"
        "如您認為我們誤解了您反映的問題，請回覆本函並註明投訴編號。",
    ),
}
DECLINE_ELEMENTS = [REFERENCE, _el("reason", placeholders=("reason",))]

# Staff found the message is not a complaint: it is answered as an enquiry (no complaint deadlines apply).
ENQUIRY = {
    EN: (
        "Your enquiry {{ reference }}",
        "Thank you for contacting us on {{ received_date }}. Having looked at your message {{ reference }}, we "
        "understand it as an enquiry rather than a complaint, for this reason:\n\n{{ reason }}\n\n"
        "If you did mean to complain, reply to this letter quoting the reference and we will handle it as a "
        "complaint.",
    ),
    HANS: (
        "关于您的咨询（编号 {{ reference }}）",
        "感谢您于{{ received_date }}与我们联系。经核实，您的来信（编号 {{ reference }}）属于业务咨询而非投诉，原因如下：\n\n"
        "{{ reason }}\n\n如您确实希望提出投诉，请回复本函并注明编号，我们将按投诉受理。",
    ),
    HANT: (
        "關於您的諮詢（編號 {{ reference }}）",
        "感謝您於{{ received_date }}與我們聯繫。經核實，您的來信（編號 {{ reference }}）屬於業務諮詢而非投訴，原因如下：\n\n"
        "{{ reason }}\n\n如您確實希望提出投訴，請回覆本函並註明編號，我們將按投訴受理。",
    ),
}
ENQUIRY_ELEMENTS = [REFERENCE, _el("reason", placeholders=("reason",))]
# --- Messages during handling (`message_customer`): the handler's text in the institution's frame ----

DOCUMENTS_REQUEST = {
    EN: (
        "We need documents for your complaint {{ reference }}",
        "To look into your complaint {{ reference }}, we need the following from you:\n\n{{ message }}\n\n"
        "Please send them to us by {{ due_date }}: reply to this message, or add them on our website where you "
        "follow your complaint, with its reference and your tracking code.",
    ),
    HANS: (
        "关于您的投诉（编号 {{ reference }}）所需材料",
        "为处理您的投诉（编号 {{ reference }}），我们需要您提供以下材料：\n\n{{ message }}\n\n"
        "请于{{ due_date }}前提交：您可以直接回复本函，也可以在我们的网站上凭投诉编号和查询码上传。",
    ),
    HANT: (
        "關於您的投訴（編號 {{ reference }}）所需資料",
        "為處理您的投訴（編號 {{ reference }}），我們需要您提供以下資料：\n\n{{ message }}\n\n"
        "請於{{ due_date }}前提交：您可以直接回覆本函，也可以在我們的網站上憑投訴編號和查詢碼上傳。",
    ),
}
PROGRESS_UPDATE = {
    EN: (
        "News about your complaint {{ reference }}",
        "Here is how your complaint {{ reference }}, received on {{ received_date }}, is progressing:\n\n{{ message }}",
    ),
    HANS: (
        "您的投诉（编号 {{ reference }}）处理进展",
        "关于您于{{ received_date }}提出的投诉（编号 {{ reference }}），目前的处理进展如下：\n\n{{ message }}",
    ),
    HANT: (
        "您的投訴（編號 {{ reference }}）處理進展",
        "關於您於{{ received_date }}提出的投訴（編號 {{ reference }}），目前的處理進展如下：\n\n{{ message }}",
    ),
}
FREE_MESSAGE = {
    EN: (
        "About your complaint {{ reference }}",
        "{{ message }}\n\nPlease quote the reference {{ reference }} in any reply.",
    ),
    HANS: ("关于您的投诉（编号 {{ reference }}）", "{{ message }}\n\n回复时请注明投诉编号 {{ reference }}。"),
    HANT: ("關於您的投訴（編號 {{ reference }}）", "{{ message }}\n\n回覆時請註明投訴編號 {{ reference }}。"),
}
MESSAGE = _el("message", placeholders=("message",))
MESSAGE_TEXTS = {
    "documents_request": (DOCUMENTS_REQUEST, [REFERENCE, MESSAGE, _el("due_date", placeholders=("due_date",))]),
    "progress_update": (PROGRESS_UPDATE, [REFERENCE, MESSAGE]),
    "free_message": (FREE_MESSAGE, [REFERENCE, MESSAGE]),
}

# --- The decision: outcome, how verified, basis and reasons, redress, improvements ---------

REASONS_HEADING = {
    EN: "How we verified your complaint, and the basis and reasons for our decision:",
    HANS: "核实情况、处理依据和理由：",
    HANT: "核實情況、處理依據和理由：",
}
REASONS_PHRASE = {EN: "basis and reasons", HANS: "依据和理由", HANT: "依據和理由"}

DECISION_CORE = {
    EN: (
        "Our decision: {{ outcome_label }}\n\n"
        f"{REASONS_HEADING[EN]}\n{{{{ summary }}}}\n"
        "{% if redress_text %}\nWhat we will do to put things right:\n{{ redress_text }}\n"
        "Total: {{ redress_total }}\n{% endif %}"
        "{% if improvements_text %}\nWhat we are changing so that this does not happen again:\n"
        "{{ improvements_text }}\n{% endif %}"
    ),
    HANS: (
        "处理结果：{{ outcome_label }}\n\n"
        f"{REASONS_HEADING[HANS]}\n{{{{ summary }}}}\n"
        "{% if redress_text %}\n补救措施：\n{{ redress_text }}\n合计：{{ redress_total }}\n{% endif %}"
        "{% if improvements_text %}\n我们的改进措施：\n{{ improvements_text }}\n{% endif %}"
    ),
    HANT: (
        "處理結果：{{ outcome_label }}\n\n"
        f"{REASONS_HEADING[HANT]}\n{{{{ summary }}}}\n"
        "{% if redress_text %}\n補救措施：\n{{ redress_text }}\n合計：{{ redress_total }}\n{% endif %}"
        "{% if improvements_text %}\n我們的改進措施：\n{{ improvements_text }}\n{% endif %}"
    ),
}

SURVEY = {
    EN: "{% if survey_url %}\nPlease tell us whether you are satisfied with how we handled your complaint: "
    "{{ survey_url }}\n{% endif %}",
    HANS: "{% if survey_url %}\n请告诉我们您对本次投诉处理是否满意：{{ survey_url }}\n{% endif %}",
    HANT: "{% if survey_url %}\n請告訴我們您對本次投訴處理是否滿意：{{ survey_url }}\n{% endif %}",
}
SURVEY_ELEMENT = _el("survey_link", placeholders=("survey_url",))

FINAL_INTRO = {
    EN: (
        "Our final response to your complaint {{ reference }}",
        "Thank you for your patience while we looked into your complaint {{ reference }}, which we received on "
        "{{ received_date }}. This letter is our final response.",
    ),
    HANS: (
        "关于您的投诉（编号 {{ reference }}）的处理决定告知书",
        "您于{{ received_date }}提出的投诉（编号 {{ reference }}）已处理完毕，现将处理决定告知如下。",
    ),
    HANT: (
        "關於您的投訴（編號 {{ reference }}）的處理決定告知書",
        "您於{{ received_date }}提出的投訴（編號 {{ reference }}）已處理完畢，現將處理決定告知如下。",
    ),
}

REVIEW_INTRO = {
    EN: (
        "The result of the review of your complaint {{ reference }}",
        "You asked us to review our decision on your complaint {{ reference }}, received on {{ received_date }}. "
        "The review was carried out by a more senior member of staff who had not handled your complaint before. "
        "This letter tells you the result of the review.",
    ),
    HANS: (
        "关于您的投诉（编号 {{ reference }}）的核查决定告知书",
        "您对投诉（编号 {{ reference }}，于{{ received_date }}提出）的处理决定申请了核查。核查由未参与原处理的"
        "上级人员进行，现将核查结果告知如下。",
    ),
    HANT: (
        "關於您的投訴（編號 {{ reference }}）的核查決定告知書",
        "您對投訴（編號 {{ reference }}，於{{ received_date }}提出）的處理決定申請了核查。核查由未參與原處理的"
        "上級人員進行，現將核查結果告知如下。",
    ),
}

# --- Remedies the jurisdictions require -----------------------------------------------------

_CN_REVIEW = {
    EN: "- ask us in writing for an internal review within {{ review_request_days }} days of receiving this "
    "letter{% if review_deadline %}, that is by {{ review_deadline }}{% endif %}; our superior institution decides "
    "on the review within 30 days of your request;\n",
    HANS: "一、自收到本告知书之日起{{ review_request_days }}日内{% if review_deadline %}（即{{ review_deadline }}前）"
    "{% endif %}，以书面形式向本机构申请核查，本机构上级机构将在收到申请之日起30日内作出核查决定；\n",
    HANT: "一、自收到本告知書之日起{{ review_request_days }}日內{% if review_deadline %}（即{{ review_deadline }}前）"
    "{% endif %}，以書面形式向本機構申請核查，本機構上級機構將在收到申請之日起30日內作出核查決定；\n",
}
_CN_OTHERS = {
    EN: "- apply for mediation to a financial dispute mediation organisation;\n"
    "- apply for arbitration, where you and we have agreed to it; or\n"
    "- bring a lawsuit before a people's court.",
    HANS: "{n1}向金融纠纷调解组织申请调解；\n{n2}依据双方的仲裁协议申请仲裁；\n{n3}向人民法院提起诉讼。",
    HANT: "{n1}向金融糾紛調解組織申請調解；\n{n2}依據雙方的仲裁協議申請仲裁；\n{n3}向人民法院提起訴訟。",
}
_CN_LEAD = {
    EN: "If you are not satisfied with this decision, you may:\n",
    HANS: "如您对本处理决定不满意，可以通过以下途径寻求解决：\n",
    HANT: "如您對本處理決定不滿意，可以透過以下途徑尋求解決：\n",
}
_NUMBERS = ("一、", "二、", "三、", "四、")


def _cn_remedies(language: str, *, with_review: bool) -> str:
    numbers = _NUMBERS if with_review else ("一、", "二、", "三、")
    others = _CN_OTHERS[language].format(n1=numbers[-3], n2=numbers[-2], n3=numbers[-1])
    lead = _CN_LEAD[language]
    if not with_review and language != EN:
        lead = lead.replace("本处理决定", "本核查决定").replace("本處理決定", "本核查決定")
    elif not with_review:
        lead = "If you are not satisfied with the result of the review, you may:\n"
    return lead + (_CN_REVIEW[language] if with_review else "") + others


# The words a CN decision letter must hold for each remedy (review, mediation, arbitration, litigation).
_CN_REMEDY_WORDS = {
    EN: (("internal review",), ("mediation",), ("arbitration",), ("lawsuit",)),
    HANS: (("核查",), ("调解",), ("仲裁",), ("诉讼",)),
    HANT: (("核查",), ("調解",), ("仲裁",), ("訴訟",)),
}


def _cn_elements(language: str, *, with_review: bool) -> list[dict[str, Any]]:
    words = _CN_REMEDY_WORDS[language]
    found = [
        _el("remedy_mediation", phrases=words[1]),
        _el("remedy_arbitration", phrases=words[2]),
        _el("remedy_litigation", phrases=words[3]),
    ]
    if with_review:
        found.insert(0, _el("remedy_review", phrases=words[0]))
    return found


_FOS = {
    EN: "If you are not happy with our response, you may refer your complaint to the Financial Ombudsman Service, "
    "free of charge. You must do so within six months of the date of this letter. If you do not refer your "
    "complaint in time, the Ombudsman will not have our permission to consider it and so will only be able to do "
    "so in very limited circumstances, for example if it believes the delay was the result of exceptional "
    "circumstances.\n"
    "Financial Ombudsman Service, Exchange Tower, London E14 9SR; telephone 0800 023 4567; "
    "www.financial-ombudsman.org.uk, where you can read its consumer leaflet about how it can help.",
    HANS: "如您对我们的答复不满意，可以免费将投诉提交英国金融申诉专员服务（Financial Ombudsman Service）。"
    "您须在本函日期起六个月内提出；逾期提出的，申诉专员未获得我们的同意，仅在极有限的情况下"
    "（例如其认为延误系由特殊情况造成）方可受理。\n"
    "Financial Ombudsman Service, Exchange Tower, London E14 9SR；电话 0800 023 4567；"
    "网站 www.financial-ombudsman.org.uk（可在网站阅读其消费者说明）。",
    HANT: "如您對我們的答覆不滿意，可以免費將投訴提交英國金融申訴專員服務（Financial Ombudsman Service）。"
    "您須在本函日期起六個月內提出；逾期提出的，申訴專員未獲得我們的同意，僅在極有限的情況下"
    "（例如其認為延誤係由特殊情況造成）方可受理。\n"
    "Financial Ombudsman Service, Exchange Tower, London E14 9SR；電話 0800 023 4567；"
    "網站 www.financial-ombudsman.org.uk（可在網站閱讀其消費者說明）。",
}
_SIX_MONTHS = {EN: "six months", HANS: "六个月", HANT: "六個月"}


def _uk_elements(language: str) -> list[dict[str, Any]]:
    return [
        _el("fos", phrases=("Financial Ombudsman Service",)),
        _el("fos_time_limit", phrases=(_SIX_MONTHS[language],)),
        _el("fos_website", phrases=("financial-ombudsman.org.uk",)),
    ]


_TW = {
    EN: "If you do not accept the result of our handling, or we did not handle your complaint within 30 days, "
    "you may apply to the Financial Ombudsman Institution (財團法人金融消費評議中心, the 評議中心) within 60 days "
    "of receiving this letter. Financial Ombudsman Institution: www.foi.org.tw; toll-free 0800-789-885.",
    HANS: "如您不接受本处理结果，或本机构未于30日内处理，您可以自收到本处理结果之日起60日内，"
    "向财团法人金融消费评议中心（評議中心）申请评议。评议中心网站：www.foi.org.tw；免费电话：0800-789-885。",
    HANT: "如您不接受本處理結果，或本機構未於30日內處理，您可以自收受本處理結果之日起60日內，"
    "向財團法人金融消費評議中心（評議中心）申請評議。評議中心網站：www.foi.org.tw；免付費電話：0800-789-885。",
}
_SIXTY_DAYS = {EN: "60 days", HANS: "60日", HANT: "60日"}


def _tw_elements(language: str) -> list[dict[str, Any]]:
    return [
        _el("foi", phrases=("評議中心",)),
        _el("foi_time_limit", phrases=(_SIXTY_DAYS[language],)),
    ]


_US = {
    EN: "If you disagree with our response, or think we have not resolved your complaint, reply to this letter "
    "quoting the reference {{ reference }}, or call or write to us, and tell us what you dispute and why; we will "
    "look at it again. You may also submit a complaint to the Consumer Financial Protection Bureau (CFPB) at "
    "www.consumerfinance.gov/complaint or by calling (855) 411-2372.",
    HANS: "如您不同意我们的答复，或认为投诉尚未解决，请回复本函并注明编号 {{ reference }}，或来电、来函说明您有异议的"
    "事项及理由，我们将再次处理。您也可以向美国消费者金融保护局（CFPB）投诉：www.consumerfinance.gov/complaint，"
    "电话 (855) 411-2372。",
    HANT: "如您不同意我們的答覆，或認為投訴尚未解決，請回覆本函並註明編號 {{ reference }}，或來電、來函說明您有異議的"
    "事項及理由，我們將再次處理。您也可以向美國消費者金融保護局（CFPB）投訴：www.consumerfinance.gov/complaint，"
    "電話 (855) 411-2372。",
}
_REPLY = {EN: "reply to this letter", HANS: "回复本函", HANT: "回覆本函"}


def _us_elements(language: str) -> list[dict[str, Any]]:
    return [_el("how_to_dispute", phrases=(_REPLY[language],)), _el("cfpb", phrases=("consumerfinance.gov",))]


_HK = {
    EN: "If you are not satisfied with our decision, you may refer a monetary dispute with us to the Financial "
    "Dispute Resolution Centre (FDRC) for mediation and, if needed, arbitration, within the time limits and "
    "under the eligibility rules it publishes (www.fdrc.org.hk). You may also lodge a complaint with the Hong Kong "
    "Monetary Authority (HKMA) (www.hkma.gov.hk).",
    HANS: "如您对本处理决定不满意，可将与本机构的金钱纠纷提交金融纠纷调解中心（FDRC）进行调解，必要时进行仲裁，"
    "具体时限及受理资格以其公布的规则为准（www.fdrc.org.hk）。您也可以向香港金融管理局（HKMA）投诉"
    "（www.hkma.gov.hk）。",
    HANT: "如您對本處理決定不滿意，可將與本機構的金錢糾紛提交金融糾紛調解中心（FDRC）進行調解，必要時進行仲裁，"
    "具體時限及受理資格以其公佈的規則為準（www.fdrc.org.hk）。您也可以向香港金融管理局（HKMA）投訴"
    "（www.hkma.gov.hk）。",
}


def _hk_elements(language: str) -> list[dict[str, Any]]:
    return [_el("fdrc", phrases=("FDRC",)), _el("hkma", phrases=("HKMA",))]


_DEFAULT = {
    EN: "If you are not satisfied with this decision, reply to this letter quoting the reference {{ reference }} "
    "and tell us why. You may also take your complaint to the body that handles financial complaints where you live.",
    HANS: "如您对本处理决定不满意，请回复本函并注明编号 {{ reference }}，说明理由。您也可以向您所在地受理金融投诉的机构反映。",
    HANT: "如您對本處理決定不滿意，請回覆本函並註明編號 {{ reference }}，說明理由。您也可以向您所在地受理金融投訴的機構反映。",
}


def _remedies(jurisdiction: str, language: str, *, with_review: bool) -> tuple[str, list[dict[str, Any]]]:
    if jurisdiction in CN:
        return _cn_remedies(language, with_review=with_review), _cn_elements(language, with_review=with_review)
    if jurisdiction in UK:
        return _FOS[language], _uk_elements(language)
    if jurisdiction == "TW-FSC":
        return _TW[language], _tw_elements(language)
    if jurisdiction == "US-CFPB":
        return _US[language], _us_elements(language)
    if jurisdiction == "HK-HKMA":
        return _HK[language], _hk_elements(language)
    return _DEFAULT[language], [_el("how_to_dispute", phrases=(_REPLY[language],))]


def _decision(
    intro: dict[str, tuple[str, str]], jurisdiction: str, language: str, *, with_review: bool
) -> dict[str, Any]:
    subject, opening = intro[language]
    remedies, remedy_elements = _remedies(jurisdiction, language, with_review=with_review)
    body = (
        f"{GREETING[language]}\n\n{opening}\n\n{DECISION_CORE[language]}\n{remedies}\n"
        f"{SURVEY[language]}\n{SIGNATURE[language]}\n"
    )
    elements = [
        REFERENCE,
        _el("outcome", placeholders=("outcome_label",)),
        _el("verification_and_reasons", phrases=(REASONS_PHRASE[language],)),
        _el("redress", placeholders=("redress_total",)),
        *remedy_elements,
        SURVEY_ELEMENT,
    ]
    return {"subject": subject, "body": body, "required_elements": elements}


# --- UK summary resolution communication (DISP 1.5) --------------------------------------

SUMMARY = {
    EN: (
        "Your complaint {{ reference }} has been resolved",
        "Thank you for contacting us on {{ received_date }}. You made a complaint to us, reference {{ reference }}, "
        "and we now consider it resolved:\n\n{{ summary }}\n\n"
        "If you later decide that you are not satisfied, please tell us and we will look at it again. "
        "You may also be able to refer your complaint to the Financial Ombudsman Service, free of charge, within six "
        "months of the date of this communication: www.financial-ombudsman.org.uk; telephone 0800 023 4567.",
    ),
    HANS: (
        "您的投诉（编号 {{ reference }}）已解决",
        "感谢您于{{ received_date }}与我们联系。您向我们提出了投诉（编号 {{ reference }}），我们认为该投诉现已解决：\n\n"
        "{{ summary }}\n\n"
        "如您之后认为问题未获满意解决，请告知我们，我们将再次处理。您也可以在本函日期起六个月内，"
        "免费将投诉提交英国金融申诉专员服务（Financial Ombudsman Service）：www.financial-ombudsman.org.uk；"
        "电话 0800 023 4567。",
    ),
    HANT: (
        "您的投訴（編號 {{ reference }}）已解決",
        "感謝您於{{ received_date }}與我們聯絡。您向我們提出了投訴（編號 {{ reference }}），我們認為該投訴現已解決：\n\n"
        "{{ summary }}\n\n"
        "如您之後認為問題未獲滿意解決，請告知我們，我們將再次處理。您也可以在本函日期起六個月內，"
        "免費將投訴提交英國金融申訴專員服務（Financial Ombudsman Service）：www.financial-ombudsman.org.uk；"
        "電話 0800 023 4567。",
    ),
}

UK_HOLDING = {
    EN: "Because we have not yet been able to give you our final response, you may now refer your complaint to the "
    "Financial Ombudsman Service, free of charge, without waiting for it; you must do so within six months of the "
    "date of our final response: www.financial-ombudsman.org.uk; telephone 0800 023 4567.",
    HANS: "由于我们尚未能向您作出最终答复，您现在即可免费将投诉提交英国金融申诉专员服务（Financial Ombudsman Service），"
    "无需等待；如在收到最终答复后提交，须在最终答复日期起六个月内提出：www.financial-ombudsman.org.uk；电话 0800 023 4567。",
    HANT: "由於我們尚未能向您作出最終答覆，您現在即可免費將投訴提交英國金融申訴專員服務（Financial Ombudsman Service），"
    "無需等待；如在收到最終答覆後提交，須在最終答覆日期起六個月內提出：www.financial-ombudsman.org.uk；電話 0800 023 4567。",
}


def _letter(subject: str, text: str, language: str, elements: list[dict[str, Any]]) -> dict[str, Any]:
    body = f"{GREETING[language]}\n\n{text}\n\n{SIGNATURE[language]}\n"
    return {"subject": subject, "body": body, "required_elements": elements}


def templates() -> list[dict[str, Any]]:
    """Every seed template as {kind, jurisdiction, language, subject, body, required_elements}."""
    rows: list[dict[str, Any]] = []

    def add(kind: str, jurisdiction: str, language: str, data: dict[str, Any]) -> None:
        rows.append({"kind": kind, "jurisdiction": jurisdiction, "language": language, **data})

    for language in LANGUAGES:
        add("acknowledgement", "", language, _letter(*ACKNOWLEDGEMENT[language], language, ACKNOWLEDGEMENT_ELEMENTS))
        add("extension", "", language, _letter(*EXTENSION[language], language, EXTENSION_ELEMENTS))
        add("decline", "", language, _letter(*DECLINE[language], language, DECLINE_ELEMENTS))
        add("enquiry", "", language, _letter(*ENQUIRY[language], language, ENQUIRY_ELEMENTS))
        for kind, (texts, elements) in MESSAGE_TEXTS.items():
            add(kind, "", language, _letter(*texts[language], language, elements))
        for jurisdiction in UK:
            subject, text = EXTENSION[language]
            add(
                "extension",
                jurisdiction,
                language,
                _letter(
                    subject, f"{text}\n\n{UK_HOLDING[language]}", language, EXTENSION_ELEMENTS + _uk_elements(language)
                ),
            )
            subject, text = SUMMARY[language]
            add(
                "summary_resolution",
                jurisdiction,
                language,
                _letter(
                    subject,
                    f"{text}\n{SURVEY[language]}",
                    language,
                    [REFERENCE, *_uk_elements(language), SURVEY_ELEMENT],
                ),
            )
        for jurisdiction in ("", *CN, *UK, "US-CFPB", "TW-FSC", "HK-HKMA"):
            add(
                "final_decision",
                jurisdiction,
                language,
                _decision(FINAL_INTRO, jurisdiction, language, with_review=True),
            )
            add(
                "review_decision",
                jurisdiction,
                language,
                _decision(REVIEW_INTRO, jurisdiction, language, with_review=False),
            )
    return rows


def load_templates(apps: Any = None) -> None:
    """Create the seed templates that do not exist yet (an admin's edits are kept)."""
    if apps is None:
        apps = live_apps
    LetterTemplate = apps.get_model("correspondence", "LetterTemplate")
    for row in templates():
        key = {k: row[k] for k in ("kind", "jurisdiction", "language")}
        values = {k: row[k] for k in ("subject", "body", "required_elements")}
        LetterTemplate.objects.get_or_create(**key, defaults=values)
