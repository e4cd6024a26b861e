"""Public complaint form: latency of a submission (GET the form, POST it with a PDF), into PostgreSQL.

    .venv/bin/python bench/intake_web.py [--submissions 300] [--concurrency 2]

Starts `gunicorn -w 2 redress.config.wsgi` on 127.0.0.1 against the database
redress_bench_intake (migrated, kept), with the per-address limit raised
(REDRESS_INTAKE_WEB_PER_HOUR) since every request comes from 127.0.0.1. Each submission is
what a browser does: GET /complaints/new/ (CSRF cookie and token), then POST the multipart form
(one distinct customer, Chinese text, one 30 kB PDF). The POST's latency is what is reported
(p50/p95/p99): validation, registration, evidence stored, tracking secret, acknowledgement queued.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import threading
import time
import uuid
from typing import Any

import _common as c

DB = "redress_bench_intake"
PDF = b"%PDF-1.4\n" + b"% filler\n" * 3500 + b"%%EOF\n"


def multipart(fields: dict[str, str], files: list[tuple[str, str, bytes, str]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = []
    for name, value in fields.items():
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, filename, data, ctype in files:
        out.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {ctype}\r\n\r\n".encode()
            + data
            + b"\r\n"
        )
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out), f"multipart/form-data; boundary={boundary}"


def one_submission(conn: http.client.HTTPConnection, port: int, i: int, rng: random.Random) -> tuple[float, int]:
    conn.request("GET", "/complaints/new/", headers={"Host": f"{c.HOST}:{port}", "Accept-Language": "zh-hans"})
    page = conn.getresponse()
    html = page.read().decode()
    cookie = page.getheader("Set-Cookie", "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    csrf_cookie = re.search(r"csrftoken=([^;]+)", cookie)
    assert token and csrf_cookie, "no CSRF token on the form"
    body, ctype = multipart(
        {
            "csrfmiddlewaretoken": token.group(1),
            "name": f"客户{i}",
            "phone": f"139{rng.randrange(10**8):08d}",
            "email": f"web{i}.{rng.randrange(10**6)}@example.cn",
            "address": "上海市浦东新区世纪大道100号",
            "product": "信用卡",
            "description": f"信用卡账单第{i}期出现一笔我不认识的消费，金额{rng.randrange(100, 9999)}元，请核查并退款。",
            "desired_outcome": "退还不明消费",
            "language": "zh-hans",
            "consent": "on",
            "website": "",
        },
        [("attachments", "statement.pdf", PDF, "application/pdf")],
    )
    t = time.perf_counter()
    conn.request(
        "POST",
        "/complaints/new/",
        body=body,
        headers={
            "Host": f"{c.HOST}:{port}",
            "Content-Type": ctype,
            "Cookie": f"csrftoken={csrf_cookie.group(1)}",
            "Referer": f"http://{c.HOST}:{port}/complaints/new/",
            "Accept-Language": "zh-hans",
        },
    )
    resp = conn.getresponse()
    resp.read()
    return time.perf_counter() - t, resp.status


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--submissions", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()
    url = c.ensure_database(DB)
    os.environ["REDRESS_INTAKE_WEB_PER_HOUR"] = "100000000"
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    with c.Gunicorn(url, workers=2) as server:

        def run(worker: int, count: int, record: bool) -> None:
            rng = random.Random(worker)
            conn = http.client.HTTPConnection(c.HOST, server.port, timeout=60)
            for k in range(count):
                seconds, status = one_submission(conn, server.port, worker * 1_000_000 + k, rng)
                if record:
                    with lock:
                        latencies.append(seconds)
                        statuses[status] = statuses.get(status, 0) + 1
            conn.close()

        run(999, 20, record=False)  # warm-up
        quiet = c.wait_quiet()
        per = args.submissions // args.concurrency
        threads = [threading.Thread(target=run, args=(w, per, True)) for w in range(args.concurrency)]
        start = time.perf_counter()
        with c.CpuMeter(server) as cpu:
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        elapsed = time.perf_counter() - start
    result: dict[str, Any] = {
        "submissions": len(latencies),
        "statuses": statuses,
        "seconds": round(elapsed, 2),
        "submissions_per_s": round(len(latencies) / elapsed, 1),
        "post_latency": c.latency_summary(latencies),
        "cpu": cpu.report(),
        "waited_for_quiet": quiet,
        "settings": {**vars(args), "database": "PostgreSQL", "gunicorn_workers": 2},
        "machine": c.machine(),
    }
    path = c.save("intake_web", result)
    lat = result["post_latency"]
    print(
        f"web form POST: p50 {lat['p50_ms']} ms, p95 {lat['p95_ms']} ms, p99 {lat['p99_ms']} ms "
        f"({result['submissions']} submissions, statuses {statuses}, {result['submissions_per_s']}/s)"
    )
    print(f"cpu: {result['cpu']}")
    print(f"-> {path}")


if __name__ == "__main__":
    main()
