import base64

import pytest
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models
from django.db.migrations.writer import MigrationWriter
from django.db.models.lookups import IsNull
from django.test.utils import isolate_apps
from hypothesis import given
from hypothesis import strategies as st

from redress.privacy.crypto import DecryptionError, decrypt, encrypt, index_key
from redress.privacy.fields import EncryptedTextField

KEY_A = base64.urlsafe_b64encode(bytes(range(32))).decode()
KEY_B = base64.urlsafe_b64encode(bytes(range(1, 33))).decode()


@pytest.fixture(autouse=True)
def _data_key(settings):
    settings.REDRESS_DATA_KEY = KEY_A


def _flip_byte(token: str, position: int) -> str:
    head, body = token[: len("v2:12345678:")], token[len("v2:12345678:") :]
    raw = bytearray(base64.urlsafe_b64decode(body))
    raw[position] ^= 0x01
    return head + base64.urlsafe_b64encode(bytes(raw)).decode()


@given(st.text())
def test_it_round_trips_any_text(text):
    assert decrypt(encrypt(text)) == text


@pytest.mark.parametrize("text", ["张三", "北京市朝阳区建国路88号", "🙂 émoji", "x" * 10_000])
def test_it_round_trips_examples(text):
    token = encrypt(text)
    assert token.startswith("v2:")
    assert text not in token
    assert decrypt(token) == text


def test_it_keeps_the_empty_string_empty():
    assert encrypt("") == ""
    assert decrypt("") == ""


def test_it_encrypts_the_same_text_differently_each_time():
    assert encrypt("13812345678") != encrypt("13812345678")


@pytest.mark.parametrize("position", [0, 11, 12, -17, -1], ids=["nonce", "nonce-end", "body", "body-end", "tag"])
def test_it_detects_a_flipped_byte(position):
    token = encrypt("张三 13812345678")
    with pytest.raises(DecryptionError, match="altered"):
        decrypt(_flip_byte(token, position))


@pytest.mark.parametrize(
    "token",
    ["13812345678", "v2:AAAA", "v2:0badc0de:AAAA", "v1:not base64!", "v1:AAAA", "v1:张三"],
    ids=["plaintext", "no-key-id", "unknown-key", "bad-base64", "too-short", "non-ascii"],
)
def test_it_rejects_malformed_tokens(token):
    with pytest.raises(DecryptionError):
        decrypt(token)


def test_it_rejects_a_token_made_with_another_key(settings):
    token = encrypt("张三")
    settings.REDRESS_DATA_KEY = KEY_B
    with pytest.raises(DecryptionError):
        decrypt(token)


def test_it_derives_keys_from_the_current_setting(settings):
    key_a = index_key()
    settings.REDRESS_DATA_KEY = KEY_B
    assert index_key() != key_a
    settings.REDRESS_DATA_KEY = KEY_A
    assert index_key() == key_a


def test_it_derives_an_index_key_distinct_from_the_master_key():
    assert len(index_key()) == 32
    assert index_key() != base64.urlsafe_b64decode(KEY_A)


@pytest.mark.parametrize("bad_key", ["", "short", base64.urlsafe_b64encode(b"x" * 16).decode(), "ключ"])
def test_it_refuses_a_bad_master_key(settings, bad_key):
    settings.REDRESS_DATA_KEY = bad_key
    with pytest.raises(ImproperlyConfigured):
        encrypt("张三")


# The field, without a table: its conversions and its refusal to be searched.


def test_it_stores_ciphertext_and_reads_back_plaintext():
    field = EncryptedTextField()
    stored = field.get_prep_value("张三")
    assert stored.startswith("v2:")
    assert field.from_db_value(stored, None, None) == "张三"


def test_it_keeps_none_as_none():
    field = EncryptedTextField(null=True)
    assert field.get_prep_value(None) is None
    assert field.from_db_value(None, None, None) is None
    assert field.to_python(None) is None


def test_it_treats_values_from_forms_and_fixtures_as_plaintext():
    field = EncryptedTextField()
    token = encrypt("张三")
    assert field.to_python(token) == token
    assert field.to_python(42) == "42"


def test_it_deconstructs_for_migrations():
    _name, path, args, kwargs = EncryptedTextField(blank=True, null=True).deconstruct()
    assert path == "redress.privacy.fields.EncryptedTextField"
    assert args == []
    assert kwargs == {"blank": True, "null": True}
    code, imports = MigrationWriter.serialize(EncryptedTextField(blank=True))
    assert code == "redress.privacy.fields.EncryptedTextField(blank=True)"
    assert imports == {"import redress.privacy.fields"}


def test_it_allows_only_the_isnull_lookup():
    field = EncryptedTextField()
    assert field.get_lookup("isnull") is IsNull
    with pytest.raises(FieldError, match="isnull"):
        field.get_lookup("exact")
    assert field.get_transform("lower") is None


def _customer_model(**field_options):
    # Only inside @isolate_apps: a throwaway model, never registered with the real apps.
    class Customer(models.Model):
        name = EncryptedTextField(**field_options)

        class Meta:
            app_label = "core"

        def __str__(self):
            return "customer"

    return Customer


@isolate_apps("redress.core")
def test_it_refuses_a_filter_on_the_value():
    customer = _customer_model(null=True)
    assert "IS NULL" in str(customer.objects.filter(name__isnull=True).query)
    with pytest.raises(FieldError, match="blind index"):
        customer.objects.filter(name="张三")
    with pytest.raises(FieldError):
        customer.objects.filter(name__icontains="张")


@isolate_apps("redress.core")
def test_it_fails_the_system_check_when_unique():
    customer = _customer_model(unique=True)
    errors = customer._meta.get_field("name").check()
    assert [error.id for error in errors] == ["redress_privacy.E001"]
