"""Two-factor sign-in: required of every staff member by default, an authenticator app and recovery codes."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from redress.accounts.models import User
from redress.accounts.twofactor.selectors import recovery_codes_left, two_factor_enrolled
from tests.accounts.twofactor import code_for, enrol, password_client, verified_client

VERIFY = "/account/two-factor/"
SETUP = "/account/two-factor/setup/"


@pytest.fixture(autouse=True)
def _required(settings: Any) -> None:
    settings.REDRESS_REQUIRE_2FA = True


def body(response: Any) -> str:
    return str(response.content.decode())


@pytest.mark.django_db
class TestRequiredByDefault:
    def test_the_setting_is_on_unless_turned_off(self) -> None:
        from redress.config import settings as project_settings

        assert project_settings.REDRESS_REQUIRE_2FA is True

    def test_a_password_alone_opens_no_staff_page(self, people: dict[str, User]) -> None:
        client = password_client("handler")
        for url in ("/", "/deadlines/board/", "/notifications/", "/account/security/", "/admin/"):
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(f"{SETUP}?next="), url

    def test_someone_with_an_authenticator_is_asked_for_a_code(self, people: dict[str, User]) -> None:
        enrol(people["handler"])
        response = password_client("handler").get("/complaints/new/staff/")
        assert response.status_code == 302
        assert response["Location"] == f"{VERIFY}?next=%2Fcomplaints%2Fnew%2Fstaff%2F"

    def test_pages_for_customers_and_sign_out_stay_open(self, people: dict[str, User]) -> None:
        client = password_client("handler")
        for url in ("/complaints/new/", "/complaints/track/", "/login/", SETUP):
            assert client.get(url).status_code == 200, url
        assert client.post("/logout/").status_code == 302
        assert client.get("/").status_code == 302 and client.get("/")["Location"].startswith("/login/")

    def test_the_verify_page_hides_the_staff_menu(self, people: dict[str, User]) -> None:
        enrol(people["handler"])
        page = body(password_client("handler").get(VERIFY))
        assert 'href="/deadlines/board/"' not in page
        assert 'action="/logout/"' in page  # but one may sign out

    def test_an_htmx_request_is_sent_on_by_the_client(self, people: dict[str, User]) -> None:
        response = password_client("handler").get("/notifications/", HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        assert response["HX-Redirect"].startswith(SETUP)


@pytest.mark.django_db
class TestSetup:
    def test_the_page_shows_a_qr_code_and_the_key_as_text(self, people: dict[str, User]) -> None:
        client = password_client("handler")
        page = body(client.get(SETUP))
        device = TOTPDevice.objects.get(user=people["handler"])
        assert not device.confirmed
        assert "<svg" in page and "<script" not in page.split("<main", 1)[1]
        from base64 import b32encode

        assert f'data-secret="{b32encode(device.bin_key).decode()}"' in page
        # Reloading shows the same key (the person may have scanned it already).
        client.get(SETUP)
        assert TOTPDevice.objects.filter(user=people["handler"]).count() == 1
        assert "no-store" in client.get(SETUP)["Cache-Control"]

    def test_the_first_code_confirms_it_and_ten_recovery_codes_are_shown_once(self, people: dict[str, User]) -> None:
        client = password_client("handler")
        client.get(f"{SETUP}?next=/deadlines/board/")
        device = TOTPDevice.objects.get(user=people["handler"])
        response = client.post(SETUP, {"code": code_for(device), "next": "/deadlines/board/"})
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        codes = [t.token for t in StaticToken.objects.filter(device__user=people["handler"])]
        assert len(codes) == 10 and all(f"<code>{c}</code>" in body(response) for c in codes)
        assert 'href="/deadlines/board/"' in body(response)
        device.refresh_from_db()
        assert device.confirmed
        assert client.get("/").status_code == 200  # the session is verified

    def test_without_a_next_page_it_goes_on_to_the_queue(self, people: dict[str, User]) -> None:
        client = password_client("handler")
        client.get(SETUP)
        device = TOTPDevice.objects.get(user=people["handler"])
        assert '<a class="button primary" href="/">' in body(client.post(SETUP, {"code": code_for(device)}))

    def test_a_wrong_first_code_confirms_nothing(self, people: dict[str, User]) -> None:
        client = password_client("handler")
        client.get(SETUP)
        device = TOTPDevice.objects.get(user=people["handler"])
        wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
        response = client.post(SETUP, {"code": wrong})
        assert response.status_code == 200
        assert "This code is not right" in body(response)
        assert not two_factor_enrolled(people["handler"])
        assert client.get("/").status_code == 302

    def test_a_password_alone_cannot_replace_an_authenticator(self, people: dict[str, User]) -> None:
        first, _ = enrol(people["handler"])
        client = password_client("handler")
        response = client.get(SETUP)
        assert response.status_code == 302 and response["Location"].startswith(VERIFY)
        assert list(TOTPDevice.objects.filter(user=people["handler"])) == [first]

    def test_a_new_authenticator_replaces_the_old_one(self, people: dict[str, User]) -> None:
        old, _ = enrol(people["handler"])
        client = verified_client(people["handler"], old)
        client.get(SETUP)
        new = TOTPDevice.objects.get(user=people["handler"], confirmed=False)
        assert client.post(SETUP, {"code": code_for(new)}).status_code == 200
        assert list(TOTPDevice.objects.filter(user=people["handler"])) == [new]
        assert client.get("/").status_code == 200


@pytest.mark.django_db
class TestVerify:
    def test_the_right_code_signs_in_and_goes_on(self, people: dict[str, User]) -> None:
        device, _ = enrol(people["handler"])
        client = password_client("handler")
        response = client.post(VERIFY, {"code": code_for(device, steps_ahead=1), "next": "/deadlines/board/"})
        assert response.status_code == 302 and response["Location"] == "/deadlines/board/"
        assert client.get("/").status_code == 200

    def test_a_wrong_code_is_refused(self, people: dict[str, User]) -> None:
        device, _ = enrol(people["handler"])
        client = password_client("handler")
        wrong = f"{(int(code_for(device, 1)) + 1) % 1_000_000:06d}"
        response = client.post(VERIFY, {"code": wrong})
        assert response.status_code == 200
        assert "not right, or it has been used" in body(response)
        assert client.get("/").status_code == 302

    def test_a_code_is_accepted_once(self, people: dict[str, User]) -> None:
        device, _ = enrol(people["handler"])
        code = code_for(device, steps_ahead=1)
        assert password_client("handler").post(VERIFY, {"code": code}).status_code == 302
        again = password_client("handler")
        assert again.post(VERIFY, {"code": code}).status_code == 200
        assert again.get("/").status_code == 302

    def test_after_a_wrong_code_the_next_try_waits(self, people: dict[str, User], settings: Any) -> None:
        settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a minute after the first wrong code, so the test cannot race it
        device, _ = enrol(people["handler"])
        client = password_client("handler")
        client.post(VERIFY, {"code": "000000" if code_for(device, 1) != "000000" else "111111"})
        response = client.post(VERIFY, {"code": code_for(device, 1)})
        assert "Too many wrong codes" in body(response)
        assert client.get("/").status_code == 302

    def test_a_recovery_code_signs_in_once(self, people: dict[str, User]) -> None:
        _, codes = enrol(people["handler"])
        client = password_client("handler")
        response = client.post(VERIFY, {"code": codes[0].upper()[:4] + " " + codes[0][4:]})
        assert response.status_code == 302
        assert client.get("/").status_code == 200
        assert recovery_codes_left(people["handler"]) == 9
        again = password_client("handler")
        assert again.post(VERIFY, {"code": codes[0]}).status_code == 200
        assert again.get("/").status_code == 302

    def test_next_may_not_lead_off_the_site(self, people: dict[str, User]) -> None:
        device, _ = enrol(people["handler"])
        response = password_client("handler").post(
            VERIFY, {"code": code_for(device, 1), "next": "https://evil.example/"}
        )
        assert response["Location"] == "/"


@pytest.mark.django_db
class TestRecoveryCodes:
    def test_new_codes_replace_the_old_ones(self, people: dict[str, User]) -> None:
        device, old = enrol(people["handler"])
        client = verified_client(people["handler"], device)
        response = client.post("/account/two-factor/recovery-codes/")
        assert response.status_code == 200 and "no-store" in response["Cache-Control"]
        new = [t.token for t in StaticToken.objects.filter(device__user=people["handler"])]
        assert len(new) == 10 and not set(new) & set(old)
        assert password_client("handler").post(VERIFY, {"code": new[0]}).status_code == 302
        refused = password_client("handler").post(VERIFY, {"code": old[0]})
        assert refused.status_code == 200 and "not right, or it has been used" in body(refused)

    def test_the_security_page_says_how_many_are_left(self, people: dict[str, User]) -> None:
        device, _ = enrol(people["handler"])
        page = body(verified_client(people["handler"], device).get("/account/security/"))
        assert 'data-two-factor="on"' in page
        assert "Recovery codes left: 10" in page
        assert "Turn off two-factor sign-in" not in page  # required here


@pytest.mark.django_db
class TestRelaxed:
    @pytest.fixture(autouse=True)
    def _relaxed(self, settings: Any) -> None:
        settings.REDRESS_REQUIRE_2FA = False

    def test_a_password_is_enough_for_someone_without_a_second_factor(self, people: dict[str, User]) -> None:
        client = password_client("handler")
        assert client.get("/").status_code == 200
        page = body(client.get("/account/security/"))
        assert 'data-two-factor="off"' in page and f'href="{SETUP}?next=/account/security/"' in page

    def test_someone_may_set_it_up_and_is_then_asked_for_it(self, people: dict[str, User]) -> None:
        client = password_client("handler")
        client.get(SETUP)
        device = TOTPDevice.objects.get(user=people["handler"])
        assert client.post(SETUP, {"code": code_for(device)}).status_code == 200
        later = password_client("handler")
        assert later.get("/")["Location"].startswith(VERIFY)
        assert later.post(VERIFY, {"code": code_for(device, 1)}).status_code == 302
        assert later.get("/").status_code == 200

    def test_and_may_turn_it_off(self, people: dict[str, User]) -> None:
        device, _ = enrol(people["handler"])
        client = verified_client(people["handler"], device)
        assert "Turn off two-factor sign-in" in body(client.get("/account/security/"))
        client.post("/account/two-factor/off/")
        assert not two_factor_enrolled(people["handler"])
        assert password_client("handler").get("/").status_code == 200

    def test_it_cannot_be_turned_off_where_it_is_required(self, people: dict[str, User], settings: Any) -> None:
        device, _ = enrol(people["handler"])
        settings.REDRESS_REQUIRE_2FA = True
        verified_client(people["handler"], device).post("/account/two-factor/off/")
        assert two_factor_enrolled(people["handler"])


@pytest.mark.django_db
class TestApi:
    def test_a_session_must_be_verified_for_the_api(self, people: dict[str, User]) -> None:
        device, _ = enrol(people["handler"])
        client = password_client("handler")
        response = client.get("/api/v1/complaints/")
        assert response.status_code == 403
        assert response.json()["error"] == "two_factor_required"
        client.post(VERIFY, {"code": code_for(device, 1)})
        assert client.get("/api/v1/complaints/").status_code == 200

    def test_a_session_without_a_second_factor_is_refused_too(self, people: dict[str, User]) -> None:
        response = password_client("handler").get("/api/v1/notifications/")
        assert response.status_code == 403 and response.json()["error"] == "two_factor_required"

    def test_a_token_is_a_credential_of_its_own(self, people: dict[str, User]) -> None:
        token = Token.objects.create(user=people["handler"])
        response = Client().get("/api/v1/complaints/", HTTP_AUTHORIZATION=f"Token {token.key}")
        assert response.status_code == 200
        # An unverified session beside a token does not change that; a wrong token is still refused.
        client = password_client("handler")
        assert client.get("/api/v1/complaints/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200
        assert client.get("/api/v1/complaints/", HTTP_AUTHORIZATION="Token nope").status_code == 401


@pytest.mark.django_db
class TestReset:
    def test_the_command_line_resets_a_person(self, people: dict[str, User]) -> None:
        enrol(people["handler"])
        out = StringIO()
        call_command("accounts", "reset-2fa", "handler", stdout=out)
        assert "reset for handler (2 devices removed)" in out.getvalue()
        assert not two_factor_enrolled(people["handler"])
        assert not StaticToken.objects.filter(device__user=people["handler"]).exists()
        assert password_client("handler").get("/")["Location"].startswith(SETUP)

    def test_the_command_line_names_an_unknown_user(self, people: dict[str, User]) -> None:
        with pytest.raises(CommandError, match="No user named 'nobody'"):
            call_command("accounts", "reset-2fa", "nobody", stdout=StringIO())

    def test_a_reset_ends_the_verified_session(self, people: dict[str, User]) -> None:
        device, _ = enrol(people["handler"])
        client = verified_client(people["handler"], device)
        assert client.get("/").status_code == 200
        call_command("accounts", "reset-2fa", "handler", stdout=StringIO())
        assert client.get("/")["Location"].startswith(SETUP)

    def test_an_administrator_resets_people_in_the_admin(self, people: dict[str, User]) -> None:
        admin_device, _ = enrol(people["admin"])
        enrol(people["handler"])
        enrol(people["manager"])
        client = verified_client(people["admin"], admin_device)
        response = client.post(
            "/admin/accounts/user/",
            {
                "action": "reset_two_factor",
                "_selected_action": [people["handler"].pk, people["manager"].pk],
            },
            follow=True,
        )
        assert response.status_code == 200
        assert "Two-factor sign-in reset for 2 people" in body(response)
        assert not two_factor_enrolled(people["handler"]) and not two_factor_enrolled(people["manager"])
        assert two_factor_enrolled(people["admin"])
