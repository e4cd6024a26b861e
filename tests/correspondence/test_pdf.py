"""Letters as PDF: Chinese glyphs embedded in a CJK font (pdffonts says so), downloads restricted like the complaint."""

from __future__ import annotations

import os
import shutil
import subprocess
from typing import Any

import pytest

from redress.correspondence.models import Letter
from tests.correspondence.conftest import notify

pytestmark = pytest.mark.django_db

PDFFONTS = shutil.which("pdffonts")
needs_pdffonts = pytest.mark.skipif(
    PDFFONTS is None and not os.environ.get("REDRESS_REQUIRE_PDFFONTS"),
    reason="pdffonts (poppler-utils) is not installed; CI sets REDRESS_REQUIRE_PDFFONTS",
)


def embedded_fonts(pdf: bytes, tmp_path: Any) -> list[str]:
    """The fonts pdffonts lists as embedded ("emb" yes)."""
    assert PDFFONTS, "pdffonts is required (REDRESS_REQUIRE_PDFFONTS is set)"
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([PDFFONTS, str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    return [row[0] for row in rows if row[-5] == "yes"]


def final_letter(api: Any, complaint_in: Any, **overrides: str) -> Letter:
    complaint = complaint_in("resolution_approved", **overrides)
    assert notify(api, complaint, {"channel": "email"}).status_code == 200
    return Letter.objects.get(complaint=complaint, kind="final_decision")


@needs_pdffonts
@pytest.mark.parametrize(("language", "font"), [("zh-hans", "Noto-Sans-CJK-SC"), ("zh-hant", "Noto-Sans-CJK-TC")])
def test_a_chinese_letter_embeds_a_cjk_font(
    api: Any, complaint_in: Any, tmp_path: Any, language: str, font: str
) -> None:
    letter = final_letter(api, complaint_in, language=language)
    response = api("handler").get(f"/api/v1/complaints/{letter.complaint.reference}/letters/{letter.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = b"".join(response.streaming_content) if response.streaming else response.content
    assert pdf.startswith(b"%PDF-")
    fonts = embedded_fonts(pdf, tmp_path)
    assert any(font in name for name in fonts), fonts


def test_the_staff_page_links_the_pdf_and_serves_it(api: Any, browser: Any, complaint_in: Any) -> None:
    letter = final_letter(api, complaint_in, language="en", jurisdiction="UK-FCA")
    reference = letter.complaint.reference
    url = f"/complaints/{reference}/letters/{letter.pk}/pdf/"
    page = browser("handler").get(f"/complaints/{reference}/").content.decode()
    assert f'href="{url}"' in page
    response = browser("handler").get(url)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert f'filename="{reference}-final_decision-{letter.pk}.pdf"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"


def test_the_pdf_is_restricted_like_the_complaint(api: Any, browser: Any, complaint_in: Any) -> None:
    letter = final_letter(api, complaint_in, language="en")
    reference = letter.complaint.reference
    assert browser("outsider").get(f"/complaints/{reference}/letters/{letter.pk}/pdf/").status_code == 404
    assert api("outsider").get(f"/api/v1/complaints/{reference}/letters/{letter.pk}/pdf/").status_code == 404
    assert api(None).get(f"/api/v1/complaints/{reference}/letters/{letter.pk}/pdf/").status_code in (401, 403)
    other = final_letter(api, complaint_in, language="en")
    assert api("handler").get(f"/api/v1/complaints/{reference}/letters/{other.pk}/pdf/").status_code == 404


def test_a_phone_notification_still_files_the_letter_as_pdf(api: Any, complaint_in: Any) -> None:
    complaint = complaint_in("resolution_approved", language="zh-hant", jurisdiction="TW-FSC")
    body = {"channel": "phone", "call_outcome": "reached", "call_summary": "已電話告知"}
    assert notify(api, complaint, body).status_code == 200
    letter = Letter.objects.get(complaint=complaint, kind="final_decision")
    assert letter.status == "logged" and "評議中心" in letter.body
    response = api("handler").get(f"/api/v1/complaints/{complaint.reference}/letters/{letter.pk}/pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_pdf_is_masked_for_those_who_may_not_see_the_customers_data(
    api: Any, complaint_in: Any, tmp_path: Any
) -> None:
    letter = final_letter(api, complaint_in, language="en", jurisdiction="UK-FCA")
    url = f"/api/v1/complaints/{letter.complaint.reference}/letters/{letter.pk}/pdf/"

    def text_of(who: str) -> str:
        path = tmp_path / f"{who}.pdf"
        path.write_bytes(api(who).get(url).content)
        return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout

    assert "Dear 张三," in text_of("handler")  # the assignee sees the letter as sent
    manager = text_of("manager")
    assert "张三" not in manager and "Financial Ombudsman Service" in manager
