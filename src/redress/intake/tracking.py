"""The tracking code on every channel: issued at registration, sent where there is an address, shown on screen.

Registered as the `on_register` hook of complaints (see `IntakeConfig.ready`), so every channel gets one:
the website's form and the staff page show it once (staff registering by phone read it out), and

- with an e-mail address, it is sent by e-mail (a message of its own, not a letter: only its hash is kept);
- else with a phone number, by text message (`REDRESS_SMS_BACKEND`);
- else, on a channel where nobody saw the screen (a letter, the API), it is written in the acknowledgement,
  which then goes by post.

The acknowledgement says which of these happened (`tracking_code_by` in its template).
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from redress.complaints.choices import Channel, TrackingCodeBy
from redress.complaints.extensions import RegistrationExtra
from redress.complaints.models import Complaint
from redress.correspondence.services import customer_email_queue, sms_queue
from redress.intake.services import tracking_secret_issue

# Channels where the customer (or staff speaking with them) sees the screen when the complaint is registered.
IN_PERSON = frozenset({Channel.WEB, Channel.PHONE, Channel.BRANCH})


def tracking_url() -> str:
    return settings.REDRESS_PUBLIC_URL.rstrip("/") + reverse("intake:track")


def tracking_on_register(complaint: Complaint) -> RegistrationExtra:
    code = tracking_secret_issue(complaint, first=True)  # a new complaint: one INSERT
    values = {"reference": complaint.reference, "code": code, "url": tracking_url()}
    context: dict[str, object] = {}
    with translation.override(complaint.language):
        if complaint.customer_email:
            by = TrackingCodeBy.EMAIL
            customer_email_queue(
                complaint=complaint,
                subject=_("Your tracking code for complaint %(reference)s") % values,
                body=_(
                    "Your complaint %(reference)s is registered. Your tracking code is %(code)s.\n\n"
                    "Follow your complaint, read our letters, answer us, add documents or withdraw at %(url)s "
                    "with the reference and this code. Keep the code to yourself."
                )
                % values,
            )
        elif complaint.customer_phone:
            by = TrackingCodeBy.SMS
            sms_queue(
                to=complaint.customer_phone,
                text=_("Complaint %(reference)s: your tracking code is %(code)s. Follow it at %(url)s") % values,
                purpose="tracking_code",
                complaint_id=complaint.pk,
            )
        elif complaint.channel in IN_PERSON:
            by = TrackingCodeBy.GIVEN
        else:
            by, context["tracking_code"] = TrackingCodeBy.LETTER, code
    context["tracking_code_by"] = str(by)
    return RegistrationExtra(context=context, data={"tracking_code": str(by)}, shown={"tracking_code": code})
