"""`redress import-cfpb FILE`: a CFPB export comes in as closed historical complaints, once."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from redress.analytics.returns import us_cfpb
from redress.audit.models import Event
from redress.audit.verify import verify_audit
from redress.codes.models import CfpbIssueRule
from redress.complaints.models import Complaint
from redress.complaints.services.history import SkipReason, history_import

pytestmark = pytest.mark.django_db
NEW_YORK = ZoneInfo("America/New_York")
REDRESS = str(Path(sys.executable).with_name("redress"))

OLD_HEADER = [
    "Date received",
    "Product",
    "Sub-product",
    "Issue",
    "Sub-issue",
    "Consumer complaint narrative",
    "Company public response",
    "Company",
    "State",
    "ZIP code",
    "Tags",
    "Consumer consent provided?",
    "Submitted via",
    "Date sent to company",
    "Company response to consumer",
    "Timely response?",
    "Consumer disputed?",
    "Complaint ID",
]
NEW_HEADER = [c for c in OLD_HEADER if c not in ("Consumer consent provided?", "Consumer disputed?")]
PAYDAY = "Payday loan, title loan, or personal loan"
FEES = "Charged fees or interest you didn't expect"
# The 18-column layout, as the payday sample writes it: MM/DD/YY dates, "None" for a blank cell.
OLD_ROWS = [
    ["03/22/23", PAYDAY, "Installment loan", FEES, "None", "They charged a 200 % leasing fee.",
     "None", "Acme Lending", "TX", "78212", "Servicemember", "Consent provided", "Web", "03/24/23",
     "Closed with monetary relief", "Yes", "N/A", "101"],
    ["03/01/23", "Credit card or prepaid card", "Gift card", "Trouble using the card", "Card was declined",
     "None", "None", "Acme Bank", "NY", "100XX", "None", "Consent not provided", "Postal mail", "03/02/23",
     "Closed with non-monetary relief", "No", "Yes", "102"],
    ["02/10/23", "Debt collection", "I do not know", "Communication tactics", "Frequent or repeated calls",
     "", "", "Acme Collections", "", "", "", "", "Referral", "02/13/23", "Closed with explanation", "Yes", "No", "103"],
    ["02/11/23", "Debt collection", "I do not know", "Communication tactics", "None", "None", "None", "Acme",
     "FL", "33101", "None", "None", "Web", "02/11/23", "In progress", "Yes", "N/A", "104"],
    ["13/45/20", "Debt collection", "I do not know", "Communication tactics", "None", "None", "None", "Acme",
     "FL", "33101", "None", "None", "Web", "02/11/23", "Closed with explanation", "Yes", "N/A", "105"],
    ["02/11/23", "Hovercraft leasing", "None", "Communication tactics", "None", "None", "None", "Acme",
     "FL", "33101", "None", "None", "Web", "02/11/23", "Closed with explanation", "Yes", "N/A", "106"],
    ["02/11/23", "Debt collection", "None", "Communication tactics", "None", "None", "None", "Acme",
     "FL", "33101", "None", "None", "Web", "02/11/23", "Closed with explanation", "Yes", "N/A", ""],
    ["03/22/23", PAYDAY, "Installment loan", FEES, "None", "They charged a 200 % leasing fee.",
     "None", "Acme Lending", "TX", "78212", "Servicemember", "Consent provided", "Web", "03/24/23",
     "Closed with monetary relief", "Yes", "N/A", "101"],
]  # fmt: skip
REPORTS = "Credit reporting or other personal consumer reports"
# The 16-column layout of the export since June 2026, ISO dates.
NEW_ROWS = [
    ["2024-06-10", REPORTS, "Credit reporting", "Incorrect information on your report", "Account status incorrect",
     "", "", "EQUIFAX, INC.", "MI", "48111", "", "Web", "2024-06-12", "Closed with explanation", "Yes", "9224135"],
    ["2024-06-11", "Checking or savings account", "Checking account", "Managing an account", "Deposits",
     "", "", "Acme Bank", "CA", "94105", "Older American", "Phone", "2024-06-11", "Closed", "Yes", "9224136"],
    ["2024-06-12", "Money transfer, virtual currency, or money service", "Mobile or digital wallet",
     "Fraud or scam", "", "Someone took $500 from my wallet.", "", "Acme Pay", "", "", "", "Email",
     "2024-06-14", "Closed with monetary relief", "No", "9224137"],
]  # fmt: skip


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run(*args: Any) -> str:
    out = io.StringIO()
    call_command("import_cfpb", *[str(a) for a in args], stdout=out, stderr=io.StringIO())
    return out.getvalue()


def by_id(complaint_id: str) -> Complaint:
    return Complaint.objects.get(reference=f"CFPB-{complaint_id}")


def ny_day(at: datetime | None) -> date:
    assert at is not None
    local = at.astimezone(NEW_YORK)
    assert local.time() == time(0, 0)
    return local.date()


def test_it_imports_the_old_layout_and_reports_every_row(tmp_path: Path) -> None:
    output = run(write_csv(tmp_path / "old.csv", OLD_HEADER, OLD_ROWS))

    assert "old.csv: 8 rows read, 3 imported, 1 already imported, 4 skipped." in output
    for label in (SkipReason.NOT_CLOSED.label, SkipReason.BAD_DATE.label, SkipReason.UNKNOWN_PRODUCT.label):
        assert f"Skipped, {label}: 1" in output
    assert "row 5, Complaint ID 105: Date received: 13/45/20" in output
    assert "row 6, Complaint ID 106: Hovercraft leasing" in output
    assert "row 4, Complaint ID 104: In progress" in output
    assert "row 7, Complaint ID —" in output
    assert set(Complaint.objects.values_list("reference", flat=True)) == {"CFPB-101", "CFPB-102", "CFPB-103"}

    fees = by_id("101")
    assert (fees.status, fees.jurisdiction, fees.language, fees.forwarded_by_regulator) == (
        "closed",
        "US-CFPB",
        "en",
        True,
    )
    assert (fees.product, fees.business, fees.reason, fees.outcome, fees.channel) == (
        "personal_loan",
        "loan",
        "pricing_fees",
        "upheld",
        "web",
    )
    assert (ny_day(fees.received_at), ny_day(fees.closed_at), ny_day(fees.notified_at)) == (
        date(2023, 3, 22),
        date(2023, 3, 24),
        date(2023, 3, 24),
    )
    assert fees.description == "They charged a 200 % leasing fee."
    assert fees.customer_address == "TX 78212" and fees.customer_name == "CFPB consumer"
    assert (fees.customer_phone, fees.customer_email, fees.phone_index, fees.email_index) == ("", "", "", "")
    assert fees.external == {
        "source": "cfpb",
        "Complaint ID": "101",
        "Date received": "2023-03-22",
        "Date sent to company": "2023-03-24",
        "Product": PAYDAY,
        "Sub-product": "Installment loan",
        "Issue": FEES,
        "Company": "Acme Lending",
        "State": "TX",
        "ZIP code": "78212",
        "Tags": "Servicemember",
        "Consumer consent provided?": "Consent provided",
        "Submitted via": "Web",
        "Company response to consumer": "Closed with monetary relief",
        "Timely response?": "Yes",
        "Consumer disputed?": "N/A",
    }

    gift = by_id("102")  # a gift card was a "Credit card or prepaid card" then: a prepaid card now
    assert (gift.product, gift.business, gift.reason, gift.outcome, gift.channel) == (
        "prepaid_card",
        "bank_card",
        "facilities_systems",
        "partly_upheld",
        "letter",
    )
    assert gift.external["Timely response?"] == "No" and gift.external["Consumer disputed?"] == "Yes"
    assert gift.external["Sub-issue"] == "Card was declined"
    assert (gift.external["State"], gift.external["ZIP code"]) == ("NY", "100XX")  # masked by the CFPB, kept so
    assert gift.description == (
        "Complaint to the CFPB about Credit card or prepaid card: Trouble using the card (Card was declined)."
    )

    tactics = by_id("103")
    assert (tactics.product, tactics.reason, tactics.outcome, tactics.channel) == (
        "debt_collection",
        "debt_collection",
        "not_upheld",
        "api",
    )
    assert tactics.customer_address == "" and tactics.external["Submitted via"] == "Referral"
    assert "State" not in tactics.external and "ZIP code" not in tactics.external


def test_personal_data_is_encrypted_at_rest(tmp_path: Path) -> None:
    run(write_csv(tmp_path / "old.csv", OLD_HEADER, OLD_ROWS[:1]))
    with connection.cursor() as cursor:
        cursor.execute("SELECT customer_name, customer_address FROM complaints_complaint WHERE reference = 'CFPB-101'")
        name, address = cursor.fetchone()
    assert name.startswith("v2:") and address.startswith("v2:") and "78212" not in address


def test_it_imports_the_sixteen_column_layout(tmp_path: Path) -> None:
    output = run(write_csv(tmp_path / "new.csv", NEW_HEADER, NEW_ROWS))

    assert "new.csv: 3 rows read, 3 imported, 0 already imported, 0 skipped." in output
    report = by_id("9224135")
    assert (report.product, report.business, report.reason, report.outcome) == (
        "credit_report",
        "credit_reporting",
        "information_security",
        "not_upheld",
    )
    assert (ny_day(report.received_at), ny_day(report.closed_at)) == (date(2024, 6, 10), date(2024, 6, 12))
    assert "Consumer disputed?" not in report.external and report.external["Sub-issue"] == "Account status incorrect"
    account = by_id("9224136")
    assert (account.product, account.business, account.reason, account.outcome, account.channel) == (
        "current_account",
        "savings",
        "rules_process",
        "not_upheld",
        "phone",
    )
    assert account.external["Tags"] == "Older American"
    wallet = by_id("9224137")
    assert (wallet.product, wallet.reason, wallet.outcome, wallet.channel) == (
        "money_transfer",
        "funds_security",
        "upheld",
        "email",
    )
    assert wallet.external["Timely response?"] == "No"


def test_importing_again_adds_nothing(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "new.csv", NEW_HEADER, NEW_ROWS)
    run(path)
    complaints, events = Complaint.objects.count(), Event.objects.count()

    again = run(path)

    assert "3 rows read, 0 imported, 3 already imported, 0 skipped." in again
    assert (Complaint.objects.count(), Event.objects.count()) == (complaints, events)
    # An export that overlaps the first adds only what is new.
    more = write_csv(tmp_path / "more.csv", NEW_HEADER, [*NEW_ROWS, [*NEW_ROWS[0][:-1], "9224199"]])
    assert "4 rows read, 1 imported, 3 already imported" in run(more)


def test_every_imported_complaint_has_a_verifiable_timeline(tmp_path: Path) -> None:
    run(write_csv(tmp_path / "old.csv", OLD_HEADER, OLD_ROWS), "--batch-size", "2")
    run(write_csv(tmp_path / "new.csv", NEW_HEADER, NEW_ROWS))

    events = Event.objects.filter(complaint__reference__startswith="CFPB-")
    assert events.count() == Complaint.objects.count() == 6
    first = events.get(complaint__reference="CFPB-103")
    assert (first.seq, first.kind, first.actor_kind, first.actor_id) == (1, "imported", "system", None)
    assert first.data == {"to": "closed", "source": "old.csv", "complaint_id": "103"}
    report = verify_audit()
    assert report.ok and report.chains == 6


def test_a_dry_run_counts_and_writes_nothing(tmp_path: Path) -> None:
    output = run(write_csv(tmp_path / "old.csv", OLD_HEADER, OLD_ROWS), "--dry-run")

    assert "8 rows read, 3 imported, 1 already imported, 4 skipped." in output
    assert "Dry run: nothing was written" in output
    assert not Complaint.objects.exists() and not Event.objects.exists()


def test_limit_reads_only_the_first_rows(tmp_path: Path) -> None:
    output = run(write_csv(tmp_path / "new.csv", NEW_HEADER, NEW_ROWS), "--limit", "2")
    assert "2 rows read, 2 imported" in output
    assert not Complaint.objects.filter(reference="CFPB-9224137").exists()


def test_it_reads_the_json_download_and_json_lines(tmp_path: Path) -> None:
    items = [
        {
            "date_received": "2024-06-10T12:00:00-05:00",
            "product": REPORTS,
            "sub_product": "Credit reporting",
            "issue": "Improper use of your report",
            "sub_issue": None,
            "complaint_what_happened": "",
            "company": "EXPERIAN",
            "state": "PA",
            "zip_code": "15206",
            "tags": None,
            "submitted_via": "Web",
            "date_sent_to_company": "2024-06-11T12:00:00-05:00",
            "company_response": "Closed with non-monetary relief",
            "timely": "Yes",
            "complaint_id": 7000001,
        },
        {
            "date_received": "2024-06-12",
            "product": "Mortgage",
            "issue": "Struggling to pay mortgage",
            "submitted_via": "Fax",
            "date_sent_to_company": "2024-06-12",
            "company_response": "Closed with explanation",
            "timely": "Yes",
            "complaint_id": "7000002",
        },
    ]
    (tmp_path / "export.json").write_text(json.dumps(items), encoding="utf-8")
    assert "2 rows read, 2 imported" in run(tmp_path / "export.json")
    used = by_id("7000001")
    assert (used.product, used.reason, used.outcome, ny_day(used.received_at), ny_day(used.closed_at)) == (
        "credit_report",
        "information_security",
        "partly_upheld",
        date(2024, 6, 10),
        date(2024, 6, 11),
    )
    assert used.external["Timely response?"] == "Yes" and used.customer_address == "PA 15206"
    mortgage = by_id("7000002")
    assert (mortgage.product, mortgage.reason, mortgage.channel) == ("mortgage", "rules_process", "letter")

    lines = "\n".join(json.dumps({**item, "complaint_id": f"8{i}"}) for i, item in enumerate(items))
    (tmp_path / "export.jsonl").write_text(lines, encoding="utf-8")
    assert "2 rows read, 2 imported" in run(tmp_path / "export.jsonl")


def test_it_reads_stdin(tmp_path: Path) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([NEW_HEADER, *NEW_ROWS])
    out = io.StringIO()
    call_command("import_cfpb", "-", stdin=io.BufferedReader(io.BytesIO(buffer.getvalue().encode())), stdout=out)
    assert "stdin: 3 rows read, 3 imported" in out.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "says"),
    [
        (None, "missing.csv", "Cannot read"),
        ("Product,Issue\nMortgage,Struggling\n", "columns.csv", "lacks the columns “Date received”, “Complaint ID”"),
        ('[{"complaint_id": 1, "product": "Mortgage"', "broken.json", "broken.json, at its start: parse error"),
        ("", "empty.csv", "the file is empty"),
        (b"\xff\xfe\x00D\x00a", "utf16.csv", "Cannot read"),
    ],
)
def test_a_file_it_cannot_use_exits_2_with_a_clear_message(
    tmp_path: Path, content: str | bytes | None, name: str, says: str
) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        run(path)
    assert raised.value.returncode == 2
    assert says in str(raised.value)
    assert not Complaint.objects.exists()


def test_a_file_broken_half_way_keeps_the_batches_before_and_says_so(tmp_path: Path) -> None:
    rows = [[*NEW_ROWS[0][:-1], str(9000000 + i)] for i in range(5)]
    path = write_csv(tmp_path / "broken.csv", NEW_HEADER, rows)
    with path.open("a", encoding="utf-8") as f:
        f.write('2024-06-10,"' + "x" * 200_000 + "\n")  # a quote never closed: a field past the CSV limit
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_cfpb", str(path), "--batch-size", "2", stdout=out, stderr=err)
    assert raised.value.returncode == 2 and "broken.csv, after row 5: field larger than field limit" in str(
        raised.value
    )
    assert Complaint.objects.count() == 4  # two whole batches; the fifth row was in the batch that stopped
    assert "4 rows read, 4 imported" in out.getvalue() and "importing again skips them" in err.getvalue()


def test_the_issue_rules_are_data_an_admin_changes(tmp_path: Path) -> None:
    rule = CfpbIssueRule.objects.create(words="trouble using", reason="service_quality", order=0)
    run(write_csv(tmp_path / "old.csv", OLD_HEADER, OLD_ROWS[1:2]))
    assert by_id("102").reason == "service_quality"
    assert str(rule).startswith("trouble using")


def test_the_service_takes_rows_from_anywhere() -> None:
    rows = [dict(zip(NEW_HEADER, row, strict=True)) for row in NEW_ROWS]
    result = history_import(iter(rows), source="test")
    assert (result.read, result.imported, result.already_imported, sum(result.skipped.values())) == (3, 3, 0, 0)


def test_an_imported_complaint_opens_on_its_page(tmp_path: Path, people: Any) -> None:
    run(write_csv(tmp_path / "new.csv", NEW_HEADER, NEW_ROWS[:1]))
    client = Client()
    client.force_login(people["manager"])
    page = client.get("/complaints/CFPB-9224135/")
    assert page.status_code == 200
    assert "Imported from an earlier record" in page.content.decode()


def test_a_home_not_yet_migrated_says_to_migrate(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "new.csv", NEW_HEADER, NEW_ROWS)
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    env.update(REDRESS_HOME=str(tmp_path / "home"), LANGUAGE_CODE="en")
    result = subprocess.run(
        [REDRESS, "import-cfpb", str(path)], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 2, result.stderr
    assert "redress migrate" in result.stderr and "Traceback" not in result.stderr


SAMPLES = Path(settings.REDRESS_TRIAGE_DATA_DIR)


@pytest.mark.skipif(not (SAMPLES / "cfpb_ujjwal260").is_dir(), reason="the shared CFPB samples are not here")
def test_a_real_public_sample_imports(tmp_path: Path) -> None:
    """1,000 rows of the CFPB database from 2012 to 2026, every era's product names, ISO dates."""
    output = run(SAMPLES / "cfpb_ujjwal260" / "complaints_sample.csv")
    payday = run(SAMPLES / "cfpb_payday_seunnna" / "payday_complaints_2025.csv")  # MM/DD/YY, "None" blanks

    assert "complaints_sample.csv: 1000 rows read" in output
    # 36 "In progress" and 2 "Untimely response" rows have no decision to import.
    assert f"Skipped, {SkipReason.NOT_CLOSED.label}: 38" in output
    assert "payday_complaints_2025.csv: 131 rows read, 128 imported, 0 already imported, 3 skipped." in payday
    imported = Complaint.objects.filter(jurisdiction="US-CFPB", status="closed")
    assert imported.count() > 1000
    assert not imported.filter(product="").exists() and not imported.filter(reason="").exists()
    assert (
        imported.filter(external__Issue="Incorrect information on your report")
        .exclude(reason="information_security")
        .count()
        == 0
    )
    assert verify_audit().ok


def test_the_rows_written_are_those_django_writes(tmp_path: Path) -> None:
    """On PostgreSQL the import COPYs its rows: read back, they equal what Django's own INSERT stores."""
    from django.utils import timezone

    from redress.complaints.services.history import _Mapper

    rows = [dict(zip(OLD_HEADER, row, strict=True)) for row in OLD_ROWS[:3]]
    history_import(iter(rows), source="test")
    mapper = _Mapper(source="test", now=timezone.now())
    twins = [mapper.complaint(row) for row in rows]
    for twin in twins:
        twin.reference = twin.reference.replace("CFPB-", "CFPB-9")
    Complaint.objects.bulk_create(twins)
    skip = {"id", "reference", "registered_at", "updated_at"}
    fields = [f.attname for f in Complaint._meta.concrete_fields if f.attname not in skip]
    for row in rows:
        copied = Complaint.objects.get(reference=f"CFPB-{row['Complaint ID']}")
        twin = Complaint.objects.get(reference=f"CFPB-9{row['Complaint ID']}")
        assert {f: getattr(copied, f) for f in fields} == {f: getattr(twin, f) for f in fields}


def test_the_us_cfpb_return_gives_back_what_the_cfpb_published(tmp_path: Path) -> None:
    run(write_csv(tmp_path / "new.csv", NEW_HEADER, NEW_ROWS))
    exported = {r["complaint_id"]: r for r in us_cfpb.rows(date(2024, 1, 1), date(2024, 12, 31))}
    # Each row under the CFPB's own number, as it published it (the complaint's reference is CFPB-<number>).
    account = exported["9224136"]
    assert account["tags"] == "Older American" and account["submitted_via"] == "Phone"
    wallet = exported["9224137"]
    assert (wallet["timely_response"], wallet["company_response"]) == ("No", "Closed with monetary relief")
    report = exported["9224135"]
    issue = NEW_ROWS[0][NEW_HEADER.index("Issue")]
    assert (report["issue"], report["sub_issue"]) == (issue, "Account status incorrect")
    assert report["date_sent_to_company"] == "2024-06-12"
    # State and ZIP code are published data of the complaint: given back as the CFPB published them.
    assert (report["state"], report["zip_code"]) == ("MI", "48111")
    assert (account["state"], account["zip_code"]) == ("CA", "94105")
    assert (wallet["state"], wallet["zip_code"]) == ("", "")


def test_complaints_imported_before_state_and_zip_were_kept_get_them_back(tmp_path: Path) -> None:
    from importlib import import_module

    from django.apps import apps

    migration = import_module("redress.complaints.migrations.0023_cfpb_state_zip_kept")
    run(write_csv(tmp_path / "old.csv", OLD_HEADER, OLD_ROWS[:3]))
    for c in Complaint.objects.all():  # as an import before 0023 left them
        c.external = {k: v for k, v in c.external.items() if k not in ("State", "ZIP code")}
        c.save(update_fields=["external"])

    migration.keep_state_and_zip(apps, connection.schema_editor())
    migration.keep_state_and_zip(apps, connection.schema_editor())  # run again: the same

    assert (by_id("101").external["State"], by_id("101").external["ZIP code"]) == ("TX", "78212")
    assert (by_id("102").external["State"], by_id("102").external["ZIP code"]) == ("NY", "100XX")
    assert "State" not in by_id("103").external and "ZIP code" not in by_id("103").external
    assert migration.split_address("UNITED STATES MINOR OUTLYING ISLANDS XXXXX") == {
        "State": "UNITED STATES MINOR OUTLYING ISLANDS",
        "ZIP code": "XXXXX",
    }
    assert migration.split_address("94105") == {"ZIP code": "94105"}
    assert migration.split_address("CA") == {"State": "CA"}
