"""Letter templates are data: seeded complete for every jurisdiction and language, checked before they are saved."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from redress.complaints.choices import Jurisdiction, Language
from redress.correspondence.context import final_letter_context
from redress.correspondence.models import Letter, LetterTemplate
from redress.correspondence.rendering import letter_render
from redress.correspondence.seed import templates
from redress.correspondence.templating import missing_elements, parse_elements, template_problems
from tests.correspondence.conftest import notify

DECISIONS = ("final_decision", "review_decision")


def test_every_seed_template_compiles_and_carries_its_required_elements() -> None:
    for row in templates():
        assert (
            template_problems(subject=row["subject"], body=row["body"], required_elements=row["required_elements"])
            == {}
        ), row


@pytest.mark.django_db
def test_every_jurisdiction_has_every_decision_letter_in_three_languages() -> None:
    rows = set(LetterTemplate.objects.values_list("kind", "jurisdiction", "language"))
    for jurisdiction in Jurisdiction.values:
        for language in Language.values:
            for kind in DECISIONS:
                assert (kind, jurisdiction, language) in rows
            if jurisdiction.startswith("UK-"):
                assert ("summary_resolution", jurisdiction, language) in rows
    for kind in ("acknowledgement", "extension", "decline"):
        assert {(kind, "", language) for language in Language.values} <= rows


# What the final decision must tell the customer they may do next, per jurisdiction
# (NFRA, FCA DISP 1 Annex 3, CFPB and the HKMA and Taiwan rules).
REMEDIES = {
    ("CN-NFRA", "zh-hans"): ["申请核查", "30日内", "调解", "仲裁", "诉讼"],
    ("CN-PBOC", "en"): ["internal review", "mediation", "arbitration", "lawsuit"],
    ("UK-FCA", "en"): ["Financial Ombudsman Service", "six months", "www.financial-ombudsman.org.uk"],
    ("UK-FCA-PSD", "zh-hans"): ["Financial Ombudsman Service", "六个月"],
    ("TW-FSC", "zh-hant"): ["金融消費評議中心", "60日內"],
    ("US-CFPB", "en"): ["reply to this letter", "consumerfinance.gov/complaint"],
    ("HK-HKMA", "zh-hant"): ["FDRC", "HKMA"],
}


@pytest.mark.parametrize(("jurisdiction", "language"), sorted(REMEDIES))
def test_the_final_decision_states_outcome_reasons_redress_and_the_remedies(
    api: Any, complaint_in: Any, jurisdiction: str, language: str
) -> None:
    complaint = complaint_in("resolution_approved", jurisdiction=jurisdiction, language=language)
    assert notify(api, complaint, {"channel": "email"}).status_code == 200
    letter = Letter.objects.get(complaint=complaint, kind="final_decision")
    assert letter.language == language
    assert complaint.reference in letter.body and complaint.reference in letter.subject
    assert "核实系统重复扣费，予以退还。" in letter.body  # the plan's summary: how verified, basis and reasons
    # the redress, a Decimal written the reader's way
    assert {"zh-hans": "人民币200.00元", "zh-hant": "人民幣200.00元", "en": "CNY 200.00"}[language] in letter.body
    assert "修复年费批处理重复扣费问题" in letter.body  # the improvement
    for phrase in REMEDIES[(jurisdiction, language)]:
        assert phrase in letter.body, phrase
    assert {"zh-hans": "处理结果：投诉成立", "zh-hant": "處理結果：投訴成立", "en": "Our decision: Upheld"}[
        language
    ] in letter.body


def test_the_survey_link_is_a_paragraph_when_the_lead_passes_one(complaint_in: Any) -> None:
    complaint = complaint_in("resolution_approved", jurisdiction="UK-FCA", language="en")
    context = final_letter_context(complaint, complaint.plans.get())
    without = letter_render(complaint=complaint, kind="final_decision", context=context)
    assert "satisfied" not in without.body
    url = "https://bank.example/survey/abc.def/"
    rendered = letter_render(complaint=complaint, kind="final_decision", context={**context, "survey_url": url})
    assert f"Please tell us whether you are satisfied with how we handled your complaint: {url}" in rendered.body
    # and an edited letter that drops the link is refused
    assert missing_elements(without.body, rendered.elements, rendered.context) == ["survey_link"]


def test_amounts_keep_their_minor_units(complaint_in: Any) -> None:
    complaint = complaint_in("resolution_approved", language="en")
    item = complaint.plans.get().items.get()
    item.amount = Decimal("1234567.5")
    item.save()
    context = final_letter_context(complaint, complaint.plans.get())
    assert context["redress_total"] == "CNY 1,234,567.50"


def test_required_elements_are_checked_for_shape() -> None:
    with pytest.raises(ValueError, match="names no placeholder"):
        parse_elements([{"element": "x"}])
    with pytest.raises(ValueError, match="Unknown keys"):
        parse_elements([{"element": "x", "phrases": ["a"], "colour": "red"}])


# --- Through the admin page ----------------------------------------------------------------


def _form(template: LetterTemplate, **changes: str) -> dict[str, str]:
    import json

    data = {
        "kind": template.kind,
        "jurisdiction": template.jurisdiction,
        "language": template.language,
        "subject": template.subject,
        "body": template.body,
        "required_elements": json.dumps(template.required_elements, ensure_ascii=False),
    }
    data.update(changes)
    return data


@pytest.mark.django_db
class TestAdmin:
    def url(self, template: LetterTemplate) -> str:
        return f"/admin/correspondence/lettertemplate/{template.pk}/change/"

    def template(self) -> LetterTemplate:
        return LetterTemplate.objects.get(kind="final_decision", jurisdiction="UK-FCA", language="en")

    def test_it_lists_and_saves_a_good_template(self, browser: Any) -> None:
        client = browser("admin")
        assert client.get("/admin/correspondence/lettertemplate/").status_code == 200
        template = self.template()
        body = template.body.replace("Yours sincerely,", "With kind regards,")
        response = client.post(self.url(template), _form(template, body=body))
        assert response.status_code == 302
        assert "With kind regards," in LetterTemplate.objects.get(pk=template.pk).body

    def test_a_template_syntax_error_cannot_be_saved(self, browser: Any) -> None:
        template = self.template()
        response = browser("admin").post(self.url(template), _form(template, body=template.body + "{% if %}"))
        assert response.status_code == 200
        assert "Template syntax error" in response.content.decode()
        assert LetterTemplate.objects.get(pk=template.pk).body == template.body

    def test_a_template_without_a_required_placeholder_cannot_be_saved(self, browser: Any) -> None:
        template = self.template()
        body = template.body.replace("{{ reference }}", "your complaint")
        response = browser("admin").post(self.url(template), _form(template, body=body))
        assert response.status_code == 200
        assert "lacks the required element reference" in response.content.decode()
        assert LetterTemplate.objects.get(pk=template.pk).body == template.body

    def test_a_template_without_the_ombudsman_cannot_be_saved(self, browser: Any) -> None:
        template = self.template()
        body = template.body.replace("Financial Ombudsman Service", "ombudsman")
        response = browser("admin").post(self.url(template), _form(template, body=body))
        assert response.status_code == 200
        assert "lacks the required element fos" in response.content.decode()

    def test_a_new_template_is_checked_too(self, browser: Any) -> None:
        count = LetterTemplate.objects.count()
        data = {
            "kind": "decline",
            "jurisdiction": "TW-FSC",
            "language": "zh-hant",
            "subject": "關於您的投訴 {% if reference %}",
            "body": "{{ reference }}：{{ reason }}",
            "required_elements": '[{"element": "reference", "placeholders": ["reference"]}]',
        }
        response = browser("admin").post("/admin/correspondence/lettertemplate/add/", data)
        assert response.status_code == 200
        assert LetterTemplate.objects.count() == count
        data["subject"] = "關於您的投訴 {{ reference }}"
        assert browser("admin").post("/admin/correspondence/lettertemplate/add/", data).status_code == 302
        assert LetterTemplate.objects.count() == count + 1
