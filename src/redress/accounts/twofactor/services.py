"""Setting up, using and resetting a person's second factor. Each one transaction; each logged."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from django.db import transaction
from django_otp import verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from redress.accounts.models import User
from redress.accounts.twofactor.selectors import authenticator_pending

log = logging.getLogger(__name__)

RECOVERY_CODES = 10
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"
_TOTP_CODE = re.compile(r"^[0-9]{6}$")


@dataclass(frozen=True)
class Verification:
    device: Device | None
    throttled: bool = False  # too many wrong codes just now: this one was not even tried


def normalise_code(code: str) -> str:
    """People type codes with spaces or hyphens, recovery codes in capitals."""
    return re.sub(r"[\s-]+", "", code).lower()


def authenticator_start(*, user: User) -> TOTPDevice:
    """The authenticator this person is setting up: the one begun before (they may have scanned it), or a new one."""
    with transaction.atomic():
        pending = authenticator_pending(user)
        if pending is not None:
            return pending
        return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def authenticator_confirm(*, user: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the authenticator with its first code; it replaces any earlier one, and a fresh set of
    recovery codes replaces the old. Returns the recovery codes (to show once), or None if the code is wrong."""
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().filter(pk=device.pk, user=user, confirmed=False).first()
        if locked is None or not locked.verify_token(normalise_code(code)):
            log.warning("two-factor setup: wrong first code for user %s", user.pk)
            return None
        locked.confirmed = True
        locked.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=locked.pk).delete()
        codes = _recovery_codes_replace(user)
    device.confirmed = True
    log.info("two-factor sign-in set up for user %s", user.pk)
    return codes


def recovery_codes_regenerate(*, user: User) -> list[str]:
    """New recovery codes; the old ones stop working at once."""
    with transaction.atomic():
        codes = _recovery_codes_replace(user)
    log.info("recovery codes replaced for user %s", user.pk)
    return codes


def _recovery_codes_replace(user: User) -> list[str]:
    device = StaticDevice.objects.filter(user=user).order_by("id").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes: set[str] = set()
    while len(codes) < RECOVERY_CODES:
        codes.add(StaticToken.random_token())
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in sorted(codes))
    return sorted(codes)


def two_factor_verify(*, user: User, code: str) -> Verification:
    """Check a code from the authenticator (six digits) or a recovery code (used up by this check)."""
    code = normalise_code(code)
    model: type[Device] = TOTPDevice if _TOTP_CODE.match(code) else StaticDevice
    devices = list(model.objects.filter(user=user, confirmed=True).order_by("id"))
    for device in devices:
        if not device.verify_is_allowed()[0]:
            log.warning("two-factor sign-in: user %s throttled after wrong codes", user.pk)
            return Verification(device=None, throttled=True)
        verified = verify_token(user, device.persistent_id, code)
        if verified is not None:
            if model is StaticDevice:
                log.info("two-factor sign-in with a recovery code for user %s", user.pk)
            return Verification(device=verified)
    log.warning("two-factor sign-in: wrong code for user %s", user.pk)
    return Verification(device=None)


def two_factor_reset(*, user: User, actor: User | None) -> int:
    """Remove every second factor of a person (a lost phone): they set up a new one at their next sign-in.
    Sessions verified with the old devices are no longer verified. Returns how many devices were removed."""
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).delete()[1].get("otp_totp.TOTPDevice", 0)
        removed += StaticDevice.objects.filter(user=user).delete()[1].get("otp_static.StaticDevice", 0)
    log.warning(
        "two-factor sign-in reset for user %s by %s (%s devices removed)",
        user.pk,
        actor.pk if actor else "the command line",
        removed,
    )
    return removed
