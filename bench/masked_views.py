"""What masking personal data in free text costs a masked reader: the complaint page and the API detail.

    flock /tmp/redress-bench.lock .venv/bin/python bench/masked_views.py [--requests 30] [--chars 20000]

On PostgreSQL (database redress_bench_masked, created and migrated here): one complaint registered with a
`--chars`-character description (Chinese and English paragraphs with names, phone, ID, card numbers, e-mail and
postal addresses in them), walked to `investigating` (assigned to `handler`), with 10 notes and a customer
e-mail reply of 2,000 characters each. Then, through Django's test client in this process, `GET
/complaints/{ref}/` and `GET /api/v1/complaints/{ref}/` as:

* `compliance` — unmasked (no scrubber);
* `handler2` — masked, the scrubbed texts cached in-process (every view after the first);
* `handler2` cold — masked, the cache emptied before each request (the first view of a text after a change).

3 unmeasured requests each, then `--requests` measured ones; prints p50 and p95 in ms and writes
bench/results/masked-<stamp>.json.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from typing import Any

import _common as c

_PARAGRAPHS = (
    "本人{name}，手机{phone}，身份证{id}，住{address}。{year}年我在贵行办理的信用卡（卡号{card}）"
    "被重复扣取年费{amount}元，客服电话多次无人接听，邮件发到{email}也没有回复。",
    "I called your branch on {date} about the duplicate charge of CNY {amount}. My contact is Mr {en_name}, "
    "phone +44 20 7946 {last4}, e-mail {email}. Please reply to 10 Downing Street, London SW1A 2AA.",
    "對帳單顯示{date}扣款{amount}元，交易參考號TX{ref}，與我的用卡記錄不符，請核實並退還。",
)
_SURNAMES = "王李张刘陈杨黄赵吴周"


def _text(chars: int, rng: random.Random) -> str:
    parts: list[str] = []
    while sum(map(len, parts)) < chars:
        parts.append(
            rng.choice(_PARAGRAPHS).format(
                name=rng.choice(_SURNAMES) + rng.choice(["伟", "芳", "娜", "敏", "静"]),
                phone=f"139{rng.randrange(10**8):08d}",
                id="11010519491231002X",
                address=f"北京市朝阳区建国路{rng.randrange(1, 200)}号",
                year=rng.randrange(2018, 2026),
                card="4111 1111 1111 1111",
                amount=rng.randrange(50, 5000),
                email=f"user{rng.randrange(1000)}@example.com",
                date=f"2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
                en_name=rng.choice(["John Smith", "Mary Jones", "David Brown"]),
                last4=f"{rng.randrange(10**4):04d}",
                ref=rng.randrange(10**10),
            )
        )
    return "\n".join(parts)[:chars]


def _timed(client: Any, path: str, requests: int, before: Any = None) -> list[float]:
    for _ in range(3):
        if before:
            before()
        assert client.get(path).status_code == 200
    timings = []
    for _ in range(requests):
        if before:
            before()
        t = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200
    return sorted(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--chars", type=int, default=20000)
    args = parser.parse_args()

    url = c.ensure_database("redress_bench_masked", fresh=True)
    c.django_setup(url)
    from django.test import Client
    from rest_framework.test import APIClient

    from redress.accounts.personas import ensure_personas
    from redress.audit.services import event_append
    from redress.complaints.lifecycle import act, register, walk
    from redress.complaints.workflow import CUSTOMER_ACTOR
    from redress.privacy import masking

    rng = random.Random(1)
    people = ensure_personas()
    complaint = walk(
        register(by=people["intake"], description=_text(args.chars, rng), desired_outcome=_text(500, rng)),
        "investigating",
        people,
    )
    for _ in range(10):
        act(complaint, "add_note", by=people["handler"], payload={"text": _text(2000, rng)})
    event_append(
        complaint=complaint,
        kind="customer_message",
        actor=CUSTOMER_ACTOR,
        data={"channel": "email", "subject": "Re", "text": _text(2000, rng)},
    )

    def cold() -> None:
        masking._cache.clear()

    ref = complaint.reference
    results: dict[str, Any] = {}
    for view, path in (("page", f"/complaints/{ref}/"), ("api", f"/api/v1/complaints/{ref}/")):
        for label, who, before in (
            ("unmasked", "compliance", None),
            ("masked", "handler2", None),
            ("masked_cold", "handler2", cold),
        ):
            client: Any = Client() if view == "page" else APIClient()
            if view == "page":
                client.force_login(people[who])
            else:
                client.force_authenticate(people[who])
            timings = _timed(client, path, args.requests, before)
            summary = {
                "p50_ms": round(statistics.median(timings), 1),
                "p95_ms": round(c.percentile(timings, 95), 1),
                "n": len(timings),
            }
            results[f"{view}_{label}"] = summary
            print(f"{view:4} {label:11} p50 {summary['p50_ms']:7.1f} ms  p95 {summary['p95_ms']:7.1f} ms")
    c.save("masked", {"chars": args.chars, "requests": args.requests, "results": results, "machine": c.machine()})


if __name__ == "__main__":
    main()
