"""python -m tests.oidc_provider.serve PORT DBFILE REDIRECT_URI POST_LOGOUT_URI: set up, then serve (runserver)."""

import os
import sys

PASSWORD = "provider password 42"
CLIENT_ID = "redress"
CLIENT_SECRET = "redress client secret"
# username: (email, groups at the provider)
PEOPLE = {
    "hana": ("hana@bank.example", ["complaints-handlers", "retail"]),
    "ivan": ("ivan@bank.example", ["complaints-approvers"]),
    "mfa-mei": ("mei@bank.example", ["complaints-handlers", "idp:mfa"]),
    "newcomer": ("newcomer@bank.example", ["complaints-handlers"]),
    "nogroup": ("nogroup@bank.example", []),
    "late": ("late@bank.example", ["complaints-handlers", "idp:late"]),
    "mallory": ("mallory@bank.example", ["complaints-handlers"]),
    "garbled": ("garbled@bank.example", ["complaints-handlers"]),
}


def set_up(redirect_uri: str, post_logout_uri: str) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType, RSAKey

    call_command("migrate", verbosity=0)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    RSAKey.objects.create(key=pem)
    client = Client.objects.create(
        name="redress",
        client_type="confidential",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        jwt_alg="RS256",
        require_consent=False,
        reuse_consent=True,
        _redirect_uris=redirect_uri,
        _post_logout_redirect_uris=post_logout_uri,
        _scope="openid email profile groups",
    )
    client.response_types.add(ResponseType.objects.get(value="code"))
    for username, (email, groups) in PEOPLE.items():
        user = User.objects.create_user(username, email=email, password=PASSWORD, first_name=username.title())
        for name in groups:
            user.groups.add(Group.objects.get_or_create(name=name)[0])


def main() -> None:
    port, db, redirect_uri, post_logout_uri = sys.argv[1:5]
    os.environ["OIDC_PROVIDER_URL"] = f"http://127.0.0.1:{port}"
    os.environ["OIDC_PROVIDER_DB"] = db
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    import django
    from django.core.management import call_command

    django.setup()
    set_up(redirect_uri, post_logout_uri)
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, skip_checks=True)


if __name__ == "__main__":
    main()
