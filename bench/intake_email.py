"""Email intake throughput: messages sent over SMTP to `redress mail-gateway`, registered in PostgreSQL.

    .venv/bin/python bench/intake_email.py [--messages 1500] [--senders 4] [--workers 4]

Creates the database redress_bench_intake (fresh), starts `redress mail-gateway` on 127.0.0.1
(DEBUG=0) and sends distinct complaints (UTF-8, GB2312/base64, Big5, HTML-only; one distinct
customer each) from `--senders` SMTP client threads, each on one connection. A message counts
when the gateway answered 250, i.e. after its complaint, raw message and acknowledgement
(OutboxMessage row, queued for the worker) committed. Reports messages/s, latency per message
and checks the database afterwards: one complaint, one InboundMessage and one queued
acknowledgement per message.

Then, in this process on the same database, the cost of `process_message` for good messages
against malformed ones (no sender; binary garbage) that go to quarantine.
"""

from __future__ import annotations

import argparse
import base64
import os
import smtplib
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import _common as c

DB = "redress_bench_intake"
TOPICS = [
    "信用卡年费被重复扣取，请退还",
    "网银转账失败但账户已扣款",
    "理财产品到期未按时兑付",
    "房贷利率与合同约定不符",
    "ATM 吞卡后一周仍未退还",
]


def make_message(i: int, stamp: str) -> bytes:
    topic = TOPICS[i % len(TOPICS)]
    mid = f"<bench-{stamp}-{i}@mail.example.cn>"
    sender = f"customer{i}.{stamp}@example.cn"
    kind = i % 4
    if kind == 0:
        head = f"From: 客户{i} <{sender}>\r\nSubject: {topic}\r\nContent-Type: text/plain; charset=utf-8\r\n"
        head += "Content-Transfer-Encoding: 8bit\r\n"
        body = f"您好，{topic}。编号 {i}。请尽快处理，谢谢。".encode()
    elif kind == 1:
        subject = "=?gb2312?B?" + base64.b64encode(topic.encode("gb2312")).decode() + "?="
        head = f"From: {sender}\r\nSubject: {subject}\r\nContent-Type: text/plain; charset=gb2312\r\n"
        head += "Content-Transfer-Encoding: base64\r\n"
        body = base64.encodebytes(f"{topic}。客户编号 {i}。".encode("gb2312"))
    elif kind == 2:
        head = f"From: {sender}\r\nSubject: complaint {i}\r\nContent-Type: text/plain; charset=big5\r\n"
        head += "Content-Transfer-Encoding: 8bit\r\n"
        body = f"您好，我的信用卡在國外被盜刷，請協助處理。編號 {i}。".encode("big5")
    else:
        head = f"From: Customer {i} <{sender}>\r\nSubject: Payment taken twice ({i})\r\n"
        head += "Content-Type: text/html; charset=utf-8\r\n"
        body = f"<html><body><p>My payment was taken <b>twice</b> (case {i}).</p></body></html>".encode()
    head = f"Message-ID: {mid}\r\nTo: complaints@bank.example\r\nMIME-Version: 1.0\r\n" + head
    return head.encode() + b"\r\n" + body


def send_all(port: int, messages: list[bytes], senders: int) -> dict[str, Any]:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    chunks = [messages[k::senders] for k in range(senders)]

    def run(chunk: list[bytes]) -> None:
        with smtplib.SMTP(c.HOST, port, timeout=120) as smtp:
            for raw in chunk:
                t = time.perf_counter()
                try:
                    smtp.sendmail("customer@example.cn", ["complaints@bank.example"], raw)
                except smtplib.SMTPException as exc:
                    with lock:
                        errors.append(repr(exc))
                    continue
                with lock:
                    latencies.append(time.perf_counter() - t)

    threads = [threading.Thread(target=run, args=(chunk,)) for chunk in chunks]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    return {
        "messages": len(messages),
        "accepted": len(latencies),
        "errors": errors[:5],
        "error_count": len(errors),
        "seconds": round(elapsed, 2),
        "messages_per_s": round(len(latencies) / elapsed, 1),
        "latency": c.latency_summary(latencies),
    }


def wait_for_port(port: int, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("mail-gateway exited early")
        try:
            with socket.create_connection((c.HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("mail-gateway did not come up")


def descendants(pid: int) -> list[int]:
    """All processes under pid, whichever of its threads started them."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    found, frontier = [], [pid]
    while frontier:
        kids = [p for p, parent in parents.items() if parent in frontier]
        found += kids
        frontier = kids
    return found


def cpu_sample(pid: int) -> dict[str, Any]:
    return {
        "t": time.monotonic(),
        "total": c._cpu_total(),
        "gateway": sum(c._proc_jiffies(p) for p in [pid, *descendants(pid)]),
        "postgres": sum(c._proc_jiffies(p) for p in c._postgres_pids()),
    }


def cpu_report(a: dict[str, Any], b: dict[str, Any], messages: int) -> dict[str, Any]:
    """CPU per message of the gateway (all its processes) and of PostgreSQL; the machine's load besides."""
    tick = os.sysconf("SC_CLK_TCK")
    secs = b["t"] - a["t"]
    busy = (b["total"][0] - a["total"][0]) / tick
    gw = (b["gateway"] - a["gateway"]) / tick
    pg = (b["postgres"] - a["postgres"]) / tick
    return {
        "gateway_cpu_ms_per_message": round(1000 * gw / max(messages, 1), 2),
        "postgres_cpu_ms_per_message": round(1000 * pg / max(messages, 1), 2),
        "machine_busy_pct_of_one_core": round(100 * busy / secs, 1),
        "others_pct_of_one_core": round(max(0.0, 100 * (busy - gw - pg) / secs), 1),
        "cores": os.cpu_count(),
    }


def quarantine_cost(url: str, n: int, stamp: str) -> dict[str, Any]:
    c.django_setup(url)
    from redress.intake.adapters.email import process_message

    good = [make_message(100000 + i, stamp + "q") for i in range(n)]
    bad = [
        (b"Subject: no sender\r\nMessage-ID: <bad-%d-%s@x>\r\n\r\nwho?" % (i, stamp.encode()))
        if i % 2
        else (b"\x00\xff garbage %d %s \x80" % (i, stamp.encode()))
        for i in range(n)
    ]
    out: dict[str, Any] = {}
    for label, batch in (("good", good), ("malformed", bad)):
        times = []
        statuses: dict[str, int] = {}
        for raw in batch:
            t = time.perf_counter()
            outcome = process_message(raw)
            times.append(time.perf_counter() - t)
            statuses[outcome.status] = statuses.get(outcome.status, 0) + 1
        out[label] = {"statuses": statuses, **c.latency_summary(times)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=1500)
    parser.add_argument("--senders", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4, help="the gateway's processing threads")
    parser.add_argument("--processes", type=int, default=0, help="the gateway's worker processes (0: threads)")
    parser.add_argument("--quarantine-n", type=int, default=200)
    args = parser.parse_args()

    url = c.ensure_database(DB, fresh=True)
    stamp = time.strftime("%H%M%S")
    messages = [make_message(i, stamp) for i in range(args.messages)]
    port = c.free_port()
    env = c.app_env(url)
    log = open(c.RESULTS / "intake-gateway.log", "wb")  # noqa: SIM115 - closed below
    gateway = subprocess.Popen(
        [
            c.REDRESS,
            "mail-gateway",
            "--host",
            c.HOST,
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--processes",
            str(args.processes),
        ],
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    try:
        wait_for_port(port, gateway)
        warm = [make_message(900000 + i, stamp) for i in range(40)]
        send_all(port, warm, args.senders)
        quiet = c.wait_quiet()
        before = cpu_sample(gateway.pid)
        result = send_all(port, messages, args.senders)
        result["cpu"] = cpu_report(before, cpu_sample(gateway.pid), result["accepted"])
        result["waited_for_quiet"] = quiet
    finally:
        gateway.terminate()  # our own process, by its handle
        gateway.wait(timeout=30)
        log.close()
    with c.pg_connect(DB) as conn:
        counts = {
            "complaints_email": conn.execute(
                "SELECT count(*) FROM complaints_complaint WHERE channel='email'"
            ).fetchone()[0],
            "inbound_processed": conn.execute(
                "SELECT count(*) FROM intake_inboundmessage WHERE status='processed'"
            ).fetchone()[0],
            "acknowledgements_queued": conn.execute(
                "SELECT count(*) FROM correspondence_outboxmessage o "
                "JOIN correspondence_letter l ON l.id = o.letter_id WHERE l.kind = 'acknowledgement'"
            ).fetchone()[0],
        }
    result["database_after"] = counts
    result["quarantine_cost"] = quarantine_cost(url, args.quarantine_n, stamp)
    result["settings"] = {
        **vars(args),
        "database": "PostgreSQL",
        "broker": os.environ.get("CELERY_BROKER_URL", "embedded sqlite"),
    }
    result["machine"] = c.machine()
    path = c.save("intake_email", result)
    print(
        f"email via SMTP gateway: {result['messages_per_s']} msg/s "
        f"({result['accepted']}/{result['messages']} accepted, "
        f"p50 {result['latency'].get('p50_ms')} ms, p95 {result['latency'].get('p95_ms')} ms); db {counts}"
    )
    q = result["quarantine_cost"]
    print(
        f"process_message good p50 {q['good']['p50_ms']} ms mean {q['good']['mean_ms']} ms; "
        f"malformed p50 {q['malformed']['p50_ms']} ms mean {q['malformed']['mean_ms']} ms"
    )
    print(f"-> {path}")
    sys.exit(0 if result["error_count"] == 0 else 1)


if __name__ == "__main__":
    main()
