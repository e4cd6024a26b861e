"""The floor of a registration on this stack: what `POST /api/v1/complaints/` costs before its own work.

    .venv/bin/python bench/register_load.py --app floor_wsgi --no-triage-model ...   (FLOOR=empty|row)

Serves the real middleware, authentication (the token cache of the deployment), JSON parsing and
rendering, with `/api/v1/complaints/` answered by one of two views instead of the registration:

* `FLOOR=empty` — authenticate, parse the body, answer 201 with a reference: no database write.
* `FLOOR=row` (default) — also validate the body with the real input serializer and write the
  complaint row (encrypted fields, blind indexes, reference number) in one transaction, as
  registration does first, with its `complaint_row`; no clocks, letter, outbox, event or triage.

So `register_load.py` with this app measures how many registrations per second the stack could
answer if registration did nothing else, on the same machine, workers and client.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redress.config.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402 - after the app is set up
from django.db import transaction  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework import status  # noqa: E402
from rest_framework.request import Request  # noqa: E402
from rest_framework.response import Response  # noqa: E402
from rest_framework.views import APIView  # noqa: E402

from redress.complaints.api.serializers import RegisterIn  # noqa: E402
from redress.complaints.services.registration import complaint_row  # noqa: E402
from redress.core.errors import InvalidInput  # noqa: E402
from redress.core.rows import insert  # noqa: E402

FLOOR = os.environ.get("FLOOR", "row")


class Empty(APIView):
    def get(self, request: Request) -> Response:
        return Response({"results": []})

    def post(self, request: Request) -> Response:
        body: Any = request.data
        return Response({"reference": "CMP-0", "received": len(body)}, status=status.HTTP_201_CREATED)


class Row(Empty):
    def post(self, request: Request) -> Response:
        incoming = RegisterIn(data=request.data)
        if not incoming.is_valid():
            raise InvalidInput(incoming.errors)
        r, now = incoming.to_registration(), timezone.now()
        with transaction.atomic():
            complaint = complaint_row(
                r,
                received_at=r.received_at or now,
                registered_at=now,
                jurisdiction=r.jurisdiction or settings.REDRESS_DEFAULT_JURISDICTION,
                registered_by=request.user,
                fingerprint=r.fingerprint(),
            )
            insert(complaint)
        return Response({"reference": complaint.reference, "status": complaint.status}, status=status.HTTP_201_CREATED)


urlpatterns = [path("api/v1/complaints/", (Empty if FLOOR == "empty" else Row).as_view())]
settings.ROOT_URLCONF = __name__
