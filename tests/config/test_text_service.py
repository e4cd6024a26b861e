"""The text service (redress.config.textservice): a process of its own holding the triage model and the Chinese
word cutter, asked by the web processes over a unix socket (redress.core.textservice); and the fallback, the
work done in process, when it is not configured or cannot be reached."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from redress.complaints.search import words
from redress.config import gunicorn
from redress.core import textservice
from redress.triage import runtime, services, wording
from redress.triage.selectors import suggestion_view
from tests.core.test_cli import embedded_env

BODY = {
    "channel": "phone",
    "customer": {"name": "Ada Lovelace", "phone": "+44 7700 900123"},
    "description": "Someone used my card for three purchases I never made and the bank has not refunded me "
    "after two weeks. I am 81 and it was all my savings.",
    "desired_outcome": "A refund",
    "language": "en",
}
CHINESE_BODY = {
    **BODY,
    "description": "信用卡被盗刷了两万元，银行客服一直推诿，我要向银保监会投诉。",
    "desired_outcome": "退还被盗刷的钱",
    "language": "zh-hans",
}


def _fail(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("done in the test's process, not by the text service")


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The service, started as gunicorn's master starts it, on a home of its own (no database there: it uses
    the shipped model and the seed rules)."""
    home = tmp_path_factory.mktemp("text-service")
    socket_path = home / "text.sock"
    log = (home / "service.log").open("w")
    process = subprocess.Popen(
        gunicorn.TextService(str(socket_path)).command(),
        env={**embedded_env(home), "DJANGO_SETTINGS_MODULE": "redress.config.settings"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        while not socket_path.is_socket():
            assert process.poll() is None and time.monotonic() < deadline, (home / "service.log").read_text()
            time.sleep(0.2)
        yield socket_path
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@pytest.fixture
def asking(service: Path, settings: Any) -> Iterator[Path]:
    settings.REDRESS_TEXT_SERVICE = str(service)
    textservice.reset()
    runtime.forget()
    yield service
    textservice.reset()


@pytest.mark.slow  # a process of its own
def test_only_its_own_user_may_connect(service: Path) -> None:
    assert stat.S_IMODE(service.stat().st_mode) == 0o600


@pytest.mark.slow  # a process of its own
def test_it_answers_with_its_own_process(asking: Path) -> None:
    assert textservice.ask("ping") not in (None, os.getpid())


@pytest.mark.slow  # a process of its own
@pytest.mark.django_db
def test_a_registration_gets_its_suggestion_from_the_service(
    asking: Path, api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "current_triage", _fail)  # this process never loads the model
    monkeypatch.setattr(words, "chinese_cut_here", _fail)
    answer = api("intake").post("/api/v1/complaints/", CHINESE_BODY, format="json")
    assert answer.status_code == 201, answer.content
    suggestion = answer.json()["triage_suggestion"]
    assert suggestion["explanation"]["model"] == "bootstrap"
    assert suggestion["business"] == "bank_card"
    assert suggestion["urgent"] and "regulator" in suggestion["flags"]
    english = api("intake").post("/api/v1/complaints/", BODY, format="json").json()["triage_suggestion"]
    assert english["product"] and english["explanation"]["model"] == "bootstrap"


@pytest.mark.slow  # a process of its own
@pytest.mark.django_db
def test_the_explanation_and_search_words_come_from_its_cutter(
    asking: Path, api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(wording, "cut_here", _fail)
    monkeypatch.setattr(words, "chinese_cut_here", _fail)
    wording._word_spans.cache_clear()
    reference = api("intake").post("/api/v1/complaints/", CHINESE_BODY, format="json").json()["reference"]
    from redress.complaints.models import Complaint

    view = suggestion_view(Complaint.objects.get(reference=reference), mask=False)
    assert view is not None and any(shown for _label, shown in view.reasons)
    assert "盗刷" in words.query_words("盗刷")
    assert words.query_words("銀行卡") == ["银行卡"]  # folded to Simplified there
    found = words.document_words(["信用卡被盗刷"]).split()
    assert {"信用", "信用卡"} <= set(found)


@pytest.mark.slow  # a process of its own
@pytest.mark.django_db
def test_the_words_are_those_cut_in_process(asking: Path, settings: Any) -> None:
    text = "我的信用卡在境外被盗刷，卡一直在我身上，銀行說要等一個月。"
    through_service = (words.document_words([text]), words.query_words(text))
    settings.REDRESS_TEXT_SERVICE = "off"
    assert (words.document_words([text]), words.query_words(text)) == through_service


@pytest.mark.django_db
def test_without_the_service_a_registration_is_triaged_in_process_and_says_so(
    tmp_path: Path, settings: Any, api: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.REDRESS_TEXT_SERVICE = str(tmp_path / "nobody-listens.sock")
    textservice.reset()
    runtime.forget()
    try:
        with caplog.at_level(logging.WARNING, logger="redress.core.textservice"):
            answer = api("intake").post("/api/v1/complaints/", CHINESE_BODY, format="json")
        assert answer.status_code == 201, answer.content
        assert answer.json()["triage_suggestion"]["explanation"]["model"] == "bootstrap"
        warnings = [r.getMessage() for r in caplog.records if "cannot be reached" in r.getMessage()]
        assert len(warnings) == 1  # once, not at every call
        assert "this process loads the triage model" in warnings[0]
    finally:
        textservice.reset()


@pytest.mark.django_db
def test_not_configured_nothing_is_asked(settings: Any, api: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.REDRESS_TEXT_SERVICE = ""
    monkeypatch.setattr(textservice, "_exchange", _fail)
    answer = api("intake").post("/api/v1/complaints/", CHINESE_BODY, format="json")
    assert answer.json()["triage_suggestion"]["explanation"]["model"] == "bootstrap"


def test_gunicorn_starts_it_at_the_home_unless_turned_off() -> None:
    assert gunicorn.text_service_socket({"REDRESS_HOME": "/srv/redress"}) == "/srv/redress/text.sock"
    assert gunicorn.text_service_socket({"REDRESS_TEXT_SERVICE": "/run/redress/text.sock"}) == (
        "/run/redress/text.sock"
    )
    assert gunicorn.text_service_socket({"REDRESS_TEXT_SERVICE": "off"}) is None


@pytest.mark.slow  # a process of its own
def test_the_master_starts_it_again_when_it_stops(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Sleeper(gunicorn.TextService):
        def command(self) -> list[str]:
            return [sys.executable, "-c", "import time; time.sleep(60)"]

    supervised = Sleeper(str(tmp_path / "text.sock"))
    monkeypatch.setattr(supervised.stopping, "wait", lambda delay: supervised.stopping.is_set())  # no pause
    supervised.start()
    try:
        first = supervised.process
        assert first is not None
        first.kill()
        deadline = time.monotonic() + 30
        while supervised.process is first and time.monotonic() < deadline:
            time.sleep(0.05)
        assert supervised.process is not first and supervised.process is not None
        assert supervised.process.poll() is None
    finally:
        supervised.stop()
    assert supervised.process.poll() is not None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_service_the_master_loads_no_model_before_it_forks(settings: Any) -> None:
    import gc

    settings.REDRESS_TEXT_SERVICE = "/nowhere/text.sock"
    runtime.forget()
    try:
        gunicorn.share_with_workers()
        assert runtime._state.loaded is None
    finally:
        gc.unfreeze()
