"""Who must give a second factor, and what they have set up."""

from __future__ import annotations

from django.conf import settings
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from redress.accounts.models import User


def user_named(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def two_factor_required(user: User) -> bool:
    """Required of every staff member by default; with the setting off, of those who set it up."""
    return bool(settings.REDRESS_REQUIRE_2FA) or two_factor_enrolled(user)


def two_factor_enrolled(user: User) -> bool:
    return bool(user_has_device(user, confirmed=True))


def authenticator_of(user: User) -> TOTPDevice | None:
    """The person's confirmed authenticator (one at most: setting up a new one replaces it)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def authenticator_pending(user: User) -> TOTPDevice | None:
    """The authenticator being set up: shown as a QR code until its first code confirms it."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def recovery_device_of(user: User) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()
