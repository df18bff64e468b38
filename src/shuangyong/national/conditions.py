"""National conditions, public so that a local rule reuses them instead of copying them.

A local supplement that is paid "to those who receive the disability pension" states exactly
that by holding the national conditions themselves: the same :class:`~shuangyong.policy.Condition`
objects, so the same Chinese reasons and citations, the same *undetermined* answers where a fact
is missing (an NCO disabled by illness whose grade was not recorded), and every later correction
of the national text reaches the local rule too. A copy drifts: the Henan example once re-coded
the 因病致残 test, dropped the missing-grade case and told such an applicant "本人不领取残疾抚恤金".

Use them in a rule's ``conditions`` and add the matching ``reads`` (the engine checks at
``Engine.create`` that a rule reads no field it does not declare)::

    from shuangyong.national.conditions import DISABILITY_PENSION_READS, receives_disability_pension

    Rule(..., reads=(*DISABILITY_PENSION_READS, "care_arrangement"),
         conditions=(my_condition, *receives_disability_pension("2024")))

The suspension conditions every periodic payment shares (:func:`not_suspended`,
:func:`not_cancelled`, with their fields :data:`suspension_fields`) and the NCO-grade helper
:func:`needs_nco_grade` are re-exported here from :mod:`shuangyong.national.common`.
"""

from __future__ import annotations

from shuangyong.errors import InvalidValueError
from shuangyong.national.common import (
    needs_nco_grade,
    not_cancelled,
    not_suspended,
    suspension_fields,
)
from shuangyong.national.disability import PENSION_CONDITIONS, PENSION_READS
from shuangyong.policy.rules import Condition

__all__ = [
    "DISABILITY_PENSION_READS",
    "EDITIONS",
    "needs_nco_grade",
    "not_cancelled",
    "not_suspended",
    "receives_disability_pension",
    "suspension_fields",
]

EDITIONS: tuple[str, ...] = tuple(PENSION_CONDITIONS)
"""The editions of the 《军人抚恤优待条例》 the national conditions exist for: ``"2019"`` (in
force 2019-03-02 to 2024-09-30) and ``"2024"`` (from 2024-10-01)."""

DISABILITY_PENSION_READS: tuple[str, ...] = PENSION_READS
"""The fields :func:`receives_disability_pension` reads: put them in the rule's ``reads``."""


def receives_disability_pension(edition: str) -> tuple[Condition, ...]:
    """The conditions of the national ``disability_pension`` of an edition, in its order.

    graded (一级至十级), 因病致残 only for 义务兵 and 初级军士 (undetermined when an NCO's grade
    is missing), grade payable, approved by the month evaluated, alive at its start, not
    suspended, not cancelled (2024 第25条至第27条、第32条、第59条; 2019 第21条至第23条、第28条、
    第50条).

    Raises:
        InvalidValueError: ``edition`` is not one of :data:`EDITIONS`.
    """
    found = PENSION_CONDITIONS.get(edition)
    if found is None:
        raise InvalidValueError(
            "edition", edition, f"无此版本 / no such edition of 军人抚恤优待条例; one of {EDITIONS}"
        )
    return found
