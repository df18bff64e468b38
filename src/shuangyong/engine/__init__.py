"""The Engine facade and its batch and schedule results."""

from shuangyong.engine.batch import (
    BatchResult,
    BatchSchedule,
    BatchTotal,
    PaymentColumns,
    RuleColumns,
    to_columns,
)
from shuangyong.engine.engine import Engine, flatten
from shuangyong.engine.schedule import PaymentLine, Schedule, ScheduleTotal, Segment

__all__ = [
    "BatchResult",
    "BatchSchedule",
    "BatchTotal",
    "Engine",
    "PaymentColumns",
    "PaymentLine",
    "RuleColumns",
    "Schedule",
    "ScheduleTotal",
    "Segment",
    "flatten",
    "to_columns",
]
