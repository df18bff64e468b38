"""Chinese labels for the codes that explanations would otherwise show to an applicant.

A table parameter's dimensions and the cases rules pick (``case=combat_duty_1_2``) are codes:
stable, and right in JSON, but meaningless on a letter to an applicant. Text for a person shows
these labels; ``to_dict()`` carries the code *and* the label. An unknown code (a plugin's own
dimension) falls back to the code itself rather than failing: a missing label is a cosmetic
gap, never a reason to refuse a result.
"""

from __future__ import annotations

import re

from shuangyong.domain import enums

__all__ = ["cell_code", "dimension_label", "humane", "value_label"]

_DIMENSIONS = {
    "award": "奖励",
    "case": "情形",
    "category": "类别",
    "cause": "残疾性质",
    "group": "补助对象",
    "index_type": "统计指标",
    "level": "残疾等级",
    "residence": "城乡户籍",
    "tier": "奖励等级",
}

_CHOICES = {
    # 护理费 (2024 第34条)
    "combat_duty_1_2": "因战、因公一级至二级",
    "combat_duty_3_4": "因战、因公三级至四级",
    "illness_1_4": "因病一级至四级",
    "mental_5_6": "因患精神障碍五级至六级",
    # 定期生活补助 groups (第62条)
    "combat": "参战（参试）退役军人",
    "illness": "带病回乡退役军人",
    "martyr_child": "烈士子女",
    "rural_veteran_per_year": "农村籍退役士兵（按服义务兵役年数）",
    # award tiers (退役金增发、一次性抚恤金增发)
    "none": "无",
    "medal_or_national_title": "勋章或国家荣誉称号",
    "first_class": "一等",
    "second_class": "二等",
    "third_class": "三等",
    "fourth_class": "四等",
    # statistics
    "urban_disposable_income": "城镇居民人均可支配收入",
    "rural_disposable_income": "农村居民人均可支配收入",
    "resident_disposable_income": "全体居民人均可支配收入",
    "resident_consumption_expenditure": "居民人均消费支出",
    # death categories, where a dimension names them by their own codes
    "duty": "因公牺牲",
    "died_on_duty": "因公牺牲",
    "died_of_illness": "病故",
}


_CHOICE_DIMENSIONS = frozenset({"case", "group", "tier", "index_type", "award"})


def _enum_maps() -> tuple[dict[str, str], dict[str, str]]:
    code_to_label: dict[str, str] = {}
    label_to_code: dict[str, str] = {}
    for name in enums.__all__:
        kind = getattr(enums, name)
        for member in kind:
            label = getattr(member, "label", None)
            if isinstance(label, str):
                code_to_label.setdefault(member.value, label)
                label_to_code.setdefault(label, member.value)
    return code_to_label, label_to_code


_ENUM_LABELS, _ENUM_CODES = _enum_maps()


def dimension_label(name: str) -> str:
    """The Chinese name of a table dimension (the name itself if unknown)."""
    return _DIMENSIONS.get(name, name)


def value_label(dimension: str, value: str) -> str:
    """The Chinese label of one coordinate as a trace records it (a code, a number or already
    a label: enum coordinates are recorded by their label)."""
    if dimension == "level" and value.isdigit():
        return f"{value}级"
    if dimension in _CHOICE_DIMENSIONS and value in _CHOICES:
        # "combat" is a group of 定期生活补助 there, not the disability cause 因战
        return _CHOICES[value]
    return _ENUM_LABELS.get(value) or _CHOICES.get(value, value)


def cell_code(dimension: str, value: str) -> str | int:
    """The code of one coordinate as a trace records it (enum labels back to their codes)."""
    if dimension == "level" and value.isdigit():
        return int(value)
    return _ENUM_CODES.get(value, value)


# "参数 nursing_allowance.wage_base（当地…基数）未由 …" → "标准“当地…基数”未由 …"; a bare path
# (no label next to it) becomes the label of the standard the result used, or "相关标准".
_PATH_WITH_LABEL = re.compile(
    r"(?:参数|标准)\s*[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+（((?:[^（）]|（[^（）]*）)*)）"
)
_BARE_PATH = re.compile(r"(?:参数|标准)?\s*([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)\s*")
# "residence（城乡户籍）" → "城乡户籍"
_FIELD_WITH_LABEL = re.compile(r"[a-z][a-z0-9_]*（((?:[^（）]|（[^（）]*）)*)）")
# "（monthly_basic_wage）" after a Chinese phrase that already names it
_BRACKETED_FIELD = re.compile(r"（[a-z][a-z0-9_]*）")


def humane(text: str, labels: dict[str, str] | None = None) -> str:
    """A reason or note as a person reads it: the Chinese half of a bilingual message, field
    names and parameter paths replaced by their Chinese labels.

    Args:
        text: the message (often ``中文 / English``).
        labels: parameter path → label, for paths mentioned without a label.
    """
    chinese = text.split(" / ", 1)[0] if " / " in text else text
    chinese = _PATH_WITH_LABEL.sub(lambda m: f"标准“{m.group(1)}”", chinese)
    known = labels or {}

    def bare(m: re.Match[str]) -> str:
        label = known.get(m.group(1))
        return f"标准“{label}”" if label else "相关标准"

    chinese = _BARE_PATH.sub(bare, chinese)
    chinese = _FIELD_WITH_LABEL.sub(lambda m: m.group(1), chinese)
    chinese = _BRACKETED_FIELD.sub("", chinese)
    return chinese.strip()
