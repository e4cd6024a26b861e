"""Pages of a search: by number, without a COUNT (one row more than shown tells whether there is a next page)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

MAX_PAGE_SIZE = 200


class OffsetPage(BasePagination):
    """`page` (from 1) and `page_size` (at most 200); answers `next`, `previous` and `results` as the cursor
    pages do."""

    def __init__(self, page_size: int) -> None:
        self.page_size = page_size
        self.number = 1
        self.has_next = False
        self.url = ""

    def paginate_queryset(self, queryset: QuerySet[Any], request: Request, view: Any = None) -> list[Any]:
        self.number = _positive(request.query_params.get("page")) or 1
        self.page_size = min(_positive(request.query_params.get("page_size")) or self.page_size, MAX_PAGE_SIZE)
        self.url = request.build_absolute_uri()
        start = (self.number - 1) * self.page_size
        rows = list(queryset[start : start + self.page_size + 1])
        self.has_next = len(rows) > self.page_size
        return rows[: self.page_size]

    def get_paginated_response(self, data: Any) -> Response:
        following = replace_query_param(self.url, "page", self.number + 1) if self.has_next else None
        if self.number <= 1:
            before = None
        elif self.number == 2:
            before = remove_query_param(self.url, "page")
        else:
            before = replace_query_param(self.url, "page", self.number - 1)
        return Response({"next": following, "previous": before, "results": data})


def _positive(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if number > 0 else None
