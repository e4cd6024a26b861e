"""Single sign-on for staff with OpenID Connect (authorization code + PKCE, state, nonce, RS256 ID tokens).

mozilla-django-oidc runs the flow; this package feeds it the provider's endpoints from discovery, checks the
ID token strictly (issuer, audience, expiry, signature against the provider's JWKS), finds the redress account
(an administrator creates it unless REDRESS_OIDC_CREATE_USERS), maps the provider's groups to a role and
department, and lets the provider's MFA (`amr`/`acr`) stand for redress's own second factor.
"""
