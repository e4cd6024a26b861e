"""The API's schema class (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]): every operation lists the errors it can
answer, each with the `ErrorOut` envelope, worked out here from what the view is rather than written on each
view. A view declares only what cannot be seen from outside (409 where a service raises Conflict, 403 where a
rule of the workflow refuses a reading); what it declares is kept."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny, IsAuthenticated

from redress.core.api import error_responses

_BODY_METHODS = {"POST", "PUT", "PATCH"}
# Permissions that refuse no signed-in caller: a view with only these answers 401, not 403, for them.
_SIGNED_IN_ONLY = (AllowAny, IsAuthenticated)


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        for code, answer in error_responses(*sorted(self.inferred_errors())).items():
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(answer, str(code), ["application/json"], direction)
        return dict(sorted(responses.items()))

    def inferred_errors(self) -> set[int]:
        """The error statuses this operation can answer, from its view's parsers, permissions and throttles."""
        errors: set[int] = set()
        parameters = self._get_parameters()
        if any(p["in"] in ("query", "header", "cookie") for p in parameters):
            errors.add(400)  # a parameter the view refuses
        if any(p["in"] == "path" for p in parameters):
            errors.add(404)  # no such thing, or not one the caller may see
        permissions = self.view.get_permissions()
        if not all(isinstance(p, AllowAny) for p in permissions):
            errors.add(401)
        if any(not isinstance(p, _SIGNED_IN_ONLY) for p in permissions):
            errors.add(403)  # a role the permission refuses
        if self.method in _BODY_METHODS:
            if any(isinstance(a, SessionAuthentication) for a in self.view.get_authenticators()):
                errors.add(403)  # a session without its CSRF token
            if self._get_request_body() is not None:
                errors |= {400, 413, 415}  # invalid or malformed, too large, of a media type not parsed
        if self.view.get_throttles():
            errors.add(429)
        return errors
