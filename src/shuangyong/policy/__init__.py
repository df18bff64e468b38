"""Rule kinds, conditions, the evaluation context, column helpers and results."""

from shuangyong.policy.columns import Choice, Column, EnumColumn, choose, enum_codes, select, where
from shuangyong.policy.context import Context, ParameterUse, RoundingStep, TableParameter
from shuangyong.policy.payment import PaidMonthly, PaidOnce, PaidYearly, Payment
from shuangyong.policy.results import (
    ConditionOutcome,
    Evaluation,
    OverrideNote,
    PluginInfo,
    RuleResult,
    Status,
)
from shuangyong.policy.rules import Condition, PaymentPeriod, Rule, RuleKind
from shuangyong.policy.schema import FIELDS, Field, FieldKind, RowError

__all__ = [
    "FIELDS",
    "Choice",
    "Column",
    "Condition",
    "ConditionOutcome",
    "Context",
    "EnumColumn",
    "Evaluation",
    "Field",
    "FieldKind",
    "OverrideNote",
    "PaidMonthly",
    "PaidOnce",
    "PaidYearly",
    "ParameterUse",
    "Payment",
    "PaymentPeriod",
    "PluginInfo",
    "RoundingStep",
    "RowError",
    "Rule",
    "RuleKind",
    "RuleResult",
    "Status",
    "TableParameter",
    "choose",
    "enum_codes",
    "select",
    "where",
]
