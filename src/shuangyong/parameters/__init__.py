"""Dated, jurisdiction-layered law parameters: model, TOML loader, resolver."""

from shuangyong.parameters.loader import ParameterFile, load_parameter_file, load_parameter_text
from shuangyong.parameters.model import (
    NATIONAL,
    CompiledValue,
    DatedValue,
    Dimension,
    ParameterDecl,
    Provenance,
    Unit,
    ValueKind,
)
from shuangyong.parameters.resolver import ParameterSet, Resolution

__all__ = [
    "NATIONAL",
    "CompiledValue",
    "DatedValue",
    "Dimension",
    "ParameterDecl",
    "ParameterFile",
    "ParameterSet",
    "Provenance",
    "Resolution",
    "Unit",
    "ValueKind",
    "load_parameter_file",
    "load_parameter_text",
]
