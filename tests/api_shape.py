"""Hold an API answer against the output serializer that declares it in the schema."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

# The JSON type each kind of field stands for (the first match wins: BooleanField is not an IntegerField).
_JSON_TYPES: list[tuple[type[serializers.Field[Any, Any, Any, Any]], type | tuple[type, ...]]] = [
    (serializers.BooleanField, bool),
    (serializers.IntegerField, int),
    (serializers.FloatField, (int, float)),
    (serializers.ListField, list),
    (serializers.DictField, dict),
    (serializers.CharField, str),
    (serializers.ChoiceField, str),
    (serializers.DateTimeField, str),
    (serializers.DateField, str),
    (serializers.DecimalField, str),
    (serializers.JSONField, (str, dict, list)),
]


def assert_shape(
    declared: type[serializers.Serializer[Any]] | serializers.Field[Any, Any, Any, Any], data: Any
) -> None:
    """`data` has exactly the fields `declared` names, each of its type, None only where it may be None, and
    so on down the nested serializers."""
    _check(declared() if isinstance(declared, type) else declared, data, "")


def _check(field: Any, value: Any, where: str) -> None:
    if value is None:
        assert field.allow_null, f"{where or 'the answer'} is None, which its serializer does not allow"
        return
    if isinstance(field, serializers.ListSerializer):
        assert isinstance(value, list), f"{where}: a list expected"
        for i, item in enumerate(value):
            _check(field.child, item, f"{where}[{i}]")
    elif isinstance(field, serializers.Serializer):
        assert isinstance(value, dict), f"{where}: an object expected"
        fields = field.fields
        assert set(value) == set(fields), (
            f"{where or 'the answer'}: answered but not declared {sorted(set(value) - set(fields))}, "
            f"declared but not answered {sorted(set(fields) - set(value))}"
        )
        for name, child in fields.items():
            _check(child, value[name], f"{where}.{name}" if where else name)
    else:
        expected = next((t for kind, t in _JSON_TYPES if isinstance(field, kind)), None)
        assert expected is not None, f"{where}: no JSON type known for {type(field).__name__}"
        assert isinstance(value, expected) and not (expected is int and isinstance(value, bool)), (
            f"{where}: {value!r} is not of the type {type(field).__name__} declares"
        )
        if isinstance(field, serializers.ListField) and field.child is not None:
            for i, item in enumerate(value):
                _check(field.child, item, f"{where}[{i}]")
