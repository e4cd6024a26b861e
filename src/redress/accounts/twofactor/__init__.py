"""Two-factor sign-in for staff: an authenticator app (TOTP) and single-use recovery codes, on django-otp.

After the password, `RequireVerifiedMiddleware` sends a person on to enter a code (or to set up an
authenticator first) before any staff page or session-authenticated API call answers. With
`REDRESS_REQUIRE_2FA` off, only people who chose to set it up are asked.
"""
