"""One file for the regulator: a ZIP with the record, the timeline (with its hashes), letters and evidence,
in the API's representation."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from redress.complaints.api.representation import event_representation, plan_representation
from redress.complaints.models import Complaint
from redress.deadlines.selectors import complaint_clocks


def complaint_export_zip(complaint: Complaint) -> bytes:
    """Build the archive file. The caller has recorded the `export` action (it holds personal data)."""
    files: dict[str, bytes] = {}

    def add_json(name: str, value: Any) -> None:
        files[name] = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()

    c = complaint
    add_json(
        "complaint.json",
        {
            "reference": c.reference,
            "status": c.status,
            "channel": c.channel,
            "jurisdiction": c.jurisdiction,
            "language": c.language,
            "received_at": c.received_at,
            "registered_at": c.registered_at,
            "customer": {
                "name": c.customer_name,
                "id_number": c.customer_id_number,
                "phone": c.customer_phone,
                "email": c.customer_email,
                "address": c.customer_address,
            },
            "description": c.description,
            "desired_outcome": c.desired_outcome,
            "product": c.product,
            "business": c.business,
            "urgent": c.urgent,
            "outcome": c.outcome,
            "satisfaction": c.satisfaction,
            "assignee": c.assignee.username if c.assignee else None,
            "department": c.department.code if c.department else None,
            "closed_at": c.closed_at,
            "archived_at": c.archived_at,
            "retain_until": c.retain_until,
        },
    )
    add_json("timeline.json", [event_representation(e) for e in c.events.select_related("actor").order_by("seq")])
    add_json("resolutions.json", [plan_representation(p) for p in c.plans.order_by("version")])
    add_json("deadlines.json", complaint_clocks(c))
    for letter in c.letters.all():
        files[f"letters/{letter.pk:06d}-{letter.kind}.txt"] = f"{letter.subject}\n\n{letter.body}".encode()
    for evidence in c.evidence.all():
        with evidence.file.open("rb") as handle:
            files[f"evidence/{evidence.pk:06d}-{evidence.original_name}"] = handle.read()
    manifest = {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())}
    files["manifest.json"] = json.dumps(manifest, indent=2).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(f"{c.reference}/{name}", data)
    return buffer.getvalue()
