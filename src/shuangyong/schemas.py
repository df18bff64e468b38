"""JSON Schemas (draft 2020-12) for what other systems send us and what we send back.

- :func:`input_row_schema`: one beneficiary row as JSON (the fields of
  :data:`shuangyong.policy.schema.FIELDS`, plus an engine's plugin fields), built from the
  field list itself so the schema cannot drift from what the converters accept. It states types
  and formats; the converters still apply the checks a schema cannot express (a division code
  that exists, dates in order, a check digit), and their errors name the field, value and
  reason.
- :func:`rule_result_schema` and :func:`evaluation_schema`: ``RuleResult.to_dict()`` and
  ``Evaluation.to_dict()`` at :data:`~shuangyong.policy.results.FORMAT_VERSION`.

The tests validate real output against these schemas, so a change of ``to_dict()`` that is not
reflected here fails.
"""

from __future__ import annotations

from typing import Any

from shuangyong.policy.results import FORMAT_VERSION

__all__ = ["evaluation_schema", "input_row_schema", "rule_result_schema"]

_DRAFT = "https://json-schema.org/draft/2020-12/schema"
_DATE = {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "format": "date"}
# plain decimal yuan, at most two places; thousands grouping only in correct groups of three
_MONEY_TEXT = {
    "type": "string",
    "pattern": r"^\s*(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?:\.[0-9]{1,2})?\s*$",
}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def input_row_schema(engine: Any = None) -> dict[str, Any]:
    """The schema of one beneficiary row (JSON object of field → value).

    Args:
        engine: whose fields (the national ones plus those its plugins add with
            ``register_fields``); default: the national fields only.
    """
    from shuangyong.policy.schema import FIELDS, FieldKind

    fields = FIELDS if engine is None else engine.fields
    props: dict[str, Any] = {}
    for f in fields.values():
        s: dict[str, Any]
        if f.kind is FieldKind.DATE:
            s = dict(_DATE)
        elif f.kind is FieldKind.INT:
            s = {"type": "integer"}
            if f.min is not None:
                s["minimum"] = f.min
            if f.max is not None:
                s["maximum"] = f.max
        elif f.kind is FieldKind.ENUM:
            assert f.enum_type is not None
            s = {"type": "string", "enum": [m.value for m in f.enum_type]}
        elif f.kind is FieldKind.BOOL:
            s = {"type": "boolean"}
        elif f.kind is FieldKind.DIVISION:
            s = {"type": "string", "pattern": "^[0-9]{6}$"}
        elif f.kind is FieldKind.MONEY:
            # never a JSON number: a float cannot be trusted to be the figure meant
            s = {"anyOf": [_MONEY_TEXT, {"type": "integer", "minimum": 0}]}
        elif f.kind is FieldKind.FLAGS:
            assert f.enum_type is not None
            s = {
                "type": "array",
                "items": {"type": "string", "enum": [m.value for m in f.enum_type]},
                "uniqueItems": True,
            }
        else:
            s = {"type": "string"}
        s["description"] = f.label
        props[f.name] = _nullable(s) if f.nullable else s
    return {
        "$schema": _DRAFT,
        "$id": "https://shuangyong.invalid/schemas/input_row.json",
        "title": "shuangyong beneficiary row",
        "type": "object",
        "properties": props,
        "additionalProperties": False,
    }


_CITATION = {
    "type": "object",
    "required": ["document", "article", "text"],
    "properties": {
        "document": {"type": "string"},
        "article": {"type": "string"},
        "edition": {"type": ["string", "null"]},
        "paragraph": {"type": ["string", "null"]},
        "item": {"type": ["string", "null"]},
        "url": {"type": ["string", "null"]},
        "text": {"type": "string"},
    },
    "additionalProperties": False,
}

_CONDITION = {
    "type": "object",
    "required": ["id", "label", "outcome", "passed", "undetermined", "timing", "reason"],
    "properties": {
        "id": {"type": "string"},
        "label": {"type": "string"},
        "outcome": {"enum": ["met", "not_met", "not_checked", "other_date"]},
        "passed": {"type": "boolean"},
        "undetermined": {"type": "boolean"},
        "timing": {"type": "boolean"},
        "reason": {"type": "string"},
        "citation": _CITATION,
    },
    "additionalProperties": False,
}

_PARAMETER = {
    "type": "object",
    "required": ["path", "label", "value", "effective_from", "jurisdiction", "provenance"],
    "properties": {
        "path": {"type": "string"},
        "label": {"type": "string"},
        "unit": {"type": "string"},
        "value": {"type": "string"},
        "effective_from": _DATE,
        "effective_to": _nullable(_DATE),
        "jurisdiction": {"type": "string"},
        "jurisdiction_name": {"type": "string"},
        "provenance": {"enum": ["official", "secondary", "example"]},
        "sources": {"type": "array", "items": {"type": "string"}},
        "note": {"type": "string"},
        "supplied_by": {"type": "string"},
        "cell": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["dimension", "code", "label"],
                "properties": {
                    "dimension": {"type": "string"},
                    "dimension_label": {"type": "string"},
                    "code": {"type": ["string", "integer"]},
                    "label": {"type": "string"},
                },
                "additionalProperties": False,
            },
        },
        "floor_applied": {"type": "boolean"},
    },
    "additionalProperties": False,
}


def rule_result_schema() -> dict[str, Any]:
    """The schema of ``RuleResult.to_dict()``."""
    return {
        "$schema": _DRAFT,
        "$id": "https://shuangyong.invalid/schemas/rule_result.json",
        "title": "shuangyong rule result",
        "type": "object",
        "required": [
            "format_version",
            "rule_id",
            "version",
            "status",
            "on",
            "amount",
            "amount_fen",
            "uses_example_figures",
            "conditions",
            "parameters",
        ],
        "properties": {
            "format_version": {"const": FORMAT_VERSION},
            "rule_id": {"type": "string"},
            "version": {"type": "string"},
            "label": {"type": "string"},
            "kind": {"enum": ["eligibility", "benefit", "privilege"]},
            "status": {"enum": ["eligible", "ineligible", "undetermined"]},
            "status_label": {"enum": ["符合", "不符合", "无法确定"]},
            "on": _DATE,
            "division": _nullable({"type": "string", "pattern": "^[0-9]{6}$"}),
            "division_name": {"type": ["string", "null"]},
            "amount": _nullable({"type": "string", "pattern": r"^-?[0-9]+\.[0-9]{2}$"}),
            "amount_fen": {"type": ["integer", "null"]},
            "period": {"enum": ["month", "year", "one_off", None]},
            "period_label": {"type": ["string", "null"]},
            "uses_example_figures": {"type": "boolean"},
            "failed_condition": {"type": ["string", "null"]},
            "conditions": {"type": "array", "items": _CONDITION},
            "parameters": {"type": "array", "items": _PARAMETER},
            "rounding": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["label", "exact", "result", "policy"],
                    "properties": {
                        "label": {"type": "string"},
                        "exact": {"type": "string"},
                        "result": {"type": "string"},
                        "policy": {"type": "string"},
                        "parameter": {"type": ["string", "null"]},
                    },
                    "additionalProperties": False,
                },
            },
            "citations": {"type": "array", "items": _CITATION},
            "plugins": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["name", "version"],
                    "properties": {"name": {"type": "string"}, "version": {"type": "string"}},
                },
            },
            "supplied_by": {"type": "string"},
            "override": {
                "anyOf": [
                    {"type": "null"},
                    {
                        "type": "object",
                        "required": ["replaced_by", "replaced", "reason"],
                        "properties": {
                            "replaced_by": {"type": "string"},
                            "replaced": {"type": "string"},
                            "reason": {"type": "string"},
                        },
                    },
                ]
            },
            "notes": {"type": "array", "items": {"type": "string"}},
            "notes_text": {"type": "array", "items": {"type": "string"}},
            "caveats": {"type": "array", "items": {"type": "string"}},
            "summary": {"type": "string"},
            # where the rule version applies: "national", or division codes joined by ","
            "jurisdiction": {
                "type": "string",
                "pattern": "^(national|[0-9]{6,12}(,[0-9]{6,12})*)$",
            },
            "jurisdiction_name": {"type": "string"},
        },
        # issue 10 may add keys (additive edits): extra keys are allowed, never fewer
        "additionalProperties": True,
    }


def evaluation_schema() -> dict[str, Any]:
    """The schema of ``Evaluation.to_dict()``."""
    ids = {"type": "array", "items": {"type": "string"}}
    return {
        "$schema": _DRAFT,
        "$id": "https://shuangyong.invalid/schemas/evaluation.json",
        "title": "shuangyong evaluation of one person",
        "type": "object",
        "required": ["format", "format_version", "on", "uses_example_figures", "results"],
        "properties": {
            "format": {"const": "shuangyong.evaluation"},
            "format_version": {"const": FORMAT_VERSION},
            # a name or a masked id number, never a whole one
            "person": {
                "anyOf": [
                    {"type": "null"},
                    {"type": "string", "not": {"pattern": "[0-9]{17}[0-9Xx]"}},
                ]
            },
            "on": _DATE,
            "uses_example_figures": {"type": "boolean"},
            "summary": {
                "type": "object",
                "required": ["entitled", "refused", "undetermined", "other_date"],
                "properties": {
                    "entitled": ids,
                    "refused": ids,
                    "undetermined": ids,
                    "other_date": ids,
                },
                "additionalProperties": False,
            },
            "results": {"type": "array", "items": rule_result_schema()},
        },
        "additionalProperties": True,
    }
