"""API: the deadline board."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from redress.accounts.presenters import user_of
from redress.core.api import error_responses, iso
from redress.deadlines.api.serializers import BoardOut
from redress.deadlines.selectors import deadline_board


class DeadlineBoard(APIView):
    """Open complaints due today, this week, and overdue: by department and by handler; and the open internal
    targets (first contact, assignment) likewise."""

    @extend_schema(
        operation_id="deadline_board",
        summary="The deadline board: open complaints due, by department and handler",
        responses={200: BoardOut, **error_responses(401)},
    )
    def get(self, request: Request) -> Response:
        board = deadline_board(user=user_of(request))
        rename = {
            "department__code": "department",
            "assignee__username": "assignee",
            "complaint__department__code": "department",
            "complaint__assignee__username": "assignee",
        }
        return Response(
            {
                "now": iso(board["now"]),
                **{
                    key: [{rename.get(k, k): v for k, v in row.items()} for row in board[key]]
                    for key in ("by_department", "by_handler", "targets_by_department", "targets_by_handler")
                },
            }
        )
