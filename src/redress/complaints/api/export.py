"""One file for the regulator: a ZIP with the record, the timeline (with its hashes), letters and evidence,
in the API's representation; masked as the API masks it for who may not see personal data."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from redress.complaints.api.representation import event_representation, plan_representation
from redress.complaints.evidence_text import masked_evidence
from redress.complaints.models import Complaint
from redress.deadlines.selectors import complaint_clocks
from redress.privacy.masking import customer_data, mask_letter_text, text_mask


def complaint_export_zip(complaint: Complaint, *, unmasked: bool = True) -> bytes:
    """Build the archive file. The caller has recorded the `export` action (it holds personal data). Not
    `unmasked`: the customer's details, the texts (description, events, plans, letters) and the evidence
    files' names masked; a text file's content masked, any other file left out (listed with its digest in
    evidence-withheld.json)."""
    files: dict[str, bytes] = {}
    mask = text_mask(complaint, unmasked=unmasked)

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
            "customer": {**customer_data(c, unmasked=unmasked), "masked": not unmasked},
            "description": mask.text(c.description),
            "desired_outcome": mask.text(c.desired_outcome),
            "product": c.product,
            "business": c.business,
            "urgent": c.urgent,
            "flags": c.flags,
            "outcome": c.outcome,
            "satisfaction": c.satisfaction,
            "assignee": c.assignee.username if c.assignee else None,
            "department": c.department.code if c.department else None,
            "closed_at": c.closed_at,
            "archived_at": c.archived_at,
            "retain_until": c.retain_until,
        },
    )
    events = c.events.select_related("actor").order_by("seq")
    add_json("timeline.json", [event_representation(e, mask if not unmasked else None) for e in events])
    add_json("resolutions.json", [plan_representation(p, mask) for p in c.plans.order_by("version")])
    add_json("deadlines.json", complaint_clocks(c))
    for letter in c.letters.all():
        subject, body = letter.subject, letter.body
        if not unmasked:
            subject, body = mask_letter_text(subject, c), mask_letter_text(body, c)
        files[f"letters/{letter.pk:06d}-{letter.kind}.txt"] = f"{subject}\n\n{body}".encode()
    withheld = []
    for evidence in c.evidence.all():
        name = f"evidence/{evidence.pk:06d}-{mask.text(evidence.original_name)}"
        with evidence.file.open("rb") as handle:
            content = handle.read()
        if not unmasked:  # as the download: text masked, any other file withheld
            masked = masked_evidence(content, evidence.content_type, mask)
            if masked is None:
                withheld.append({"file": name, "sha256": hashlib.sha256(content).hexdigest()})
                continue
            content = masked
        files[name] = content
    if withheld:
        add_json("evidence-withheld.json", withheld)
    manifest = {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())}
    files["manifest.json"] = json.dumps(manifest, indent=2).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(f"{c.reference}/{name}", data)
    return buffer.getvalue()
