"""The Engine facade and its batch and schedule results."""

from shuangyong.engine.batch import BatchResult, BatchSchedule, RuleColumns, to_columns
from shuangyong.engine.engine import Engine, flatten
from shuangyong.engine.schedule import Schedule, ScheduleLine, Segment

__all__ = [
    "BatchResult",
    "BatchSchedule",
    "Engine",
    "RuleColumns",
    "Schedule",
    "ScheduleLine",
    "Segment",
    "flatten",
    "to_columns",
]
