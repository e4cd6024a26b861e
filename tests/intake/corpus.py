"""Test messages as the bytes a mail server hands over, in their real encodings."""

from __future__ import annotations

import base64
import quopri


def b64(text: str, charset: str) -> bytes:
    return base64.encodebytes(text.encode(charset))


def qp(text: str, charset: str) -> bytes:
    return quopri.encodestring(text.encode(charset))


def word_b(text: str, charset: str) -> str:
    """An RFC 2047 encoded word, base64."""
    return f"=?{charset}?B?{base64.b64encode(text.encode(charset)).decode()}?="


def word_q(text: str, charset: str) -> str:
    """An RFC 2047 encoded word, Q-encoding."""
    encoded = "".join(
        chr(b) if (chr(b).isalnum() and b < 128) else ("_" if b == 32 else f"={b:02X}") for b in text.encode(charset)
    )
    return f"=?{charset}?Q?{encoded}?="


def message(headers: list[tuple[str, str]], body: bytes) -> bytes:
    head = b"".join(f"{k}: {v}\r\n".encode() for k, v in headers)  # raw 8-bit headers stay UTF-8
    return head + b"\r\n" + body


def simple(
    *,
    message_id: str,
    sender: str = "Zhang San <zhang.san@example.cn>",
    subject: str = "信用卡年费重复扣取",
    body: str = "您好，我的信用卡年费本月被扣了两次，请退还多扣的费用。",
    extra: list[tuple[str, str]] | None = None,
) -> bytes:
    """UTF-8, 8bit body, RFC 2047 subject."""
    headers = [
        ("From", sender),
        ("To", "complaints@bank.example"),
        ("Subject", word_b(subject, "utf-8")),
        ("Date", "Fri, 27 Nov 2026 10:00:00 +0800"),
        ("Message-ID", message_id),
        ("MIME-Version", "1.0"),
        ("Content-Type", 'text/plain; charset="utf-8"'),
        ("Content-Transfer-Encoding", "8bit"),
        *(extra or []),
    ]
    return message(headers, body.encode("utf-8"))


GB2312_BASE64 = message(
    [
        ("From", f"{word_b('王小明', 'gb2312')} <wang.xm@example.cn>"),
        ("To", "complaints@bank.example"),
        ("Subject", word_b("网银转账失败但已扣款", "gb2312")),
        ("Message-ID", "<gb2312-1@mail.example.cn>"),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=gb2312"),
        ("Content-Transfer-Encoding", "base64"),
    ],
    b64("昨天通过网上银行转账五千元，页面显示失败，但是账户已经扣款。请尽快处理。", "gb2312"),
)

GB18030_QP = message(
    [
        ("From", "Chen <chen@example.cn>"),
        ("Subject", word_q("理财产品赎回延迟", "gbk")),
        ("Message-ID", "<gbk-qp-1@mail.example.cn>"),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=GB18030"),
        ("Content-Transfer-Encoding", "quoted-printable"),
    ],
    qp("我购买的理财产品到期后十天仍未到账，客户经理说系统问题。㐀 扩展字也要能读。", "gb18030"),
)

BIG5 = message(
    [
        ("From", f"{word_q('林美華', 'big5')} <lin.mh@example.tw>"),
        ("Subject", word_q("信用卡被盜刷", "big5")),
        ("Message-ID", "<big5-1@mail.example.tw>"),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=big5"),
        ("Content-Transfer-Encoding", "8bit"),
    ],
    "您好，我的信用卡昨天在國外被盜刷三筆，請協助處理並退還款項。謝謝。".encode("big5"),
)

HTML_ONLY = message(
    [
        ("From", "Alice Smith <alice@example.co.uk>"),
        ("Subject", "Mortgage payment taken twice"),
        ("Message-ID", "<html-only-1@mail.example.co.uk>"),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Transfer-Encoding", "quoted-printable"),
    ],
    qp(
        "<html><head><style>p{color:red}</style><script>alert('x')</script></head><body>"
        "<p>Dear bank,</p><p>My mortgage payment was taken <b>twice</b> this month &amp; I am "
        "now overdrawn.</p><div>Please refund &pound;812.40.</div></body></html>",
        "utf-8",
    ),
)

WRONG_CHARSET = message(
    [
        ("From", "zhao@example.cn"),
        ("Subject", "=?us-ascii?Q?complaint?="),
        ("Message-ID", "<wrong-charset-1@mail.example.cn>"),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=us-ascii"),  # the body is really GBK
        ("Content-Transfer-Encoding", "8bit"),
    ],
    "贷款利率与合同约定不符，多收了利息。".encode("gbk"),
)

UNKNOWN_CHARSET = message(
    [
        ("From", "qian@example.cn"),
        ("Subject", "ATM 吞卡"),  # raw 8-bit UTF-8 in a header, no encoded word
        ("Message-ID", "<unknown-charset-1@mail.example.cn>"),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=x-no-such-charset"),
        ("Content-Transfer-Encoding", "base64"),
    ],
    b64("ATM 机吞了我的银行卡，柜台说要等一周。", "utf-8"),
)

AUTO_REPLIES = {
    "auto-submitted": simple(message_id="<auto-1@x>", extra=[("Auto-Submitted", "auto-replied")]),
    "x-autoreply": simple(message_id="<auto-2@x>", extra=[("X-Autoreply", "yes")]),
    "x-autorespond": simple(message_id="<auto-3@x>", extra=[("X-Autorespond", "Out of office")]),
    "precedence-bulk": simple(message_id="<auto-4@x>", extra=[("Precedence", "bulk")]),
    "precedence-auto-reply": simple(message_id="<auto-5@x>", extra=[("Precedence", "auto_reply")]),
}

NOT_AUTO = simple(message_id="<auto-no@x>", extra=[("Auto-Submitted", "no")])

BOUNCE = message(
    [
        ("From", "Mail Delivery System <MAILER-DAEMON@mx.bank.example>"),
        ("Subject", "Undelivered Mail Returned to Sender"),
        ("Message-ID", "<bounce-1@mx.bank.example>"),
        ("MIME-Version", "1.0"),
        ("Content-Type", 'multipart/report; report-type=delivery-status; boundary="BOUND"'),
    ],
    b"--BOUND\r\nContent-Type: text/plain\r\n\r\nThe mail could not be delivered.\r\n"
    b"--BOUND\r\nContent-Type: message/delivery-status\r\n\r\nStatus: 5.1.1\r\n--BOUND--\r\n",
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40

WITH_ATTACHMENTS = message(
    [
        ("From", "Zhou <zhou@example.cn>"),
        ("Subject", word_b("附上对账单", "utf-8")),
        ("Message-ID", "<attach-1@mail.example.cn>"),
        ("MIME-Version", "1.0"),
        ("Content-Type", 'multipart/mixed; boundary="XYZ"'),
    ],
    b"--XYZ\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    + b64("请看附件中的对账单，第三笔交易不是我做的。", "utf-8")
    + b"--XYZ\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
    + f'Content-Disposition: attachment; filename="{word_b("对账单.pdf", "utf-8")}"\r\n\r\n'.encode()
    + base64.encodebytes(PDF)
    + b"--XYZ\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
    + b'Content-Disposition: attachment; filename="receipt.png"\r\n\r\n'
    + base64.encodebytes(PNG)
    + b"--XYZ\r\nContent-Type: application/x-msdownload\r\nContent-Transfer-Encoding: base64\r\n"
    + b'Content-Disposition: attachment; filename="setup.exe"\r\n\r\n'
    + base64.encodebytes(b"MZ\x90\x00")
    # A page of HTML that says it is a PDF: its content decides, not its label.
    + b"--XYZ\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
    + b'Content-Disposition: attachment; filename="invoice.pdf"\r\n\r\n'
    + base64.encodebytes(b"<html><body><script>document.location='https://x.example'</script></body></html>")
    + b"--XYZ--\r\n",
)

NO_SENDER = message(
    [("Subject", "no from"), ("Message-ID", "<broken-1@x>"), ("Content-Type", "text/plain")],
    b"Who am I?",
)

GARBAGE = b"\x00\xff\xfe binary garbage \x00 with no headers at all \x80\x81"
