"""Scrubbed text shown to a reader: `render` (plain text) and `{{ text|scrubbed }}` (HTML)."""

import pytest
from django.template import Context, Template
from django.utils.translation import override

from redress.privacy.scrubber import KINDS, kind_label, render, scrub

SCRUBBED = "call me on ⟦phone⟧ or write to ⟦email⟧"


def test_render_shows_each_marker_as_its_label_in_english():
    with override("en"):
        assert render(SCRUBBED) == "call me on [phone number] or write to [e-mail address]"


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant", "en"])
def test_render_uses_the_active_languages_label(language):
    with override(language):
        expected = f"call me on [{kind_label('phone')}] or write to [{kind_label('email')}]"
        assert render(SCRUBBED) == expected
        assert "⟦" not in render(scrub("我叫张伟，手机13812345678"))


def test_render_leaves_text_without_markers_and_unknown_brackets():
    assert render("金额12,345.67元 ⟦salary⟧") == "金额12,345.67元 ⟦salary⟧"


def test_every_kind_has_a_label():
    with override("en"):
        assert all(kind_label(kind) and kind_label(kind) != kind for kind in KINDS)


def test_render_in_chinese_needs_the_compiled_catalogue():
    # Run after the translations are compiled into the catalogue.
    with override("zh-hans"):
        assert render(SCRUBBED) == "call me on [电话号码] or write to [电子邮箱]"
    with override("zh-hant"):
        assert render(SCRUBBED) == "call me on [電話號碼] or write to [電子郵件地址]"


def _filter(text):
    return Template("{% load privacy_ui %}{{ text|scrubbed }}").render(Context({"text": text}))


def test_the_filter_renders_markers_as_spans():
    with override("en"):
        assert _filter("call ⟦phone⟧") == 'call <span class="pii-removed">[phone number]</span>'


def test_the_filter_escapes_the_text_around_the_markers():
    html = _filter('<script>alert("⟦name⟧")</script> & ⟦email⟧')
    assert "<script>" not in html
    assert html.startswith('&lt;script&gt;alert(&quot;<span class="pii-removed">[')
    assert "&amp; <span" in html


def test_the_filter_takes_none_as_empty():
    assert _filter(None) == ""
