"""The closed vocabularies of compliance evidence: each code is a stable public contract.

Codes are English (they appear in evidence files, JSON and storage); ``label`` is the Chinese term
shown to people. An evidence file with any other code is rejected with the allowed values listed.
"""

from __future__ import annotations

from shuangyong.domain.divisions import DivisionLevel
from shuangyong.domain.enums import _Labelled

__all__ = [
    "ActivityKind",
    "ChannelKind",
    "Delivery",
    "DocumentKind",
    "HonourLevel",
    "IncidentKind",
    "MeetingKind",
    "NeedsSide",
    "Position",
    "Role",
    "SignageKind",
    "StationLevel",
    "StationStandard",
    "TeamKind",
]


class DocumentKind(_Labelled):
    """What a document is evidence of (a document may be several)."""

    DEVELOPMENT_PLAN = ("development_plan", "经济和社会发展规划（含双拥内容）")
    ANNUAL_DEPLOYMENT = ("annual_deployment", "年度双拥工作部署（要点）")
    PARTY_COMMITTEE_AGENDA = ("party_committee_agenda", "党委、政府议事日程（研究双拥工作）")
    FISCAL_BUDGET = ("fiscal_budget", "财政预算（双拥经费）")
    DISBURSEMENT_VOUCHER = ("disbursement_voucher", "经费拨付凭证")
    PERFORMANCE_ASSESSMENT = ("performance_assessment", "绩效考核方案（含双拥指标）")
    ASSESSMENT_RESULT = ("assessment_result", "绩效考核结果")
    DEFENSE_EDUCATION_PLAN = (
        "defense_education_plan",
        "全民国防教育纳入精神文明建设的计划",
    )
    EDUCATION_SYSTEM_PLAN = (
        "education_system_plan",
        "国防教育和双拥教育纳入国民教育体系及宣传、教育、文化、广电、新闻部门工作计划",
    )
    GOVERNMENT_WORK_REPORT = ("government_work_report", "政府工作报告（述及双拥）")
    ARMED_FORCES_PARTY_REPORT = (
        "armed_forces_party_report",
        "军分区（人武部）党委工作报告（述及双拥）",
    )
    MEMBER_UNIT_PLAN = ("member_unit_plan", "成员单位年度工作计划")
    MEMBER_UNIT_REPORT = ("member_unit_report", "成员单位年度工作总结（报告）")
    MEETING_MINUTES = ("meeting_minutes", "会议纪要")
    OTHER = ("other", "其他")


class Role(_Labelled):
    """A member's role in the 双拥工作领导小组."""

    LEADER = ("leader", "组长")
    DEPUTY = ("deputy", "副组长")
    MEMBER = ("member", "成员")


class Position(_Labelled):
    """The office a leading-group member holds outside the group."""

    PARTY_SECRETARY = ("party_secretary", "党委书记")
    GOVERNMENT_HEAD = ("government_head", "政府主要负责人")
    MILITARY_LEADER = ("military_leader", "驻军（人武部）领导")
    OFFICIAL = ("official", "其他领导干部")


class MeetingKind(_Labelled):
    """Meetings and duty sessions of the 双拥 work institutions."""

    LEADING_GROUP_PLENARY = ("leading_group_plenary", "双拥工作领导小组全体会议")
    PARTY_MILITARY_AFFAIRS = ("party_military_affairs", "党委议军会")
    JOINT_MILITARY_CIVIL = ("joint_military_civil", "军地联席会议")
    MILITARY_DAY = ("military_day", "党政领导干部军事日")
    JOINT_OFFICE = ("joint_office", "军地联合办公")
    PARTY_STANDING_COMMITTEE = (
        "party_standing_committee",
        "党委常委会（政府常务会）研究双拥工作",
    )


class StationLevel(_Labelled):
    """The level of a 退役军人服务中心（站）, implied by its division code."""

    DISTRICT = ("district", "区（县）级服务中心")
    TOWNSHIP = ("township", "乡镇（街道）服务站")
    VILLAGE = ("village", "村（社区）服务站")

    @classmethod
    def of(cls, level: DivisionLevel) -> StationLevel | None:
        """The station level of a division level (``None`` above county)."""
        return {
            DivisionLevel.COUNTY: cls.DISTRICT,
            DivisionLevel.TOWNSHIP: cls.TOWNSHIP,
            DivisionLevel.VILLAGE: cls.VILLAGE,
        }.get(level)


class ChannelKind(_Labelled):
    """The four publicity channels."""

    NEWSPAPER = ("newspaper", "报纸")
    TV = ("tv", "电视")
    RADIO = ("radio", "广播")
    ONLINE = ("online", "网络")


class NeedsSide(_Labelled):
    """Which list of the 军地需求"双清单" an item is on."""

    MILITARY = ("military", "部队需求清单（部队所需、地方所能）")
    CIVIL = ("civil", "地方需求清单（地方所需、部队所能）")


class ActivityKind(_Labelled):
    """Activity records."""

    VISIT = ("visit", "走访慰问")
    MUTUAL_VISIT = ("mutual_visit", "军地互访")
    JOINT_CONSTRUCTION = ("joint_construction", "军民共建结对")
    TROOP_SUPPORT = ("troop_support", "部队支援地方建设")
    EMERGENCY = ("emergency", "抢险救灾出动")
    DEFENSE_EDUCATION = ("defense_education", "国防教育活动")
    PLAQUE_HANGING = ("plaque_hanging", "悬挂光荣牌")
    MERIT_NEWS = ("merit_news", "送喜报")
    TEAM_SERVICE = ("team_service", "拥军服务队服务")
    OTHER = ("other", "其他")


class Delivery(_Labelled):
    """What a visit brought (the "送" of a "五送" visit); a visit may bring several.

    No official list of the "五送" was found: districts name different five. These codes are the
    items commonly seen in district reports, each an ``example`` label, and ``other`` takes the
    rest; a report shows the ones a visit recorded, never a count of "five".
    """

    POLICY = ("policy", "送政策（示例）")
    WARMTH = ("warmth", "送温暖（示例）")
    HEALTH = ("health", "送健康（示例）")
    LAW = ("law", "送法律（示例）")
    CULTURE = ("culture", "送文化（示例）")
    JOBS = ("jobs", "送岗位（示例）")
    OTHER = ("other", "其他")


class SignageKind(_Labelled):
    """Signage and publicity boards (双拥宣传阵地)."""

    PUBLICITY_BOARD = ("publicity_board", "双拥宣传栏（展板）")
    BILLBOARD = ("billboard", "户外公益广告牌")
    SLOGAN = ("slogan", "双拥标语")
    STREET = ("street", "双拥路（街）标识")
    PARK = ("park", "双拥主题公园（广场）")
    OTHER = ("other", "其他")


class TeamKind(_Labelled):
    """What a support team (拥军服务队) does."""

    VOLUNTEER = ("volunteer", "拥军志愿服务队")
    MEDICAL = ("medical", "拥军医疗服务队")
    LEGAL = ("legal", "拥军法律服务队")
    CULTURE = ("culture", "拥军文艺队")
    OTHER = ("other", "其他")


class HonourLevel(_Labelled):
    """Who conferred an honour."""

    NATIONAL = ("national", "全国")
    PROVINCE = ("province", "省级")
    CITY = ("city", "市级")
    OTHER = ("other", "其他")


class StationStandard(_Labelled):
    """The "六化" of a service station, as an ``example`` list.

    No official text of the "六化" standard for 退役军人服务站 was found (only local standards
    such as DB3304/T 085-2022 and DB31/T 1608-2025 were seen, not read). These six are an
    illustration; every finding that uses them is marked 【示例】.
    """

    SIGNAGE = ("signage", "标识统一化（示例）")
    PREMISES = ("premises", "场所规范化（示例）")
    STAFFING = ("staffing", "队伍专业化（示例）")
    RULES = ("rules", "制度规范化（示例）")
    RECORDS = ("records", "台账档案化（示例）")
    ONLINE = ("online", "服务信息化（示例）")


class IncidentKind(_Labelled):
    """Events that may veto a 双拥模范城 assessment.

    No official list of veto (一票否决) conditions has been found; these categories are
    illustrative, and which of them veto is the ``model_city_assessment.veto`` parameter, shipped
    as ``example``.
    """

    MILITARY_CIVIL_CONFLICT = ("military_civil_conflict", "发生严重损害军政军民关系的事件（示例）")
    MILITARY_FACILITY_DAMAGE = ("military_facility_damage", "破坏军事设施、侵占军事用地（示例）")
    BENEFIT_ARREARS = ("benefit_arrears", "拖欠、克扣优抚对象待遇（示例）")
    VETERAN_MASS_INCIDENT = ("veteran_mass_incident", "涉军群体性事件处置不力（示例）")
    OTHER = ("other", "其他事件")
