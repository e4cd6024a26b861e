"""The compliance page of access to personal data, and the same list as CSV."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from redress.access import presenters, selectors
from redress.accounts.presenters import user_of
from redress.core.errors import InvalidInput

PAGE_MAX = 500


def _filter(request: HttpRequest) -> selectors.AccessFilter:
    if not selectors.may_view(user_of(request)):
        raise PermissionDenied
    return selectors.access_filter(request.GET.dict())


@login_required
@require_GET
def page(request: HttpRequest) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    rows: list[object] = []
    total = 0
    try:
        found = _filter(request)
    except InvalidInput as exc:
        errors = exc.detail if isinstance(exc.detail, dict) else {"": [str(exc.detail)]}
    else:
        records = selectors.access_records(found)
        total = records.count()
        rows = [(r, presenters.why(r)) for r in records[:PAGE_MAX]]
    params = {name: request.GET.get(name, "") for name in selectors.FILTERS}
    return render(
        request,
        "access/page.html",
        {
            "rows": rows,
            "total": total,
            "shown": len(rows),
            "params": params,
            "query": request.GET.urlencode(),
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@login_required
@require_GET
def csv_download(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    try:
        found = _filter(request)
    except InvalidInput as exc:
        return HttpResponse(str(exc.detail), status=400, content_type="text/plain; charset=utf-8")
    records = selectors.access_records(found).iterator(chunk_size=2000)
    response = StreamingHttpResponse(presenters.csv_lines(records), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="access-{stamp}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
