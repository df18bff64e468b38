"""The report model: a document that knows nothing of the format it will be written in.

A :class:`Report` is data first — a title, a :class:`Subject` (division and period), sections of
paragraphs, typed tables and notes, caveats (``example`` figures, synthetic data, incomplete
totals), and an approval block — and a format plugin writes it out (JSON, CSV, Markdown and HTML
in the core; xlsx, docx and PDF in ``shuangyong-office``). Builders make reports; formats never
compute anything, so every format shows the same figures.

Tables are typed by column (:class:`ColumnType`) and hold *values*, never display strings: money
as int fen, dates as :class:`datetime.date`, codes with their labels as :class:`Coded`, ratios as
:class:`~fractions.Fraction`. A format decides how a value looks (``1,234.56`` in HTML, ``1234.56``
in CSV, a number cell with a money format in xlsx); :mod:`shuangyong.reports.cells` has the shared
display rules. Tables are stored column by column (a million-line roster is one tuple per column,
not a million row objects) and validated when built, so a format can trust every cell.

Privacy by construction: an :attr:`ColumnType.ID_NUMBER` column masks its values (first 6, last 4)
when the table is built unless the column is explicitly ``revealed`` — a format cannot leak what
the document does not hold. Builders reveal only when asked, and record that as an audit event
(:mod:`shuangyong.reports.privacy`).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator, Sequence
from fractions import Fraction
from typing import Any

import attrs

from shuangyong.domain.ids import mask_id
from shuangyong.reports.errors import ReportInputError

__all__ = [
    "Approval",
    "Block",
    "Caveat",
    "CaveatKind",
    "Coded",
    "Column",
    "ColumnType",
    "Entry",
    "FooterRow",
    "Note",
    "Paragraph",
    "Report",
    "Section",
    "Signatory",
    "Subject",
    "Table",
]

FORMAT_VERSION = 1
"""Version of the report model as the JSON format writes it (``format_version``)."""


class ColumnType(str, enum.Enum):
    """What the values of a table column are, and so how every format shows them.

    ========== ======================================= =============================================
    type       value in the table                      shown
    ========== ======================================= =============================================
    text       ``str``                                 as is
    int        ``int`` (counts, years, 序号)           ``1234``
    money      ``int`` fen (exact)                     yuan: ``1,234.56`` (CSV ``1234.56``)
    date       :class:`datetime.date`                  ``2025-03-01``
    code       :class:`Coded` (code with a label)      the label (JSON keeps both)
    id_number  ``str`` (masked unless revealed)        ``411003********1234``
    percent    :class:`~fractions.Fraction` (a ratio)  ``33.3%`` (JSON: the exact ratio ``"1/3"``)
    ========== ======================================= =============================================

    ``None`` is an empty cell in every column.
    """

    TEXT = "text"
    INT = "int"
    MONEY = "money"
    DATE = "date"
    CODE = "code"
    ID_NUMBER = "id_number"
    PERCENT = "percent"


@attrs.frozen
class Coded:
    """A code with its Chinese label (a division, a benefit, a finding's state).

    People read the label; programs read the code. Formats for people show only the label.
    """

    code: str = attrs.field(validator=attrs.validators.instance_of(str))
    label: str = attrs.field(validator=attrs.validators.instance_of(str))

    def __str__(self) -> str:
        return self.label


@attrs.frozen
class Column:
    """One column of a :class:`Table`.

    Attributes:
        key: a stable ASCII name for programs (JSON keys, CSV single-table headers): ``amount``.
        label: the Chinese header people read: ``金额（元）``.
        type: :class:`ColumnType` of the values.
        revealed: only for ``id_number`` columns: hold the numbers unmasked. Set it only when the
            caller explicitly asked to reveal (builders audit that); the default masks.
    """

    key: str = attrs.field(validator=attrs.validators.instance_of(str))
    label: str = attrs.field(validator=attrs.validators.instance_of(str))
    type: ColumnType = attrs.field(default=ColumnType.TEXT, converter=ColumnType)
    revealed: bool = False

    @property
    def numeric(self) -> bool:
        """Right-aligned in formats for people (int, money, percent)."""
        return self.type in (ColumnType.INT, ColumnType.MONEY, ColumnType.PERCENT)


_NONE = type(None)
_ACCEPTS: dict[ColumnType, tuple[type, ...]] = {
    ColumnType.TEXT: (str,),
    ColumnType.INT: (int,),
    ColumnType.MONEY: (int,),
    ColumnType.DATE: (dt.date,),
    ColumnType.CODE: (Coded,),
    ColumnType.ID_NUMBER: (str,),
    ColumnType.PERCENT: (Fraction,),
}
_WHAT = {
    ColumnType.TEXT: "文本 / str",
    ColumnType.INT: "整数 / int",
    ColumnType.MONEY: "整数分 / int fen (never float or Yuan)",
    ColumnType.DATE: "日期 / datetime.date",
    ColumnType.CODE: "代码与名称 / Coded",
    ColumnType.ID_NUMBER: "身份证号文本 / str",
    ColumnType.PERCENT: "比例 / fractions.Fraction",
}


def _columns(value: Iterable[Column]) -> tuple[Column, ...]:
    return tuple(value)


def _footer(value: Iterable[FooterRow]) -> tuple[FooterRow, ...]:
    return tuple(value)


def _cells(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _blocks(value: Iterable[Block]) -> tuple[Block, ...]:
    return tuple(value)


def _sections(value: Iterable[Section]) -> tuple[Section, ...]:
    return tuple(value)


def _caveats(value: Iterable[Caveat]) -> tuple[Caveat, ...]:
    return tuple(value)


def _signatories(value: Iterable[Signatory]) -> tuple[Signatory, ...]:
    return tuple(value)


def _mask_fast(value: str) -> str:
    # the common case (an 18-character number) without mask_id's checks: a roster has millions
    if len(value) == 18:
        return value[:6] + "********" + value[-4:]
    return mask_id(value)


def _check_cells(table: str, column: Column, values: Sequence[Any], where: str) -> None:
    accepted = _ACCEPTS[column.type]
    # a set of the types present is C-speed even for a million cells
    for t in set(map(type, values)):
        if t is _NONE or t in accepted:
            continue
        if issubclass(t, accepted) and t is not bool and not issubclass(t, dt.datetime):
            continue
        bad = next(v for v in values if type(v) is t)
        raise ReportInputError(
            f"{table}.{column.key}{where}",
            bad,
            f"{column.label} 列应为{_WHAT[column.type]} / column {column.key!r} "
            f"({column.type.value}) holds {_WHAT[column.type].split(' / ')[-1]}, "
            f"not {t.__name__}",
        )


@attrs.frozen
class FooterRow:
    """A total or subtotal row under a table (合计、小计).

    Attributes:
        label: what the row is (``合计``); formats show it in the first column.
        cells: one value per column, typed like the column (``None`` for blank); the first
            cell is usually ``None`` so the label can take its place.
    """

    label: str
    cells: tuple[Any, ...] = attrs.field(converter=_cells)


def _as_columns(value: Iterable[Iterable[Any]]) -> tuple[tuple[Any, ...], ...]:
    return tuple(v if isinstance(v, tuple) else tuple(v) for v in value)


@attrs.frozen
class Table:
    """A typed table, stored column by column.

    Build it from columns of values (``Table(key, caption, columns, data)``) or from rows
    (:meth:`from_rows`). Every cell is checked against its column's type when the table is
    built; id numbers are masked then unless their column is ``revealed``.

    Attributes:
        key: a stable ASCII name (``lines``), unique within a report; CSV ``table=`` uses it.
        caption: the Chinese caption shown above the table.
        columns: the columns, in order.
        data: one tuple of values per column (all the same length).
        footer: total rows shown under the data (:class:`FooterRow`).

    Raises:
        ReportInputError: a cell of the wrong type, columns of unequal length, a duplicate key.
    """

    key: str
    caption: str
    columns: tuple[Column, ...] = attrs.field(converter=_columns)
    data: tuple[tuple[Any, ...], ...] = attrs.field(converter=_as_columns)
    footer: tuple[FooterRow, ...] = attrs.field(default=(), converter=_footer)

    def __attrs_post_init__(self) -> None:
        if len(self.data) != len(self.columns):
            raise ReportInputError(
                f"{self.key}.data",
                len(self.data),
                f"列数与数据不符 / {len(self.columns)} columns but {len(self.data)} value columns",
            )
        keys = [c.key for c in self.columns]
        if len(set(keys)) != len(keys):
            dup = next(k for k in keys if keys.count(k) > 1)
            raise ReportInputError(f"{self.key}.columns", dup, "列名重复 / duplicate column key")
        lengths = {len(v) for v in self.data}
        if len(lengths) > 1:
            raise ReportInputError(
                f"{self.key}.data", sorted(lengths), "各列行数不同 / columns of unequal length"
            )
        data = list(self.data)
        for i, col in enumerate(self.columns):
            _check_cells(self.key, col, data[i], "")
            if col.type is ColumnType.ID_NUMBER and not col.revealed:
                data[i] = tuple(v if v is None else _mask_fast(v) for v in data[i])
        footer = []
        for row in self.footer:
            if len(row.cells) != len(self.columns):
                raise ReportInputError(
                    f"{self.key}.footer", row.label, "合计行列数不符 / footer row of wrong width"
                )
            cells = list(row.cells)
            for i, col in enumerate(self.columns):
                _check_cells(self.key, col, (cells[i],), f"（{row.label}）")
                if col.type is ColumnType.ID_NUMBER and not col.revealed and cells[i] is not None:
                    cells[i] = _mask_fast(cells[i])
            footer.append(FooterRow(row.label, tuple(cells)))
        object.__setattr__(self, "data", tuple(data))
        object.__setattr__(self, "footer", tuple(footer))

    @classmethod
    def from_rows(
        cls,
        key: str,
        caption: str,
        columns: Sequence[Column],
        rows: Iterable[Sequence[Any]],
        footer: Sequence[FooterRow] = (),
    ) -> Table:
        """A table from rows (each a sequence of one value per column)."""
        listed = list(rows)
        data = tuple(zip(*listed, strict=True)) if listed else tuple(() for _ in columns)
        return cls(key, caption, tuple(columns), data, tuple(footer))

    @property
    def height(self) -> int:
        """Number of data rows (the footer not counted)."""
        return len(self.data[0]) if self.data else 0

    def rows(self) -> Iterator[tuple[Any, ...]]:
        """The data rows, each a tuple of one value per column."""
        return zip(*self.data, strict=True) if self.data else iter(())

    def column(self, key: str) -> tuple[Any, ...]:
        """The values of the column ``key``.

        Raises:
            KeyError: no such column.
        """
        for c, values in zip(self.columns, self.data, strict=True):
            if c.key == key:
                return values
        raise KeyError(key)

    @property
    def revealed(self) -> bool:
        """An id-number column holds unmasked numbers."""
        return any(c.type is ColumnType.ID_NUMBER and c.revealed for c in self.columns)


@attrs.frozen
class Paragraph:
    """A paragraph of Chinese text.

    Attributes:
        text: the paragraph.
        sources: where its statements come from (an evidence record, a ledger total), in Chinese;
            formats show them after the text (``来源：…``).
    """

    text: str
    sources: tuple[str, ...] = attrs.field(default=(), converter=_strings)


@attrs.frozen
class Note:
    """A note (说明/注) a reader must see: shown smaller, after what it qualifies."""

    text: str


@attrs.frozen
class Entry:
    """An item of a list with its detail lines: a finding and its evidence, gaps and basis.

    Attributes:
        heading: the item's line (``[部分符合] 经费纳入财政预算 1/2分``).
        details: lines under it (``证据：…``, ``缺少：…``), each already labelled in Chinese.
    """

    heading: str
    details: tuple[str, ...] = attrs.field(default=(), converter=_strings)


Block = Paragraph | Table | Note | Entry
"""What a section holds, in order."""


@attrs.frozen
class Section:
    """A section: a title, its blocks in order, and sub-sections.

    Formats that paginate start every top-level section on a new page.
    """

    title: str
    blocks: tuple[Block, ...] = attrs.field(default=(), converter=_blocks)
    sections: tuple[Section, ...] = attrs.field(default=(), converter=_sections)

    def tables(self) -> Iterator[Table]:
        """Every table in this section and its sub-sections, in document order."""
        for b in self.blocks:
            if isinstance(b, Table):
                yield b
        for s in self.sections:
            yield from s.tables()


class CaveatKind(str, enum.Enum):
    """Why a reader must be warned about a report."""

    EXAMPLE = "example"
    """A figure used is ``example`` provenance: an illustration, never a basis for payment."""
    SYNTHETIC = "synthetic"
    """The data are synthetic (a demo, a test)."""
    INCOMPLETE = "incomplete"
    """A total is not complete (undetermined lines, missing sources)."""
    REVEALED = "revealed"
    """Id numbers are shown unmasked."""
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "example": "示例数据",
            "synthetic": "合成数据",
            "incomplete": "不完整",
            "revealed": "含完整身份证号",
            "other": "提示",
        }[self.value]


@attrs.frozen
class Caveat:
    """A warning that leads the report (formats show caveats before the first section).

    Formats show it as ``【{kind.label}】{text}``, so the text does not repeat the label.

    Attributes:
        kind: :class:`CaveatKind`.
        text: the warning, in Chinese.
    """

    kind: CaveatKind = attrs.field(converter=CaveatKind)
    text: str = ""


@attrs.frozen
class Signatory:
    """One line of the approval block: 经办人/审核人/负责人, a name, a date (blank to sign)."""

    role: str
    name: str = ""
    date: dt.date | None = None


def _default_signatories() -> tuple[Signatory, ...]:
    return (Signatory("经办人"), Signatory("审核人"), Signatory("负责人"))


@attrs.frozen
class Approval:
    """The approval block at the end of a document that is filed (花名册, 发放表).

    Attributes:
        signatories: in order; blank names and dates leave a line to sign by hand.
        unit: the issuing unit (填报单位), printed with the block.
    """

    signatories: tuple[Signatory, ...] = attrs.field(
        factory=_default_signatories, converter=_signatories
    )
    unit: str = ""


@attrs.frozen
class Subject:
    """What a report is about: a division and a period.

    Attributes:
        division: the division (code and name), or ``None`` (the rule catalogue is national).
        period: the period in Chinese as it heads the report (``2024年``, ``2025年3月``).
        first, last: the period's first and last dates, for programs (``None`` if no period).
    """

    division: Coded | None = None
    period: str = ""
    first: dt.date | None = None
    last: dt.date | None = None


@attrs.frozen
class Report:
    """A format-independent document.

    Attributes:
        kind: the builder that made it (``roster``, ``payment-sheet``...).
        title: the document title (``优抚对象花名册``).
        subject: division and period.
        sections: the body.
        caveats: warnings that lead the document (example figures, synthetic data).
        approval: the approval block, for documents that are filed and signed.
        as_of: the date the data are as of (the caller's, never the clock).
        plugins: the plugins whose rules or data the report used (distribution and version).
    """

    kind: str
    title: str
    subject: Subject = Subject()
    sections: tuple[Section, ...] = attrs.field(default=(), converter=_sections)
    caveats: tuple[Caveat, ...] = attrs.field(default=(), converter=_caveats)
    approval: Approval | None = None
    as_of: dt.date | None = None
    plugins: tuple[str, ...] = attrs.field(default=(), converter=_strings)

    def __attrs_post_init__(self) -> None:
        keys = [t.key for t in self.tables()]
        if len(set(keys)) != len(keys):
            dup = next(k for k in keys if keys.count(k) > 1)
            raise ReportInputError("table.key", dup, "报表内表格标识重复 / duplicate table key")

    def tables(self) -> Iterator[Table]:
        """Every table, in document order."""
        for s in self.sections:
            yield from s.tables()

    def table(self, key: str) -> Table:
        """The table ``key``.

        Raises:
            ReportInputError: no table has that key (names the keys there are).
        """
        for t in self.tables():
            if t.key == key:
                return t
        known = ", ".join(t.key for t in self.tables()) or "(none)"
        raise ReportInputError("table", key, f"报表中没有该表格 / no such table; tables: {known}")

    @property
    def uses_example(self) -> bool:
        """The report used ``example`` figures (and says so in a caveat)."""
        return any(c.kind is CaveatKind.EXAMPLE for c in self.caveats)

    @property
    def ids_revealed(self) -> bool:
        """Some table shows id numbers unmasked."""
        return any(t.revealed for t in self.tables())
