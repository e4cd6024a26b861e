"""A department is named in the reader's language (Simplified, Traditional, English), edited in the admin,
wherever it is shown: the complaint page, the queue's filters, the analytics filters, the export."""

from __future__ import annotations

import csv
import io
from importlib import import_module
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client

from redress.accounts.models import Department, User
from redress.accounts.presenters import department_label
from redress.complaints.lifecycle import register, walk

pytestmark = pytest.mark.django_db

NAMES = {"zh-hans": "客户服务中心", "zh-hant": "客戶服務中心", "en": "Customer service"}
LANGUAGES = list(NAMES)


def client_of(user: User, language: str) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_each_language_its_name_and_a_blank_one_falls_back_to_simplified(people: dict[str, User]) -> None:
    service = Department.objects.get(code="service")
    assert {lang: department_label(service, lang) for lang in LANGUAGES} == NAMES
    bare = Department.objects.create(code="new", name="新部门")
    assert {lang: department_label(bare, lang) for lang in LANGUAGES} == dict.fromkeys(LANGUAGES, "新部门")


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_name_the_department_in_the_readers_language(people: dict[str, User], language: str) -> None:
    complaint = walk(register(by=people["intake"]), "assigned", people)
    service = Department.objects.get(code="service")
    type(complaint).objects.filter(pk=complaint.pk).update(department=service)
    others = [name for lang, name in NAMES.items() if name != NAMES[language]]
    manager = client_of(people["manager"], language)
    for url in (f"/complaints/{complaint.reference}/", "/?department=service", "/analytics/"):
        page = manager.get(url).content.decode()
        assert NAMES[language] in page, url
        assert not [name for name in others if name in page], url


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_export_names_the_department_in_the_callers_language(
    api: Any, people: dict[str, User], language: str
) -> None:
    complaint = walk(register(by=people["intake"]), "assigned", people)
    type(complaint).objects.filter(pk=complaint.pk).update(department=Department.objects.get(code="service"))
    response = api("compliance").get("/api/v1/complaints/export.csv", HTTP_ACCEPT_LANGUAGE=language)
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    column = rows[0].index({"en": "Department", "zh-hans": "部门", "zh-hant": "部門"}[language])
    assert rows[1][column] == NAMES[language]


def test_the_admin_edits_the_three_names(people: dict[str, User]) -> None:
    admin = Client()
    admin.force_login(people["admin"])
    service = Department.objects.get(code="service")
    form = {"code": "service", "name": "客服中心", "name_zh_hant": "客服中心（港）", "name_en": "Service desk"}
    response = admin.post(f"/admin/accounts/department/{service.pk}/change/", form)
    assert response.status_code == 302
    service.refresh_from_db()
    assert (service.name, service.name_zh_hant, service.name_en) == ("客服中心", "客服中心（港）", "Service desk")


def test_the_migration_names_the_demo_departments_in_traditional(people: dict[str, User]) -> None:
    migration = import_module("redress.accounts.migrations.0005_department_traditional_name")
    Department.objects.filter(code="loans").update(name_zh_hant="")
    Department.objects.filter(code="service").update(name="客服部", name_zh_hant="")  # renamed: left alone
    migration.seed_traditional(apps, None)
    assert Department.objects.get(code="loans").name_zh_hant == "個人貸款部"
    assert Department.objects.get(code="service").name_zh_hant == ""
