"""Validators every evidence record shares (one place, so every kind fails the same way).

Each raises :class:`~shuangyong.errors.InvalidValueError` naming the field, the value and the
reason in Chinese and English; the loaders add the file and the record to the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from shuangyong.domain.divisions import DivisionCode
from shuangyong.domain.money import Yuan
from shuangyong.errors import InvalidValueError

__all__ = [
    "amount",
    "count",
    "div",
    "flag",
    "nonempty",
    "optional_count",
    "plain_date",
    "strings",
    "text",
    "to_tuple",
    "year",
]

text = attrs.validators.instance_of(str)
div = attrs.validators.instance_of(DivisionCode)
flag = attrs.validators.instance_of(bool)


def nonempty(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(attribute.name, value, "不能为空 / must not be empty")


def count(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidValueError(
            attribute.name, value, "须为非负整数 / must be a non-negative integer"
        )


def optional_count(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        count(instance, attribute, value)


def amount(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An optional exact, non-negative amount of yuan (never a float)."""
    if value is None:
        return
    if not isinstance(value, Yuan):
        raise InvalidValueError(attribute.name, value, "须为金额（元）/ must be an amount (Yuan)")
    if value.amount < 0:
        raise InvalidValueError(attribute.name, str(value), "不能为负 / negative")


def plain_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidValueError(attribute.name, value, "须为日期 / must be a date (YYYY-MM-DD)")


def year(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 1949 <= value <= 2200:
        raise InvalidValueError(attribute.name, value, "须为年份 / must be a year (1949–2200)")


def strings(instance: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    for v in value:
        if not isinstance(v, str) or not v.strip():
            raise InvalidValueError(attribute.name, v, "须为非空文本 / must be non-empty text")


def to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)
