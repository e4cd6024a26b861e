"""The Chinese catalogues are complete, and the compiled .mo files match the .po sources."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.LOCALE_PATHS[0])
_ENTRY = re.compile(r'^(msgctxt|msgid|msgstr) ((?:".*"\n?)+)', re.MULTILINE)
CONTEXT = "\x04"  # gettext's separator: an entry with a context is keyed "context\x04msgid"
_CONTINUATION = re.compile(r'"(.*)"')


def po_entries(path: Path) -> dict[str, str]:
    """msgid → msgstr of a .po file (obsolete entries left out); an entry with a context under
    "context\x04msgid"."""
    text = "\n".join(line for line in path.read_text("utf-8").splitlines() if not line.startswith("#~"))
    entries: dict[str, str] = {}
    msgid: str | None = None
    context: str | None = None
    for kind, body in _ENTRY.findall(text + "\n"):
        value = "".join(ast.literal_eval(f'"{part}"') for part in _CONTINUATION.findall(body))
        if kind == "msgctxt":
            context = value
        elif kind == "msgid":
            msgid = value if context is None else f"{context}{CONTEXT}{value}"
            context = None
        elif msgid:
            entries[msgid] = value
    return entries


def _compiled(translations: gettext.GNUTranslations, key: str) -> str:
    context, _sep, msgid = key.rpartition(CONTEXT)
    return translations.pgettext(context, msgid) if context else translations.gettext(msgid)


@pytest.mark.parametrize("language", ["zh_Hans", "zh_Hant"])
def test_every_message_is_translated_and_compiled(language: str) -> None:
    folder = LOCALE / language / "LC_MESSAGES"
    po = po_entries(folder / "django.po")
    assert len(po) > 300
    untranslated = [msgid for msgid, msgstr in po.items() if not msgstr]
    assert untranslated == []
    assert "#, fuzzy" not in (folder / "django.po").read_text("utf-8")
    with (folder / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [msgid for msgid, msgstr in po.items() if _compiled(compiled, msgid) != msgstr]
    assert stale == [], "run `redress compilemessages`"


def test_placeholders_survive_translation() -> None:
    for language in ("zh_Hans", "zh_Hant"):
        for msgid, msgstr in po_entries(LOCALE / language / "LC_MESSAGES" / "django.po").items():
            wanted = sorted(re.findall(r"%\(\w+\)s", msgid))
            assert sorted(re.findall(r"%\(\w+\)s", msgstr)) == wanted, (language, msgid)


def test_the_status_labels_use_the_founding_terms() -> None:
    hans = po_entries(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po")
    hant = po_entries(LOCALE / "zh_Hant" / "LC_MESSAGES" / "django.po")
    expected = {
        "Received": ("已登记", "已登記"),
        "Assigned": ("已分派", "已分派"),
        "Investigating": ("调查中", "調查中"),
        "Resolution awaiting approval": ("方案待审批", "方案待審批"),
        "Customer notified": ("已告知客户", "已告知客戶"),
        "Review requested": ("申请核查", "申請核查"),
        "Closed": ("已结案", "已結案"),
        "Archived": ("已归档", "已歸檔"),
    }
    for msgid, (simplified, traditional) in expected.items():
        assert (hans[msgid], hant[msgid]) == (simplified, traditional)
