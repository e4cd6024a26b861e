"""What the test provider says about a person: standard claims, `groups`, and `amr` from its policies."""

from typing import Any

from oidc_provider.lib.claims import ScopeClaims


def userinfo(claims: dict[str, Any], user: Any) -> dict[str, Any]:
    claims["preferred_username"] = user.username
    claims["email"] = user.email
    claims["email_verified"] = True
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["name"] = f"{user.first_name} {user.last_name}".strip()
    return claims


class GroupsClaims(ScopeClaims):
    info_groups = ("Groups", "The groups you are in.")

    def scope_groups(self) -> dict[str, Any]:
        return {"groups": [g.name for g in self.user.groups.all() if not g.name.startswith("idp:")]}


def id_token_hook(id_token: dict[str, Any], user: Any, **_: Any) -> dict[str, Any]:
    policies = {g.name for g in user.groups.all()}
    id_token["amr"] = ["pwd", "mfa"] if "idp:mfa" in policies else ["pwd"]
    if "idp:late" in policies:
        id_token["iat"] -= 7200
        id_token["exp"] = id_token["iat"] + 600
    return id_token
