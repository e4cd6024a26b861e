import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redress.privacy.blind_index import blind_index, normalize

KEY_A = base64.urlsafe_b64encode(bytes(range(32))).decode()
KEY_B = base64.urlsafe_b64encode(bytes(range(1, 33))).decode()


@pytest.fixture(autouse=True)
def _data_key(settings):
    settings.REDRESS_DATA_KEY = KEY_A


@pytest.mark.parametrize(
    "written",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+86 138-1234-5678",
        "+8613812345678",
        "8613812345678",
        "86 138 1234 5678",
        "008613812345678",
        "(+86) 138 1234 5678",
        "１３８１２３４５６７８",  # full-width digits
    ],
)
def test_it_indexes_phone_formats_alike(written):
    assert normalize("phone", written) == "13812345678"
    assert blind_index("phone", written) == blind_index("phone", "13812345678")


@pytest.mark.parametrize(
    ("written", "normalized"),
    [
        ("+44 20 7946 0958", "442079460958"),
        ("0044 20 7946 0958", "442079460958"),
        ("+86 10 6552 9988", "1065529988"),
        ("010-6552-9988", "01065529988"),
        ("86123456", "86123456"),  # a bare 86 without a mobile after it is not a country code
        ("n/a", ""),
    ],
)
def test_it_normalizes_other_phone_numbers(written, normalized):
    assert normalize("phone", written) == normalized


@pytest.mark.slow
@given(
    mobile=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    prefix=st.sampled_from(["", "+86", "+86 ", "86", "0086", "0086 ", "(+86)"]),
    separator=st.sampled_from(["", " ", "-"]),
)
def test_it_indexes_any_written_mobile_like_the_bare_number(mobile, prefix, separator):
    written = prefix + separator.join([mobile[:3], mobile[3:7], mobile[7:]])
    assert blind_index("phone", written) == blind_index("phone", mobile)


def test_it_ignores_email_case_and_surrounding_space():
    assert normalize("email", "  Zhang.San@Example.COM ") == "zhang.san@example.com"
    assert blind_index("email", "Zhang.San@Example.COM") == blind_index("email", "zhang.san@example.com")


def test_it_ignores_id_number_spaces_and_the_case_of_x():
    assert normalize("id_number", " 110101 19900307 123x ") == "11010119900307123X"
    assert blind_index("id_number", "11010119900307123x") == blind_index("id_number", "11010119900307123X")


def test_it_gives_different_kinds_different_indexes_for_the_same_string():
    indexes = {blind_index(kind, "13812345678") for kind in ("phone", "email", "id_number")}
    assert len(indexes) == 3


def test_it_tells_different_values_apart():
    assert blind_index("phone", "13812345678") != blind_index("phone", "13812345679")


def test_it_returns_a_hex_hmac():
    index = blind_index("email", "zhang.san@example.com")
    assert len(index) == 64
    assert int(index, 16) >= 0


def test_it_depends_on_the_key(settings):
    index_a = blind_index("phone", "13812345678")
    settings.REDRESS_DATA_KEY = KEY_B
    assert blind_index("phone", "13812345678") != index_a


@pytest.mark.parametrize("kind", ["phone", "email", "id_number"])
@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
def test_it_does_not_index_blank_values(kind, blank):
    assert blind_index(kind, blank) == ""


def test_it_rejects_an_unknown_kind():
    with pytest.raises(ValueError, match="kind"):
        normalize("passport", "E12345678")  # type: ignore[arg-type]
