"""Sign-in security: the client's address behind proxies, rate limits and lockouts in the shared cache,
session limits, password reset. Kept apart from the login view so other ways of signing in plug in beside it."""
