from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tests.pages.helpers import html

PASSWORD = "correct horse battery staple"


@pytest.mark.django_db
class TestSignIn:
    def test_the_sign_in_page_renders(self) -> None:
        response = Client().get("/login/")
        assert response.status_code == 200
        assert 'name="username"' in html(response)
        assert 'name="password"' in html(response)

    def test_a_person_signs_in_and_lands_on_the_queue(self, people: Any) -> None:
        client = Client()
        response = client.post("/login/", {"username": "handler", "password": PASSWORD})
        assert response.status_code == 302
        assert response["Location"] == "/"
        queue = client.get("/")
        assert queue.status_code == 200
        assert "李娜" in html(queue)  # the signed-in person in the header
        assert "Handler" in html(queue)  # and the role

    def test_a_wrong_password_is_refused_with_a_message(self, people: Any) -> None:
        response = Client().post("/login/", {"username": "handler", "password": "nope"})
        assert response.status_code == 200
        assert "not right" in html(response)

    @pytest.mark.parametrize("url", ["/", "/complaints/new/staff/", "/complaints/CMP-20260101-000001/"])
    def test_every_page_needs_a_sign_in(self, url: str) -> None:
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/?next=")

    def test_sign_out_is_a_post(self, browser: Any) -> None:
        client = browser("handler")
        response = client.post("/logout/")
        assert response.status_code == 302
        assert client.get("/").status_code == 302

    def test_the_layout_has_the_institution_nav_and_language_switcher(self, browser: Any, settings: Any) -> None:
        settings.REDRESS_INSTITUTION_NAME = "示例银行"
        body = html(browser("manager").get("/"))
        assert "示例银行" in body
        assert 'href="/api/docs/"' in body
        assert 'href="/complaints/new/staff/"' in body
        assert 'action="/i18n/setlang/"' in body
        for name in ("简体中文", "繁體中文", "English"):
            assert name in body
        assert 'action="/logout/"' in body
        assert "/static/vendor/htmx.min.js" in body
        # Every asset and link is served by redress itself: nothing from a CDN or any other host.
        # (A substring test for "cdn" failed once on a random CSRF token that happened to contain it.)
        urls = re.findall(r'(?:src|href|action)="([^"]*)"', body)
        assert urls and all(url.startswith(("/", "#", "?", "data:")) and not url.startswith("//") for url in urls), urls

    def test_the_admin_link_shows_for_admins_only(self, browser: Any) -> None:
        assert 'href="/admin/"' in html(browser("admin").get("/"))
        assert 'href="/admin/"' not in html(browser("handler").get("/"))
        assert 'href="/complaints/new/staff/"' not in html(browser("handler").get("/"))
