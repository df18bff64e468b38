"""Everything a plugin author needs, in one public module.

A district plugin imports from here (and from :mod:`shuangyong.national.conditions` to reuse
national conditions), never from the modules behind these names: those may move, these will not.
``tests/test_public_imports.py`` fails when a plugin, an example or a code block of the docs
imports a private or undocumented shuangyong module.

What is here, by use:

* **rules**: :class:`Rule`, :class:`Condition`, :class:`RuleKind`, :class:`PaymentPeriod`, how a
  benefit is paid (:class:`PaidMonthly`, :class:`PaidYearly`, :class:`PaidOnce`), the evaluation
  :class:`Context` a rule body receives, column types (:data:`BoolColumn`, :data:`FenColumn`,
  :class:`Column`, :class:`EnumColumn`, :class:`Choice`) and helpers (:func:`where`,
  :func:`select`, :func:`choose`), :class:`Citation`;
* **the beneficiary row**: the enums its fields hold (:class:`ServiceKind`, :class:`NcoGrade`,
  :class:`DisabilityCause` …), and :class:`Field` / :class:`FieldKind` for fields a plugin adds
  through ``register_fields``;
* **money**: :class:`Yuan`, :class:`RoundingPolicy`, :class:`RoundingMode`;
* **promises** checked by ``shuangyong verify``: :class:`NonNegative`, :class:`MonotoneIn`,
  :class:`Bounded`, :class:`ZeroWhenIneligible`, :class:`NotBelowNational`,
  :class:`MonthsAddUp` and the others of :mod:`shuangyong.policy.invariants`;
* **hooks**: :data:`hookimpl` and the registrar each ``register_*`` hook receives;
* **errors**: every error of :mod:`shuangyong.errors`.
"""

from __future__ import annotations

from shuangyong.citations import Citation
from shuangyong.commands import CommandRegistrar
from shuangyong.compliance.registry import ChecklistRegistrar
from shuangyong.domain.enums import (
    AwardKind,
    CancellationReason,
    CareArrangement,
    DeathCategory,
    DisabilityCause,
    MemberStatus,
    NcoGrade,
    PlacementRoute,
    Relation,
    Residence,
    ServiceKind,
    Sex,
)
from shuangyong.domain.money import RoundingMode, RoundingPolicy, Yuan
from shuangyong.errors import (
    BatchInputError,
    ColumnTruthError,
    DuplicateRegistrationError,
    EnumOrderError,
    FenOverflowError,
    InvalidValueError,
    NotInForceError,
    ParameterFileError,
    ParameterNotSetError,
    PluginError,
    RuleDefinitionError,
    ScopeError,
    ShuangyongError,
    UndeclaredReadError,
    UnknownDivisionError,
    UnknownRuleError,
)
from shuangyong.hookspecs import hookimpl
from shuangyong.policy.columns import (
    BoolColumn,
    Choice,
    Column,
    EnumColumn,
    FenColumn,
    choose,
    select,
    where,
)
from shuangyong.policy.context import Context
from shuangyong.policy.fieldset import FieldRegistrar
from shuangyong.policy.invariants import (
    BatchEqualsPerCase,
    Bounded,
    Deterministic,
    Invariant,
    MonotoneIn,
    MonthsAddUp,
    NonNegative,
    NotBelowNational,
    OnceOnly,
    SplitAddsUp,
    ZeroWhenIneligible,
)
from shuangyong.policy.payment import PaidMonthly, PaidOnce, PaidYearly, Payment
from shuangyong.policy.rules import Condition, PaymentPeriod, Rule, RuleKind
from shuangyong.policy.schema import Field, FieldKind
from shuangyong.registries import (
    DivisionRegistrar,
    ParameterRegistrar,
    RuleRegistrar,
    ScopeRegistrar,
)
from shuangyong.reports.registry import BuilderRegistrar, FormatRegistrar
from shuangyong.storage.registry import StorageRegistrar

__all__ = [
    "AwardKind",
    "BatchEqualsPerCase",
    "BatchInputError",
    "BoolColumn",
    "Bounded",
    "BuilderRegistrar",
    "CancellationReason",
    "CareArrangement",
    "ChecklistRegistrar",
    "Choice",
    "Citation",
    "Column",
    "ColumnTruthError",
    "CommandRegistrar",
    "Condition",
    "Context",
    "DeathCategory",
    "Deterministic",
    "DisabilityCause",
    "DivisionRegistrar",
    "DuplicateRegistrationError",
    "EnumColumn",
    "EnumOrderError",
    "FenColumn",
    "FenOverflowError",
    "Field",
    "FieldKind",
    "FieldRegistrar",
    "FormatRegistrar",
    "InvalidValueError",
    "Invariant",
    "MemberStatus",
    "MonotoneIn",
    "MonthsAddUp",
    "NcoGrade",
    "NonNegative",
    "NotBelowNational",
    "NotInForceError",
    "OnceOnly",
    "PaidMonthly",
    "PaidOnce",
    "PaidYearly",
    "ParameterFileError",
    "ParameterNotSetError",
    "ParameterRegistrar",
    "Payment",
    "PaymentPeriod",
    "PlacementRoute",
    "PluginError",
    "Relation",
    "Residence",
    "RoundingMode",
    "RoundingPolicy",
    "Rule",
    "RuleDefinitionError",
    "RuleKind",
    "RuleRegistrar",
    "ScopeError",
    "ScopeRegistrar",
    "ServiceKind",
    "Sex",
    "ShuangyongError",
    "SplitAddsUp",
    "StorageRegistrar",
    "UndeclaredReadError",
    "UnknownDivisionError",
    "UnknownRuleError",
    "Yuan",
    "ZeroWhenIneligible",
    "choose",
    "hookimpl",
    "select",
    "where",
]
