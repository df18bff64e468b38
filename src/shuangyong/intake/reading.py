"""Reading the files existing 优抚 systems export: CSV in Excel's encodings, and xlsx.

A file becomes a :class:`SourceTable`: its header cells and its data rows, each with the line
number a person sees in a spreadsheet (the header row is line ``header_row``, usually 1; a CSV
record that spans several physical lines because of a quoted line break is still one line, as
Excel shows it). Nothing here knows about fields: mapping headers and reading cells is
:mod:`shuangyong.intake.columns` and :mod:`shuangyong.intake.cells`.

CSV encodings, in the order they are tried:

1. an explicit ``encoding=`` (decoded strictly, never with replacement characters);
2. a byte-order mark: UTF-8 (Excel's "CSV UTF-8"), UTF-16 LE/BE (Excel's "Unicode text",
   tab-separated);
3. strict UTF-8;
4. GB18030, the superset of GBK and GB2312 that Excel on a Chinese Windows writes as "CSV".

A file that decodes as none of them is refused with :class:`ImportFileError` naming the file and
the byte offset where each decoding failed: a file is never read with characters guessed or
dropped.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from shuangyong.errors import ShuangyongError

__all__ = [
    "MAX_TABLE_BYTES",
    "Cell",
    "ImportFileError",
    "SourceRow",
    "SourceTable",
    "decode_csv",
    "read_bytes",
    "read_table",
]

MAX_TABLE_BYTES = 1 << 30
"""The largest file read as a table (1 GiB: a million-row roster is about 200 MB)."""

Cell = str | int | float | bool | dt.datetime | dt.date | dt.time | None
"""A cell as read: always ``str`` from CSV; the cell's own type from xlsx."""

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DELIMITERS = (",", "\t", ";")


class ImportFileError(ShuangyongError, ValueError):
    """A file cannot be read at all (encoding, format, header): nothing of it is imported.

    Attributes:
        path: the file.
        reason: why, in Chinese and English.
        line: the line (or byte offset, see the reason) where it went wrong, when known.
    """

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


@attrs.frozen
class SourceRow:
    """One data row: the line a spreadsheet shows, and the cells in header order."""

    line: int
    cells: tuple[Cell, ...]


@attrs.frozen
class SourceTable:
    """A file read into header cells and data rows.

    Attributes:
        name: the file name (no directory), as facts cite it.
        path: the full path.
        headers: the header cells, as text, in column order.
        header_line: the line of the header row.
        rows: the data rows after the header; rows whose cells are all empty are left out (they
            are not data and carry no facts), every other row is kept.
        encoding: the encoding a CSV file was decoded with (``"xlsx"`` for a workbook).
        sha256: digest of the file's bytes (recorded in the audit event of an import).
    """

    name: str
    path: str
    headers: tuple[str, ...]
    header_line: int
    rows: Sequence[SourceRow]
    encoding: str
    sha256: str


def _offset_error(exc: UnicodeDecodeError, shift: int = 0) -> int:
    return int(exc.start) + shift


def read_bytes(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    Raises:
        ImportFileError: missing or unreadable, not a regular file (a device such as
            /dev/zero, a FIFO: read, it would never end), or larger than ``limit``.
    """
    import stat

    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            raise ImportFileError(str(path), "不是普通文件 / not a regular file")
        if st.st_size > limit:
            raise ImportFileError(
                str(path), f"文件过大（{st.st_size:,} 字节，上限 {limit:,}）/ file too large"
            )
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise ImportFileError(
            str(path), f"无法读取文件 / cannot read the file: {exc.strerror}"
        ) from None
    if len(data) > limit:  # grew while read
        raise ImportFileError(str(path), f"文件过大（上限 {limit:,} 字节）/ file too large")
    return data


def decode_csv(path: str, data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode a CSV file's bytes: (text, encoding used). See the module docstring for the order.

    Raises:
        ImportFileError: the bytes are not valid in the given encoding, or in any of those
            tried; names the byte offset (counted from the start of the file).
    """
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ImportFileError(
                path, f"未知的编码 {encoding!r} / unknown encoding {encoding!r}"
            ) from None
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                path,
                f"按指定编码 {encoding} 无法解码，第 {exc.start} 字节处出错 / not valid "
                f"{encoding}: undecodable bytes at byte offset {exc.start}",
            ) from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(name), name + " (BOM)"
            except UnicodeDecodeError as exc:
                offset = _offset_error(exc, len(bom))
                raise ImportFileError(
                    path,
                    f"文件以 {name} 字节序标记开头，但第 {offset} 字节处无法按 {name} 解码 / the "
                    f"file starts with a {name} byte-order mark but is not valid {name} at byte "
                    f"offset {offset}",
                ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_at = exc.start
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        gb_at = exc.start
    raise ImportFileError(
        path,
        f"无法识别文件编码：按 UTF-8 解码在第 {utf8_at} 字节处出错，按 GB18030（含 GBK）解码在第 "
        f"{gb_at} 字节处出错；请另存为“CSV UTF-8”或用 encoding= 指定编码 / cannot decode the "
        f"file: not UTF-8 (bad bytes at byte offset {utf8_at}) and not GB18030/GBK (bad bytes "
        f"at byte offset {gb_at}); save it as 'CSV UTF-8' or pass encoding=",
    )


def _sniff_delimiter(text: str) -> str:
    """The delimiter of the first line: the candidate that occurs most outside quotes (Excel
    writes ``,`` for CSV and a tab for "Unicode text"); ``,`` when none occurs."""
    first = text.split("\n", 1)[0]
    counts = {d: 0 for d in _DELIMITERS}
    quoted = False
    for ch in first:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _blank(cells: Sequence[Cell]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _csv_rows(
    path: str, text: str, delimiter: str | None
) -> Iterator[tuple[int, tuple[Cell, ...]]]:
    sep = delimiter or _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    record = 0
    try:
        for cells in reader:
            record += 1
            yield record, tuple(cells)
    except csv.Error as exc:
        raise ImportFileError(
            path, f"CSV 格式错误 / malformed CSV: {exc}", line=record + 1
        ) from None


def _xlsx_rows(path: str, data: bytes, sheet: str | None) -> Iterator[tuple[int, tuple[Cell, ...]]]:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - the xlsx extra is installed in tests
        raise ImportFileError(
            path,
            "读取 xlsx 需要 openpyxl：pip install 'shuangyong[xlsx]' / reading xlsx needs "
            "openpyxl: pip install 'shuangyong[xlsx]'",
        ) from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, InvalidFileException ...
        raise ImportFileError(
            path, f"不是有效的 xlsx 文件 / not a readable xlsx workbook: {exc}"
        ) from None
    try:
        if sheet is None:
            ws = book.worksheets[0]
        elif sheet in book.sheetnames:
            ws = book[sheet]
        else:
            raise ImportFileError(
                path,
                f"工作表 {sheet!r} 不存在，现有：{'、'.join(book.sheetnames)} / no sheet "
                f"{sheet!r}; the workbook has {book.sheetnames}",
            )
        # read-only sheets yield every row from the first, filling gaps with empty rows, so
        # the count is the row number Excel shows
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            yield number, tuple(values)
    finally:
        book.close()


def read_table(
    path: str | Path,
    *,
    encoding: str | None = None,
    sheet: str | None = None,
    header_row: int = 1,
    delimiter: str | None = None,
) -> SourceTable:
    """Read a CSV or xlsx file into a :class:`SourceTable`.

    Args:
        path: a ``.csv`` (or ``.txt``/``.tsv``) or ``.xlsx`` file.
        encoding: the CSV encoding, when known; by default it is detected (module docstring).
        sheet: the xlsx sheet to read; the first by default.
        header_row: the line of the header row (1 = the first); lines above it (a title such
            as ``某区优抚对象花名册``) are skipped.
        delimiter: the CSV delimiter; by default ``,``, or a tab or ``;`` when the header line
            uses one.

    Raises:
        ImportFileError: the file is missing, of an unknown type, undecodable, malformed, or
            has no header row.
    """
    p = Path(path)
    name = p.name
    if isinstance(header_row, bool) or not isinstance(header_row, int) or header_row < 1:
        raise ImportFileError(
            str(p), f"header_row 须为正整数 / header_row must be a positive integer: {header_row!r}"
        )
    data = read_bytes(p, MAX_TABLE_BYTES)
    suffix = p.suffix.lower()
    source: Iterator[tuple[int, tuple[Cell, ...]]]
    if suffix == ".xlsx" or suffix == ".xlsm":
        if encoding is not None:
            raise ImportFileError(
                str(p), "xlsx 文件不需要 encoding / encoding= applies to CSV files only"
            )
        used = "xlsx"
        source = _xlsx_rows(str(p), data, sheet)
    elif suffix in (".csv", ".txt", ".tsv"):
        if sheet is not None:
            raise ImportFileError(str(p), "CSV 文件没有工作表 / sheet= applies to xlsx files only")
        text, used = decode_csv(str(p), data, encoding)
        source = _csv_rows(str(p), text, delimiter)
    else:
        raise ImportFileError(
            str(p),
            f"不支持的文件类型 {suffix or '（无扩展名）'}，应为 .csv 或 .xlsx / unsupported file "
            f"type {suffix or '(none)'}: expected .csv or .xlsx (an old .xls: save it as .xlsx)",
        )
    headers: tuple[str, ...] | None = None
    rows: list[SourceRow] = []
    for line, cells in source:
        if line < header_row:
            continue
        if headers is None:
            if line == header_row:
                headers = tuple("" if c is None else str(c) for c in cells)
            continue
        if not _blank(cells):
            rows.append(SourceRow(line, cells))
    if headers is None or _blank(headers):
        raise ImportFileError(
            str(p), f"第 {header_row} 行没有表头 / no header row at line {header_row}", header_row
        )
    # trailing empty header cells are formatting (a sheet's used range), not columns
    width = len(headers)
    while width and not headers[width - 1].strip():
        width -= 1
    headers = headers[:width]
    return SourceTable(
        name=name,
        path=str(p),
        headers=headers,
        header_line=header_row,
        rows=rows,
        encoding=used,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def cells_beyond(row: SourceRow, width: int) -> list[tuple[int, Any]]:
    """Cells of ``row`` past the header's last column that hold something (column index,
    value): data without a header is an error, never dropped."""
    return [
        (i, c)
        for i, c in enumerate(row.cells[width:], start=width)
        if not (c is None or (isinstance(c, str) and not c.strip()))
    ]
