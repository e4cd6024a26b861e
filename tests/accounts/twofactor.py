"""Helpers for the two-factor tests: the code an authenticator app would show, a verified session."""

from __future__ import annotations

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from redress.accounts.models import User
from redress.accounts.twofactor.services import authenticator_confirm, authenticator_start

PASSWORD = "correct horse battery staple"


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The six digits the app shows now (or `steps_ahead` periods later: a code is accepted once only,
    and the next period's code is within the tolerance)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def enrol(user: User) -> tuple[TOTPDevice, list[str]]:
    device = authenticator_start(user=user)
    codes = authenticator_confirm(user=user, device=device, code=code_for(device))
    assert codes is not None
    device.refresh_from_db()
    return device, codes


def password_client(username: str) -> Client:
    client = Client()
    response = client.post("/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response
    return client


def verified_client(user: User, device: TOTPDevice) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
