"""Resident identity numbers (公民身份号码, GB 11643-1999), kept masked unless asked for.

An :class:`IdNumber` is 18 characters: a 6-digit address code (GB/T 2260 county of first
registration), an 8-digit birth date ``YYYYMMDD``, a 3-digit sequence whose parity gives the sex
(odd = male) and an ISO 7064 MOD 11-2 check character.

The full number is personal data. ``str()``, ``repr()``, f-strings and every error message show
only the masked form (first 6 + 8 stars + last 4); the full number comes out only through
:meth:`IdNumber.reveal`, so a stray log line or traceback cannot leak it.
"""

from __future__ import annotations

import datetime as dt
import re

import attrs

from shuangyong.domain.divisions import DivisionCode
from shuangyong.domain.enums import Sex
from shuangyong.domain.periods import date_or_reason
from shuangyong.errors import InvalidValueError

__all__ = ["IdNumber", "check_character", "mask_id", "mask_ids_in"]

# ISO 7064 MOD 11-2 as GB 11643 writes it out: weight of position i is 2**(17-i) mod 11.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"  # indexed by (weighted sum mod 11)
_SHAPE = re.compile(r"[0-9]{17}[0-9X]")
_FIELD = "id_number"


def mask_id(value: object) -> str:
    """The masked form of anything that may be an id number, safe to log.

    An 18-character string becomes first 6 + ``********`` + last 4. Strings of other lengths keep
    at most their first 6 and last 4 characters (so a mistyped number is still not leaked
    whole); anything that is not a string is shown only by its type.
    """
    if not isinstance(value, str):
        return f"<{type(value).__name__}>"
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


# An id number inside free text: 18 characters (17 digits and a check character) or the old
# 15-digit form, not part of a longer run of digits (a 20-digit account number is not an id).
_IN_TEXT = re.compile(r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9A-Za-z])")


def mask_ids_in(text: str) -> str:
    """``text`` with every value shaped like an id number masked (see :func:`mask_id`).

    For text assembled from input a caller passed (a ``person_id`` that holds an id number, a
    bad value echoed in an error): the shape is enough, the check digit is not verified, since a
    mistyped number is personal data too.
    """
    if not isinstance(text, str) or len(text) < 15:
        return text
    return _IN_TEXT.sub(lambda m: mask_id(m.group(0)), text)


def check_character(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits of an id number.

    Args:
        first17: exactly 17 ASCII digits.

    Returns:
        ``"0"``–``"9"`` or ``"X"``.

    Raises:
        InvalidValueError: if ``first17`` is not 17 ASCII digits.
    """
    if not (
        isinstance(first17, str) and len(first17) == 17 and first17.isascii() and first17.isdigit()
    ):
        raise InvalidValueError(
            _FIELD, mask_id(first17), "本体码须为17位数字 / the first 17 characters must be digits"
        )
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def _normalise(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidValueError(
            _FIELD, mask_id(value), "身份证号须为字符串 / an id number must be a string"
        )
    # A lowercase x is a common keying variant of the check character X; accept and normalise it
    # rather than reject an otherwise valid number.
    text = value.strip()
    return text[:-1] + "X" if text.endswith("x") else text


def _validate(instance: IdNumber, attribute: attrs.Attribute[str], value: str) -> None:
    masked = mask_id(value)
    if len(value) != 18:
        raise InvalidValueError(
            _FIELD, masked, f"身份证号须为18位 / an id number has 18 characters, got {len(value)}"
        )
    if not _SHAPE.fullmatch(value):
        raise InvalidValueError(
            _FIELD,
            masked,
            "身份证号须为17位数字加1位校验码(数字或X) / expected 17 digits and a check digit or X",
        )
    if check_character(value[:17]) != value[17]:
        raise InvalidValueError(
            _FIELD, masked, "校验码错误 / wrong check digit (ISO 7064 MOD 11-2)"
        )
    try:
        _birth(value)
    except ValueError:
        # The reason must not echo the date digits: they are what the mask hides.
        raise InvalidValueError(
            _FIELD, masked, "出生日期码不是有效日期 / the embedded birth date is not a real date"
        ) from None


def _birth(value: str) -> dt.date:
    return dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))


@attrs.frozen(repr=False)
class IdNumber:
    """A validated 18-character resident identity number.

    Built from a string: ``IdNumber("41100320000101123X")``. Surrounding whitespace is stripped
    and a lowercase ``x`` check character is normalised to ``X``; anything else that is not a
    well-formed number with the right check character and a real birth date raises
    :class:`~shuangyong.errors.InvalidValueError` whose ``value`` is the *masked* input.

    The birth date is checked to be a real calendar date only: whether it lies in the future
    depends on the evaluation date, which the caller owns (validators never read the clock).
    The address code is checked for shape only: it is the code in force when the number was
    issued, and many such codes have since been retired (许昌县 411023 became 建安区 411003 in
    2017), so it is deliberately not looked up in the current division table.

    Attributes:
        value: the normalised number; private — use :meth:`reveal` to read it.
    """

    _value: str = attrs.field(converter=_normalise, validator=_validate)

    @classmethod
    def build(
        cls, address_code: str | DivisionCode, birth_date: dt.date, sequence: int
    ) -> IdNumber:
        """Build a valid id number, computing its check character (for tests and synthetic data).

        Args:
            address_code: a 6-digit division code.
            birth_date: the birth date to embed (a ``date``, a naive ``datetime`` at 00:00, or
                ``YYYY-MM-DD``; a time of day is refused).
            sequence: the 3-digit sequence 0–999; odd for a man, even for a woman.

        Returns:
            The id number.

        Raises:
            InvalidValueError: on a malformed address code, birth date or sequence.
        """
        code = str(address_code) if isinstance(address_code, DivisionCode) else address_code
        if not (isinstance(code, str) and len(code) == 6 and code.isascii() and code.isdigit()):
            raise InvalidValueError(
                "address_code", code, "地址码须为6位数字 / the address code has 6 digits"
            )
        # the one reading of a date (a naive datetime at 00:00 is its date; a time of day or
        # a time zone is refused, never truncated)
        day, why = date_or_reason(birth_date)
        if day is None:
            raise InvalidValueError("birth_date", birth_date, why or "不是日期 / not a date")
        birth_date = day
        if birth_date.year < 1000:
            raise InvalidValueError("birth_date", birth_date, "年份须为4位 / a 4-digit year")
        if isinstance(sequence, bool) or not isinstance(sequence, int) or not 0 <= sequence <= 999:
            raise InvalidValueError(
                "sequence", sequence, "顺序码须为0–999的整数 / the sequence is an integer 0–999"
            )
        first17 = f"{code}{birth_date:%Y%m%d}{sequence:03d}"
        return cls(first17 + check_character(first17))

    def reveal(self) -> str:
        """The full 18-character number. Personal data: do not log or display it."""
        return self._value

    def masked(self) -> str:
        """The masked form, e.g. ``411003********1234``."""
        return mask_id(self._value)

    @property
    def address_code(self) -> DivisionCode:
        """The 6-digit division code of first registration (may be a retired code)."""
        return DivisionCode(self._value[:6])

    @property
    def birth_date(self) -> dt.date:
        """The embedded birth date."""
        return _birth(self._value)

    @property
    def sequence(self) -> int:
        """The 3-digit sequence code."""
        return int(self._value[14:17])

    @property
    def sex(self) -> Sex:
        """The sex the sequence encodes: odd is male, even is female."""
        return Sex.MALE if self.sequence % 2 == 1 else Sex.FEMALE

    def __str__(self) -> str:
        return self.masked()

    def __repr__(self) -> str:
        return f"IdNumber('{self.masked()}')"

    def __format__(self, spec: str) -> str:
        return format(self.masked(), spec)
