"""Writes the scrubber's evaluation sets (bench/data/scrub_eval_{dev,heldout}.jsonl).

The texts are our own: sentences as complaint customers write them, in zh-hans, zh-hant and en,
with slots filled by generated personal data (valid check digits where the scheme has one) and
by ordinary numbers that must stay (amounts, dates, times, references, card last-4). Each line is
{"lang": ..., "text": ..., "spans": [[kind, substring], ...]}; a substring listed n times marks
its first n occurrences. The two halves use different sentences: the held-out half was written
with the dev half, before the rules were tuned, and is only measured.

    .venv/bin/python bench/scrub_eval_make.py          # --seed 7 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import random
import re
import string
from collections.abc import Callable
from pathlib import Path

from _scrub_eval_templates import DEV, HELDOUT

DATA = Path(__file__).with_name("data")

# ------------------------------------------------------------------ check digits


def luhn_complete(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return body + str((10 - total % 10) % 10)


def cn_id_check(body: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]


def hk_check(body: str) -> str:
    padded = body if len(body) == 8 else " " + body
    values = [36 if c == " " else (int(c) if c.isdigit() else ord(c) - 55) for c in padded]
    r = (11 - sum(w * v for w, v in zip(range(9, 1, -1), values, strict=True)) % 11) % 11
    return "A" if r == 10 else str(r)


TW_LETTERS = "ABCDEFGHJKLMNPQRSTUVXYWZIO"


def tw_complete(body: str) -> str:
    code = TW_LETTERS.index(body[0]) + 10
    digits = [code // 10, code % 10] + [int(c) for c in body[1:]]
    weights = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1)
    return body + str((10 - sum(w * d for w, d in zip(weights, digits, strict=True)) % 10) % 10)


def iban_complete(country: str, bban: str) -> str:
    rearranged = bban + country + "00"
    number = int("".join(str(int(c, 36)) for c in rearranged))
    return f"{country}{98 - number % 97:02d}{bban}"


def group(digits: str, size: int = 4, sep: str = " ") -> str:
    return sep.join(digits[i : i + size] for i in range(0, len(digits), size))


# ------------------------------------------------------------------ generators

CN_REGIONS = ["110101", "110105", "310104", "310115", "440106", "440305", "330106", "320102", "510104", "420106"]
SURNAMES_S = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余叶杜程苏魏吕丁"
SURNAMES_T = "王李張劉陳楊黃趙吳周徐孫馬朱胡郭何高林羅鄭梁謝宋唐許韓馮鄧曹彭曾蕭田董潘袁蔡蔣余葉杜程蘇魏呂丁"
GIVEN_S = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "建华",
    "志强",
    "美玲",
    "晓东",
    "海燕",
    "国庆",
    "子涵",
    "雨欣",
]
GIVEN_T = [
    "偉",
    "芳",
    "娜",
    "敏",
    "靜",
    "麗",
    "強",
    "磊",
    "軍",
    "洋",
    "勇",
    "艷",
    "傑",
    "娟",
    "濤",
    "明",
    "超",
    "秀英",
    "建華",
    "志強",
    "美玲",
    "曉東",
    "海燕",
    "家豪",
    "嘉欣",
    "志明",
]
FIRST = [
    "James",
    "Olivia",
    "Amelia",
    "Harry",
    "Priya",
    "Mohammed",
    "Sarah",
    "David",
    "Emily",
    "Grace",
    "Thomas",
    "Chloe",
    "Daniel",
    "Aisha",
    "Michael",
    "Laura",
    "Kevin",
    "Rachel",
    "Owen",
    "Hannah",
]
LAST = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Patel",
    "Khan",
    "Williams",
    "Wilson",
    "Evans",
    "Thompson",
    "Walker",
    "Hughes",
    "Garcia",
    "Miller",
    "O'Brien",
    "Clarke",
    "Robinson",
    "Wright",
    "Lee",
    "Murphy",
]

CN_ADDR_S = [
    "北京市朝阳区建国路{n}号",
    "北京市海淀区中关村大街{n}号{b}号楼{r}室",
    "上海市浦东新区世纪大道{n}号{r}室",
    "上海市徐汇区漕溪北路{n}号",
    "广州市天河区体育西路{n}号{b}栋{r}室",
    "深圳市南山区科技园南路{n}号",
    "杭州市西湖区文三路{n}号{b}幢{u}单元{r}室",
    "成都市武侯区人民南路四段{n}号",
    "南京市鼓楼区中山路{n}号",
    "武汉市洪山区珞喻路{n}号{b}栋{r}室",
    "江苏省苏州市工业园区星湖街{n}号",
    "广东省佛山市禅城区季华五路{n}号{r}室",
]
CN_ADDR_T = [
    "臺北市大安區忠孝東路四段{n}號{f}樓",
    "台北市信義區松仁路{n}號",
    "新北市板橋區文化路一段{n}號{f}樓",
    "高雄市苓雅區四維三路{n}號",
    "臺中市西屯區臺灣大道三段{n}號{f}樓之{u}",
    "香港九龍旺角彌敦道{n}號{f}樓{a}室",
    "香港灣仔軒尼詩道{n}號{f}樓",
    "新界沙田大圍道{n}號",
]
EN_ADDR = [
    "{n} High Street, London SW1A 1AA",
    "Flat {f}, {n} Victoria Road, Manchester M14 5TQ",
    "{n} Church Lane, Bristol BS8 1TH",
    "{n} Main St, Springfield, IL 62704",
    "{n} Oak Avenue, Austin, TX 78701",
    "{n} Elm Street, Apt {f}, Boston, MA 02118",
    "{n} Park Road, Leeds LS6 2AB",
    "{n} Queen Street, Edinburgh EH2 1JE",
]


def rnd_digits(r: random.Random, n: int) -> str:
    return "".join(r.choice(string.digits) for _ in range(n))


def cn_id(r: random.Random) -> str:
    birth = f"{r.randint(1950, 2004)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}"
    body = r.choice(CN_REGIONS) + birth + rnd_digits(r, 3)
    value = body + cn_id_check(body)
    return value.lower() if value.endswith("X") and r.random() < 0.3 else value


def cn_id15(r: random.Random) -> str:
    return r.choice(CN_REGIONS) + f"{r.randint(50, 85)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}" + rnd_digits(r, 3)


def hk_id(r: random.Random) -> str:
    body = r.choice(string.ascii_uppercase.replace("I", "").replace("O", "")) + rnd_digits(r, 6)
    check = hk_check(body)
    return r.choice([f"{body}({check})", f"{body}({check})", f"{body}{check}", f"{body} ({check})"])


def tw_id(r: random.Random) -> str:
    return tw_complete(r.choice("ABCDEFHKLMNPT") + r.choice("12") + rnd_digits(r, 7))


def nino(r: random.Random) -> str:
    prefix = r.choice(["AB", "CE", "JG", "TT", "PA", "SR", "WL", "HB", "NE", "YZ"])
    digits = rnd_digits(r, 6)
    suffix = r.choice("ABCD")
    if r.random() < 0.5:
        return f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}"
    return f"{prefix}{digits}{suffix}"


def ssn(r: random.Random) -> str:
    area = r.choice([n for n in range(1, 665) if n != 666])
    return f"{area:03d}-{r.randint(1, 99):02d}-{r.randint(1, 9999):04d}"


def cn_mobile(r: random.Random) -> str:
    n = r.choice(["13", "15", "18", "17", "19"]) + rnd_digits(r, 9)
    return r.choice(
        [n, n, f"{n[:3]} {n[3:7]} {n[7:]}", f"{n[:3]}-{n[3:7]}-{n[7:]}", f"+86 {n}", f"+86-{n[:3]}-{n[3:7]}-{n[7:]}"]
    )


def cn_landline(r: random.Random) -> str:
    area, size = r.choice([("010", 8), ("021", 8), ("020", 8), ("0755", 8), ("0571", 8), ("028", 8), ("0512", 8)])
    n = str(r.randint(2, 8)) + rnd_digits(r, size - 1)
    return r.choice([f"{area}-{n}", f"{area}-{n[:4]} {n[4:]}", f"({area}){n}", f"{area} {n}"])


def hk_phone(r: random.Random) -> str:
    n = r.choice("569") + rnd_digits(r, 7)
    return r.choice([f"+852 {n[:4]} {n[4:]}", f"{n[:4]} {n[4:]}", n, f"(852) {n}"])


def tw_phone(r: random.Random) -> str:
    n = "09" + rnd_digits(r, 8)
    return r.choice(
        [
            f"{n[:4]}-{n[4:7]}-{n[7:]}",
            n,
            f"+886 {n[1:4]} {n[4:7]} {n[7:]}",
            f"02-{r.randint(2, 8)}{rnd_digits(r, 3)}-{rnd_digits(r, 4)}",
        ]
    )


def uk_phone(r: random.Random) -> str:
    mobile = "07" + rnd_digits(r, 9)
    return r.choice(
        [
            f"{mobile[:5]} {mobile[5:]}",
            f"+44 {mobile[1:5]} {mobile[5:]}",
            f"020 7{rnd_digits(r, 3)} {rnd_digits(r, 4)}",
            f"0161 {rnd_digits(r, 3)} {rnd_digits(r, 4)}",
            f"+44 (0)20 8{rnd_digits(r, 3)} {rnd_digits(r, 4)}",
        ]
    )


def us_phone(r: random.Random) -> str:
    a, b, c = f"{r.randint(201, 989)}", f"{r.randint(200, 999)}", rnd_digits(r, 4)
    return r.choice([f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}", f"+1 {a} {b} {c}"])


def card(r: random.Random) -> str:
    prefix, length = r.choice([("62", 16), ("62", 19), ("4", 16), ("51", 16), ("55", 16), ("37", 15), ("6212", 19)])
    n = luhn_complete(prefix + rnd_digits(r, length - len(prefix) - 1))
    if length == 15:
        return r.choice([n, f"{n[:4]} {n[4:10]} {n[10:]}"])
    return r.choice([n, group(n), group(n, sep="-"), n])


def not_luhn_long(r: random.Random, length: int) -> str:
    while True:
        n = r.choice("6") + rnd_digits(r, length - 1)
        if luhn_complete(n[:-1]) != n:
            return n


def cn_account(r: random.Random) -> str:
    n = not_luhn_long(r, r.choice([16, 17, 19]))
    return r.choice([n, group(n)])


def uk_account(r: random.Random) -> str:
    return f"{rnd_digits(r, 2)}-{rnd_digits(r, 2)}-{rnd_digits(r, 2)} {rnd_digits(r, 8)}"


def iban(r: random.Random) -> str:
    country, bban = r.choice(
        [
            ("GB", r.choice(["NWBK", "BARC", "LOYD", "HBUK"]) + rnd_digits(r, 14)),
            ("DE", rnd_digits(r, 18)),
            ("FR", rnd_digits(r, 23)),
        ]
    )
    value = iban_complete(country, bban)
    return group(value) if r.random() < 0.6 else value


def acct8(r: random.Random) -> str:
    return rnd_digits(r, 8)


def email(r: random.Random) -> str:
    local = r.choice(
        [
            "zhang.wei",
            "chenml",
            "lily_wong",
            "j.smith",
            "priya.patel88",
            "hk.chan",
            "wangfang1990",
            "tom.walker",
            "a.lee",
            "mei-ling.lin",
        ]
    )
    domain = r.choice(
        [
            "qq.com",
            "163.com",
            "gmail.com",
            "outlook.com",
            "yahoo.com.hk",
            "example.co.uk",
            "hotmail.com",
            "126.com",
            "hinet.net",
        ]
    )
    return f"{local}{r.randint(1, 99) if r.random() < 0.4 else ''}@{domain}"


def name_s(r: random.Random) -> str:
    return r.choice(SURNAMES_S) + r.choice(GIVEN_S)


def name_t(r: random.Random) -> str:
    return r.choice(SURNAMES_T) + r.choice(GIVEN_T)


def surname_s(r: random.Random) -> str:
    return r.choice(SURNAMES_S)


def surname_t(r: random.Random) -> str:
    return r.choice(SURNAMES_T)


def name_en(r: random.Random) -> str:
    return f"{r.choice(FIRST)} {r.choice(LAST)}"


def last_en(r: random.Random) -> str:
    return r.choice(LAST)


def first_en(r: random.Random) -> str:
    return r.choice(FIRST)


def _fill(r: random.Random, pattern: str) -> str:
    return pattern.format(
        n=r.randint(1, 399),
        b=r.randint(1, 30),
        r=r.randint(101, 2505),
        u=r.randint(1, 6),
        f=r.randint(2, 28),
        a=r.choice("ABCDEF"),
    )


def addr_s(r: random.Random) -> str:
    return _fill(r, r.choice(CN_ADDR_S))


def addr_t(r: random.Random) -> str:
    return _fill(r, r.choice(CN_ADDR_T))


def addr_en(r: random.Random) -> str:
    return _fill(r, r.choice(EN_ADDR))


# Ordinary numbers that must stay.
def amount(r: random.Random) -> str:
    value = r.randint(100, 999999) + r.randint(0, 99) / 100
    return r.choice([f"{value:,.2f}", f"{int(value)}", f"{value:.2f}", f"{int(value):,}"])


def date(r: random.Random) -> str:
    y, m, d = r.randint(2019, 2026), r.randint(1, 12), r.randint(1, 28)
    return r.choice(
        [
            f"{y}-{m:02d}-{d:02d}",
            f"{y}年{m}月{d}日",
            f"{d:02d}/{m:02d}/{y}",
            f"{y}{m:02d}{d:02d}",
            f"{y}.{m:02d}.{d:02d}",
        ]
    )


def time(r: random.Random) -> str:
    return r.choice(
        [
            f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}",
            f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}",
        ]
    )


def ref(r: random.Random) -> str:
    y = r.randint(2024, 2026)
    return r.choice(
        [
            f"CMP-{y}-{r.randint(1, 999999):06d}",
            f"CMP-{y}{r.randint(1, 12):02d}{r.randint(1, 28):02d}-{r.randint(1, 999999):06d}",
            f"REF{rnd_digits(r, 8)}",
            f"TX-{rnd_digits(r, 10)}",
        ]
    )


def serial(r: random.Random) -> str:
    y = r.randint(2024, 2026)
    return f"{y}{r.randint(1, 12):02d}{r.randint(1, 28):02d}{rnd_digits(r, r.choice([6, 8, 10]))}"


def last4(r: random.Random) -> str:
    return rnd_digits(r, 4)


def small(r: random.Random) -> str:
    return str(r.randint(2, 48))


SLOTS: dict[str, tuple[str | None, Callable[[random.Random], str]]] = {
    "CNID": ("id_number", cn_id),
    "CNID15": ("id_number", cn_id15),
    "HKID": ("id_number", hk_id),
    "TWID": ("id_number", tw_id),
    "NINO": ("id_number", nino),
    "SSN": ("id_number", ssn),
    "CNMOB": ("phone", cn_mobile),
    "CNTEL": ("phone", cn_landline),
    "HKTEL": ("phone", hk_phone),
    "TWTEL": ("phone", tw_phone),
    "UKTEL": ("phone", uk_phone),
    "USTEL": ("phone", us_phone),
    "CARD": ("card_number", card),
    "CNACCT": ("account_number", cn_account),
    "UKACCT": ("account_number", uk_account),
    "IBAN": ("account_number", iban),
    "ACCT8": ("account_number", acct8),
    "EMAIL": ("email", email),
    "NAMES": ("name", name_s),
    "NAMET": ("name", name_t),
    "SURS": ("name", surname_s),
    "SURT": ("name", surname_t),
    "NAMEEN": ("name", name_en),
    "LASTEN": ("name", last_en),
    "FIRSTEN": ("name", first_en),
    "ADDRS": ("address", addr_s),
    "ADDRT": ("address", addr_t),
    "ADDREN": ("address", addr_en),
    "AMOUNT": (None, amount),
    "DATE": (None, date),
    "TIME": (None, time),
    "REF": (None, ref),
    "SERIAL": (None, serial),
    "LAST4": (None, last4),
    "N": (None, small),
}
_SLOT = re.compile(r"\{([A-Z0-9]+)\}")


def instantiate(r: random.Random, template: str) -> dict[str, object]:
    spans: list[list[str]] = []

    def fill(match: re.Match[str]) -> str:
        kind, make = SLOTS[match.group(1)]
        value = make(r)
        if kind is not None:
            spans.append([kind, value])
        return value

    text = _SLOT.sub(fill, template)
    return {"text": text, "spans": spans}


def write(path: Path, templates: list[tuple[str, str]], seed: int, repeat: int) -> int:
    r = random.Random(seed)
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for lang, template in templates:
            for _ in range(repeat):
                row = {"lang": lang, **instantiate(r, template)}
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    for name, templates, seed in (("dev", DEV, args.seed), ("heldout", HELDOUT, args.seed + 1000)):
        count = write(DATA / f"scrub_eval_{name}.jsonl", templates, seed, args.repeat)
        print(f"{name}: {count} texts from {len(templates)} sentences")


if __name__ == "__main__":
    main()
