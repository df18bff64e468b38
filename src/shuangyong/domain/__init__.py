"""The domain: people, their service and family facts, divisions, id numbers, money, periods.

Everything here is an attrs value or record that validates itself on construction. Importing
this package reads no files and imports no test tooling: the division table is parsed on the
first call to :meth:`DivisionCatalog.builtin`.
"""

from shuangyong.domain.divisions import Division, DivisionCatalog, DivisionCode, DivisionLevel
from shuangyong.domain.enums import (
    AwardKind,
    CareArrangement,
    DeathCategory,
    DisabilityCause,
    NcoGrade,
    PlacementRoute,
    Relation,
    Residence,
    ServiceKind,
    Sex,
)
from shuangyong.domain.ids import IdNumber, check_character, mask_id
from shuangyong.domain.money import FEN_PER_YUAN, RoundingMode, RoundingPolicy, Yuan, divide_fen
from shuangyong.domain.periods import Month, Period, parse_date
from shuangyong.domain.records import (
    MIN_ENLISTMENT_AGE,
    Award,
    Beneficiary,
    Death,
    Disability,
    Person,
    Relationship,
    ServiceRecord,
    birthday,
)

__all__ = [
    "FEN_PER_YUAN",
    "MIN_ENLISTMENT_AGE",
    "Award",
    "AwardKind",
    "Beneficiary",
    "CareArrangement",
    "Death",
    "DeathCategory",
    "Disability",
    "DisabilityCause",
    "Division",
    "DivisionCatalog",
    "DivisionCode",
    "DivisionLevel",
    "IdNumber",
    "Month",
    "NcoGrade",
    "Period",
    "Person",
    "PlacementRoute",
    "Relation",
    "Relationship",
    "Residence",
    "RoundingMode",
    "RoundingPolicy",
    "ServiceKind",
    "ServiceRecord",
    "Sex",
    "Yuan",
    "birthday",
    "check_character",
    "divide_fen",
    "mask_id",
    "parse_date",
]
