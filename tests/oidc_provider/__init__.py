"""A real OpenID Connect provider for the single sign-on tests (django-oidc-provider), run in its own process.

`python -m tests.oidc_provider.serve PORT DBFILE` migrates a fresh SQLite database, makes an RSA signing key,
the client `redress` and its people, then serves discovery, authorize, token, JWKS, userinfo and end-session on
http://127.0.0.1:PORT/openid. People are in Django groups; the `groups` scope and the ID token carry them. A few
groups are the provider's own policies, like a real IdP's:

- `idp:mfa`: the person signs in with a second factor at the provider, so the ID token's amr is ["pwd", "mfa"];
- `idp:late`: the provider's clock is wrong, the ID token it signs has expired already;
- the person `mallory` gets her ID token rewritten in transit (groups raised to admins, signature left as it
  was), as an attacker between the provider and redress would.
"""
