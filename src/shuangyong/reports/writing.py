"""Writing a report to a file atomically: a temporary file in the same directory, then
:func:`os.replace`, so a reader (or a crash) never sees a partial report.

A new file is created readable by its owner only (``0600``, :func:`tempfile.mkstemp`'s mode):
rosters and payment sheets hold personal data. Replacing an existing file keeps that file's mode.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path

from shuangyong.reports.errors import ReportWriteError
from shuangyong.reports.model import Report
from shuangyong.reports.registry import ReportFormat

__all__ = ["render_bytes", "write_report"]


def render_bytes(
    report: Report, fmt: ReportFormat, options: Mapping[str, str] | None = None
) -> bytes:
    """The report written in ``fmt`` to memory.

    Raises:
        ReportInputError: an option the format does not declare, or a bad option value.
    """
    opts = dict(options or {})
    fmt.check_options(opts)
    buf = io.BytesIO()
    fmt.write(report, buf, opts)
    return buf.getvalue()


def write_report(
    report: Report,
    path: str | os.PathLike[str],
    fmt: ReportFormat,
    options: Mapping[str, str] | None = None,
) -> Path:
    """Write ``report`` in ``fmt`` to ``path`` atomically; return the path.

    Raises:
        ReportInputError: a bad option (checked before anything is created).
        ReportWriteError: the directory is missing or not writable, or the disk is full;
            no file is left behind (the previous file at ``path``, if any, is unchanged).
    """
    target = Path(path)
    opts = dict(options or {})
    fmt.check_options(opts)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise ReportWriteError(
            f"无法在 {directory} 创建文件 / cannot create a file in {directory}: "
            f"{exc.strerror or exc}"
        ) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as stream:
            fmt.write(report, stream, opts)
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, stat.S_IMODE(os.stat(target).st_mode))
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ReportWriteError(
            f"写入 {target} 失败，未留下文件 / writing {target} failed, nothing left behind: "
            f"{exc.strerror or exc}"
        ) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target
