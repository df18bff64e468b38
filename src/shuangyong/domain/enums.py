"""Enumerations of the domain, named as in the project glossary.

Each member's value is its stable code (used in files, columns and storage); ``label`` gives the
Chinese term shown to people. Enum *values* are public contracts: never rename one.
"""

from __future__ import annotations

import enum

__all__ = [
    "AwardKind",
    "CancellationReason",
    "CareArrangement",
    "DeathCategory",
    "DisabilityCause",
    "MemberStatus",
    "NcoGrade",
    "PlacementRoute",
    "Relation",
    "Residence",
    "ServiceKind",
    "Sex",
]


class _Labelled(str, enum.Enum):
    """A string enum whose members carry a Chinese label."""

    label: str

    def __new__(cls, value: str, label: str) -> _Labelled:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def parse(cls, value: object, field: str | None = None) -> _Labelled:
        """Turn a code (or a member) into a member; anything else is a precise error."""
        from shuangyong.errors import InvalidValueError

        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            try:
                return cls(value)  # type: ignore[call-arg]  # lookup by value, not creation
            except ValueError:
                pass
        allowed = ", ".join(m.value for m in cls)
        raise InvalidValueError(
            field or cls.__name__,
            value,
            f"未知的取值 / unknown {cls.__name__} value; allowed: {allowed}",
        )


class Sex(_Labelled):
    MALE = ("male", "男")
    FEMALE = ("female", "女")


class Residence(_Labelled):
    """城镇 / 农村户籍."""

    URBAN = ("urban", "城镇")
    RURAL = ("rural", "农村")


class ServiceKind(_Labelled):
    CONSCRIPT = ("conscript", "义务兵")
    NCO = ("nco", "军士")
    OFFICER = ("officer", "军官")


class NcoGrade(_Labelled):
    JUNIOR = ("junior", "初级军士")
    INTERMEDIATE = ("intermediate", "中级军士")
    SENIOR = ("senior", "高级军士")


class PlacementRoute(_Labelled):
    """安置方式 (退役军人安置条例 2024 第5条)."""

    SELF_EMPLOYMENT = ("self_employment", "自主就业")
    ASSIGNED_JOB = ("assigned_job", "安排工作")
    RETIREMENT = ("retirement", "退休")
    STATE_SUPPORT = ("state_support", "供养")
    MONTHLY_PENSION = ("monthly_pension", "逐月领取退役金")
    CIVILIAN_TRANSFER = ("civilian_transfer", "转业")
    DEMOBILIZATION = ("demobilization", "复员")


class AwardKind(_Labelled):
    MEDAL = ("medal", "勋章")
    NATIONAL_TITLE = ("national_title", "国家荣誉称号")
    CENTRAL_TITLE = ("central_title", "中央、国务院、中央军委授予的荣誉称号")
    WAR_MERIT_1 = ("war_merit_1", "一等战功")
    WAR_MERIT_2 = ("war_merit_2", "二等战功")
    WAR_MERIT_3 = ("war_merit_3", "三等战功")
    WAR_MERIT_4 = ("war_merit_4", "四等战功")
    MERIT_1 = ("merit_1", "一等功")
    MERIT_2 = ("merit_2", "二等功")
    MERIT_3 = ("merit_3", "三等功")
    COMMENDATION_1 = ("commendation_1", "一级表彰")
    COMMENDATION_2 = ("commendation_2", "二级表彰")


class DisabilityCause(_Labelled):
    """残疾性质 (军人抚恤优待条例 2024 第25条)."""

    COMBAT = ("combat", "因战")
    DUTY = ("duty", "因公")
    ILLNESS = ("illness", "因病")


class CareArrangement(_Labelled):
    """供养方式 of a disabled veteran (2024 第33条): 分散供养 or 集中供养."""

    DISPERSED = ("dispersed", "分散供养")
    CENTRALIZED = ("centralized", "集中供养")


class DeathCategory(_Labelled):
    """死亡性质 (2024 第11–13条)."""

    MARTYR = ("martyr", "烈士")
    DUTY = ("duty", "因公牺牲")
    ILLNESS = ("illness", "病故")


class Relation(_Labelled):
    PARENT = ("parent", "父母")
    SPOUSE = ("spouse", "配偶")
    CHILD = ("child", "子女")
    SIBLING = ("sibling", "兄弟姐妹")


class MemberStatus(_Labelled):
    """The status of the servicemember a relative (军属、遗属) is related to."""

    SERVING = ("serving", "现役")
    VETERAN = ("veteran", "退役")
    MARTYR = ("martyr", "烈士")
    DIED_ON_DUTY = ("died_on_duty", "因公牺牲")
    DIED_OF_ILLNESS = ("died_of_illness", "病故")


class CancellationReason(_Labelled):
    """Why entitlement ends for good (军人抚恤优待条例 2024 第59条)."""

    DEATH_SENTENCE = ("death_sentence", "被判处死刑")
    LIFE_IMPRISONMENT = ("life_imprisonment", "被判处无期徒刑")
    EXPULSION = ("expulsion", "被军队开除军籍")
