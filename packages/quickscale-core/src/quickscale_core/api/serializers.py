"""Serializer bases of the API: JSON types as the schema states them, and the error body's schema.

DRF's fields coerce: a ``CharField`` takes ``5``, an ``IntegerField`` takes ``"5"`` and ``5.0``, a
``BooleanField`` takes ``"yes"``. The schema says ``string``/``integer``/``boolean``, so a client that
sends another JSON type is told so (400) instead of having it silently converted. Module serializers
derive from :class:`Serializer` / :class:`ModelSerializer` here (same API as DRF's).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import empty

T = TypeVar("T")
M = TypeVar("M", bound=Model)

WRONG_TYPE = {
    "string": _("Not a valid string."),
    "integer": _("A valid integer is required."),
    "boolean": _("Must be a valid boolean."),
    "number": _("A valid number is required."),
}


def json_type_error(field: serializers.Field[Any, Any, Any, Any], value: Any) -> str | None:
    """The message when ``value`` is not of the JSON type the schema gives ``field`` (None: it is)."""
    if value is None:
        return None  # allow_null is the field's own business
    if isinstance(field, serializers.ChoiceField):
        return None  # the choices are the enum of the schema; the field checks them
    if isinstance(field, serializers.CharField) and not isinstance(value, str):
        return str(WRONG_TYPE["string"])
    if isinstance(field, serializers.BooleanField) and not isinstance(value, bool):
        return str(WRONG_TYPE["boolean"])
    if isinstance(field, serializers.IntegerField) and (isinstance(value, bool) or not isinstance(value, int)):
        return str(WRONG_TYPE["integer"])
    if isinstance(field, (serializers.FloatField, serializers.DecimalField)) and (
        isinstance(value, bool) or not isinstance(value, (int, float))
    ):
        return str(WRONG_TYPE["number"])
    return None


def too_long(field: serializers.Field[Any, Any, Any, Any], value: Any) -> str | None:
    """The message when a string is longer than the field's ``max_length`` before trimming (the schema's
    ``maxLength`` counts what is sent; DRF counts after stripping surrounding whitespace)."""
    max_length = getattr(field, "max_length", None)
    if isinstance(field, serializers.CharField) and isinstance(value, str) and max_length is not None:
        return (
            str(field.error_messages["max_length"]).format(max_length=max_length) if len(value) > max_length else None
        )
    return None


# Refuses values of another JSON type than the field's, before DRF's coercion. Comments, not docstrings,
# on the bases here: drf-spectacular shows an inherited docstring as the description of each serializer.
class StrictTypesMixin:
    def to_internal_value(self, data: Any) -> Any:
        too_long_errors: dict[str, list[str]] = {}
        if isinstance(data, Mapping):
            errors: dict[str, list[str]] = {}
            for field in self.fields.values():  # type: ignore[attr-defined]
                if field.read_only or field.source == "*":
                    continue
                value = data.get(field.field_name, empty)
                message = None if value is empty else json_type_error(field, value)
                if message:
                    errors[field.field_name] = [message]
                elif value is not empty and (long := too_long(field, value)):
                    too_long_errors[field.field_name] = [long]
            if errors:
                raise serializers.ValidationError(errors)
        try:
            validated = super().to_internal_value(data)  # type: ignore[misc]
        except serializers.ValidationError as exc:
            if too_long_errors and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**too_long_errors, **exc.detail}) from exc
            raise
        if too_long_errors:
            raise serializers.ValidationError(too_long_errors)
        return validated


# DRF's Serializer and ModelSerializer whose fields take only their schema's JSON type (no docstring:
# drf-spectacular would show it as the description of every serializer without its own).
class Serializer(StrictTypesMixin, serializers.Serializer[T]):
    pass


class ModelSerializer(StrictTypesMixin, serializers.ModelSerializer[M]):
    pass


class ErrorSerializer(serializers.Serializer[Any]):
    """The one error body of the API (``quickscale_core.api.exceptions``)."""

    detail = serializers.CharField(help_text="What went wrong and what to do, in one line, for a person.")
    code = serializers.CharField(
        help_text="A stable word for programs: invalid, not_authenticated, permission_denied, not_found, "
        "conflict, unsupported_media_type, throttled, or a module's own (e.g. already_member)."
    )
    errors = serializers.DictField(  # type: ignore[assignment]  # a field, popped from the class by DRF
        child=serializers.ListField(child=serializers.CharField()),
        help_text="The messages of each invalid field of a 400 (non_field_errors: the whole body); "
        "empty for every other status.",
    )
