from types import SimpleNamespace

import pytest

from redress.privacy.masking import (
    MASKERS,
    customer_data,
    mask_address,
    mask_email,
    mask_id_number,
    mask_name,
    mask_phone,
)


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        ("+86 138-1234-5678", "138****5678"),
        ("010-6552-9988", "010****9988"),
        ("65529988", "655*9988"),
        ("1234567", "*****67"),  # too short for 3 + 4: keep the last 2
        ("95588", "***88"),
        ("12", "**"),
    ],
)
def test_it_masks_phone_numbers(value, masked):
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        # One star per hidden character: "zhang.san" has 9, so 8 stars.
        ("zhang.san@example.com", "z********@example.com"),
        ("a@example.com", "a@example.com"),
        ("  Li@qq.com ", "L*@qq.com"),
        ("not-an-address", "n*************"),
    ],
)
def test_it_masks_email_addresses(value, masked):
    assert mask_email(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("110101199003071234", "110***********1234"),
        ("11010119900307123x", "110***********123X"),
        ("E12345678", "E12**5678"),
    ],
)
def test_it_masks_id_numbers(value, masked):
    assert mask_id_number(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("张三", "张*"),
        ("欧阳娜娜", "欧***"),
        ("John Smith", "J*** S****"),
        ("  Mary   Ann  Lee ", "M*** A** L**"),
    ],
)
def test_it_masks_names(value, masked):
    assert mask_name(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("北京市朝阳区建国路88号", "北京市朝阳区****"),
        ("上海市浦东新区世纪大道100号", "上海市浦东新****"),
        ("北京市朝阳区", "北京市****"),  # short: never shown whole
    ],
)
def test_it_masks_addresses(value, masked):
    assert mask_address(value) == masked


@pytest.mark.parametrize("masker", list(MASKERS.values()))
@pytest.mark.parametrize("empty", ["", "   ", None])
def test_it_masks_empty_input_to_empty(masker, empty):
    assert masker(empty) == ""


def test_it_maps_customer_fields_to_maskers():
    assert {
        "customer_name": mask_name,
        "customer_phone": mask_phone,
        "customer_email": mask_email,
        "customer_id_number": mask_id_number,
        "customer_address": mask_address,
    } == MASKERS


def test_customer_data_is_masked_unless_asked_for_unmasked():
    c = SimpleNamespace(
        customer_name="张三",
        customer_id_number="110101199003071234",
        customer_phone="13812345678",
        customer_email="zhang.san@example.com",
        customer_address="北京市朝阳区建国路88号",
    )
    assert customer_data(c, unmasked=False) == {
        "name": "张*",
        "id_number": "110***********1234",
        "phone": "138****5678",
        "email": "z********@example.com",
        "address": "北京市朝阳区****",
    }
    assert customer_data(c, unmasked=True)["phone"] == "13812345678"
