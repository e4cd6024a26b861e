import base64
import json
from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from oidc_provider.views import TokenView


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def token(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """The real token endpoint; mallory's answer is then altered in transit (payload changed, same signature),
    and garbled's ID token arrives as something that is no JWT at all."""
    response: HttpResponse = TokenView.as_view()(request, *args, **kwargs)
    if response.status_code != 200:
        return response
    body = json.loads(response.content)
    header, payload, signature = body["id_token"].split(".")
    claims = json.loads(_unb64(payload))
    if claims.get("preferred_username") == "garbled":
        body["id_token"] = "not-a-signed-token"
        response.content = json.dumps(body).encode()
    elif claims.get("preferred_username") == "mallory":
        claims["groups"] = ["redress-admins"]
        body["id_token"] = ".".join([header, _b64(json.dumps(claims).encode()), signature])
        response.content = json.dumps(body).encode()
    return response


urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="provider_login.html"), name="login"),
    re_path(r"^openid/token/?$", csrf_exempt(token)),
    path("openid/", include("oidc_provider.urls", namespace="oidc_provider")),
]
