from __future__ import annotations

from types import SimpleNamespace

from gunicorn.config import Config

from redress.config.gunicorn_logging import RedactingLogger


def test_it_redacts_personal_data_from_gunicorn_access_lines() -> None:
    logger = RedactingLogger(Config())
    request = SimpleNamespace(
        method="GET",
        uri="/api/v1/complaints/?customer=13812345678",
        path="/api/v1/complaints/",
        query="customer=13812345678",
        version=(1, 1),
        headers=[],
    )
    response = SimpleNamespace(status="200 OK", response_length=10, sent=10, headers=[])
    environ = {
        "REMOTE_ADDR": "127.0.0.1",
        "RAW_URI": request.uri,
        "QUERY_STRING": request.query,
        "REQUEST_METHOD": "GET",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": request.path,
    }
    atoms = logger.atoms(response, request, environ, SimpleNamespace(seconds=0, microseconds=1000))
    assert "13812345678" not in " ".join(str(v) for v in atoms.values())
    assert "[redacted]" in atoms["q"]
