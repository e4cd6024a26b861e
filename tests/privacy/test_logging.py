import logging

import pytest

from redress.privacy.logging import RedactPIIFilter, redact


@pytest.mark.parametrize(
    ("message", "redacted"),
    [
        ("customer zhang.san@example.com wrote", "customer [redacted] wrote"),
        ("call 13812345678 now", "call [redacted] now"),
        ("call +86 138-1234-5678 now", "call [redacted] now"),
        ("call 138 1234 5678", "call [redacted]"),
        ("手机13812345678已验证", "手机[redacted]已验证"),
        ("id 11010119900307123X ok", "id [redacted] ok"),
        ("身份证110101199003071234号", "身份证[redacted]号"),
        ("landline 010-6552 9988", "landline [redacted]"),
        ("london +44 20 7946 0958", "london [redacted]"),
        ("card 6222021234567890123", "card [redacted]"),
        ("phone 65529988", "phone [redacted]"),
    ],
)
def test_it_redacts_personal_data(message, redacted):
    assert redact(message) == redacted


@pytest.mark.parametrize(
    "message",
    [
        "complaint 42 escalated at 2024-05-01 08:30:15",
        "amount 1234.56 CNY, 3 attempts, took 0.25s",
        "status=open priority=2",
    ],
)
def test_it_leaves_ordinary_messages_alone(message):
    assert redact(message) == message


def _record(msg, args, exc_info=None):
    return logging.LogRecord("redress.test", logging.INFO, __file__, 1, msg, args, exc_info)


def test_it_redacts_the_formatted_message_and_clears_args():
    record = _record("lookup for %s (%s) failed", ("13812345678", "li@example.com"))
    assert RedactPIIFilter().filter(record) is True
    assert record.msg == "lookup for [redacted] ([redacted]) failed"
    assert record.args is None
    assert record.getMessage() == "lookup for [redacted] ([redacted]) failed"


def test_it_keeps_a_broken_log_call_from_crashing_or_leaking():
    record = _record("phone %s %s", ("13812345678",))
    assert RedactPIIFilter().filter(record) is True
    assert record.getMessage() == "phone %s %s"


def test_it_redacts_traceback_text():
    with pytest.raises(ValueError) as excinfo:
        raise ValueError("invalid phone 13812345678")
    record = _record("failed", None, (excinfo.type, excinfo.value, excinfo.tb))
    RedactPIIFilter().filter(record)
    output = logging.Formatter().format(record)
    assert "13812345678" not in output
    assert "ValueError: invalid phone [redacted]" in output


def test_it_redacts_what_a_logger_emits(caplog):
    logger = logging.getLogger("redress.test.privacy")
    caplog.handler.addFilter(RedactPIIFilter())
    with caplog.at_level(logging.INFO, logger="redress.test.privacy"):
        logger.info("customer %s, id %s", "zhang.san@example.com", "110101199003071234")
    assert caplog.messages == ["customer [redacted], id [redacted]"]
    assert "110101199003071234" not in caplog.text


def test_it_keeps_complaint_references_readable() -> None:
    from redress.privacy.logging import redact

    assert redact("CMP-20261128-000042 and CMP-20261128-1000042") == "CMP-20261128-000042 and CMP-20261128-1000042"
