"""Codes stored in the database, with translated labels."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    TRIAGED = "triaged", _("Triaged")
    ASSIGNED = "assigned", _("Assigned")
    INVESTIGATING = "investigating", _("Investigating")
    ON_HOLD = "on_hold", _("On hold")
    RESOLUTION_PROPOSED = "resolution_proposed", _("Resolution awaiting approval")
    RESOLUTION_APPROVED = "resolution_approved", _("Resolution approved")
    CUSTOMER_NOTIFIED = "customer_notified", _("Customer notified")
    REVIEW_REQUESTED = "review_requested", _("Review requested")
    CLOSED = "closed", _("Closed")
    ARCHIVED = "archived", _("Archived")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DECLINED = "declined", _("Declined")
    MERGED = "merged", _("Merged")
    ENQUIRY = "enquiry", _("Not a complaint: answered as an enquiry")


class Channel(models.TextChoices):
    WEB = "web", _("Website")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")
    SOCIAL = "social", _("Social media")
    API = "api", _("API")
    LETTER = "letter", _("Letter")
    BRANCH = "branch", _("Branch")


class Outcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld")
    PARTLY_UPHELD = "partly_upheld", _("Partly upheld")
    NOT_UPHELD = "not_upheld", _("Not upheld")


class RedressType(models.TextChoices):
    REFUND = "refund", _("Refund")
    FEE_WAIVER = "fee_waiver", _("Fee waiver")
    INTEREST_WAIVER = "interest_waiver", _("Interest waiver")
    FINANCIAL_LOSS = "financial_loss", _("Compensation for financial loss")
    DISTRESS = "distress", _("Compensation for distress or inconvenience")
    GOODWILL = "goodwill", _("Goodwill payment")
    NON_MONETARY = "non_monetary", _("Non-monetary (apology, record corrected)")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")
    NO_RESPONSE = "no_response", _("No response")


class PlanStatus(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SUPERSEDED = "superseded", _("Replaced by a revision")


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    VISIT = "visit", _("Visit")
    LETTER = "letter", _("Letter")
    SMS = "sms", _("SMS")


class NotifyChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")


OPEN_STATUSES = frozenset(
    {
        Status.RECEIVED,
        Status.TRIAGED,
        Status.ASSIGNED,
        Status.INVESTIGATING,
        Status.ON_HOLD,
        Status.RESOLUTION_PROPOSED,
        Status.RESOLUTION_APPROVED,
        Status.CUSTOMER_NOTIFIED,
        Status.REVIEW_REQUESTED,
    }
)


class Jurisdiction(models.TextChoices):
    CN_NFRA = "CN-NFRA", _("China: NFRA (banking and insurance)")
    CN_PBOC = "CN-PBOC", _("China: PBOC (financial consumer protection)")
    UK_FCA = "UK-FCA", _("United Kingdom: FCA DISP")
    UK_FCA_PSD = "UK-FCA-PSD", _("United Kingdom: FCA DISP, payment services")
    US_CFPB = "US-CFPB", _("United States: CFPB")
    TW_FSC = "TW-FSC", _("Taiwan: FSC")
    HK_HKMA = "HK-HKMA", _("Hong Kong: HKMA")


class Language(models.TextChoices):
    ZH_HANS = "zh-hans", "简体中文"
    ZH_HANT = "zh-hant", "繁體中文"
    EN = "en", "English"


# The currency a jurisdiction's plans are usually in (a plan's rows start in it; the demo keeps to it).
JURISDICTION_CURRENCY = {
    "CN-NFRA": "CNY",
    "CN-PBOC": "CNY",
    "UK-FCA": "GBP",
    "UK-FCA-PSD": "GBP",
    "US-CFPB": "USD",
    "TW-FSC": "TWD",
    "HK-HKMA": "HKD",
}

# ISO 4217 minor units of the currencies a plan may use.
CURRENCY_EXPONENT = {"CNY": 2, "HKD": 2, "TWD": 2, "GBP": 2, "USD": 2, "EUR": 2, "JPY": 0, "SGD": 2, "MOP": 2}


class TrackingCodeBy(models.TextChoices):
    """How the customer got the tracking code of a new complaint (intake.tracking)."""

    EMAIL = "email", _("Sent by e-mail")
    SMS = "sms", _("Sent by text message")
    GIVEN = "given", _("Shown on screen / read out on the phone")
    LETTER = "letter", _("Written in the acknowledgement letter")
