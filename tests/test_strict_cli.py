"""Issue 12 §5, the CLI on bad files: GBK/GB18030 CSV read in every CSV input path (declared
with ``--encoding`` or detected), and no command prints a traceback on a generated bad file:
one line on stderr, exit 2, the rejected file's contents never echoed.

The property runs the commands in-process (click's runner: hundreds of files in seconds; an
exception escaping a command is caught there, which is exactly a traceback for a user); the
fixed cases run each command as a subprocess, as a user does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuangyong.cli import main
from shuangyong.commands import DATE

REPO = Path(__file__).resolve().parents[1]
STATIONS = REPO / "examples" / "compliance_demo" / "station.csv"
MARKER = "机密标记"  # put in generated files: a rejected file's text never comes back
ENV = {"SHUANGYONG_LOAD_PLUGINS": ""}

# each command that reads a file the user names, with FILE where the file goes
COMMANDS: dict[str, Callable[[str, str], list[str]]] = {
    "explain": lambda f, db: ["explain", f, "--on", "2025-03-01"],
    "cases run": lambda f, db: ["cases", "run", f],
    "check": lambda f, db: [
        "check",
        "service_station",
        f,
        "--division",
        "411003",
        "--year",
        "2024",
    ],
    "report": lambda f, db: [
        *("report", "stations", f, "--division", "411003", "--year", "2024"),
        *("-o", "-", "--format", "text"),
    ],
    "store import": lambda f, db: ["store", "import", db, f, "--dry-run"],
    "pay arrears": lambda f, db: [
        *("pay", "arrears", db, "--rules", "disability_pension", "--from", "2024-01"),
        *("--to", "2024-02", "--division", "411003", "--parameters", f),
        *("--reason", "调标", "--actor", "合成科员"),
    ],
    "pay explain": lambda f, db: ["pay", "explain", db, "1", "--parameters", f],
}


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), env.get("PYTHONPATH", "")])
    env.update(ENV, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "shuangyong", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        timeout=120,
    )


def _one_line(code: int, stderr: str) -> str:
    assert code == 2, (code, stderr[-2000:])
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    # `cases run` names each refused file and carries on (counts on stdout)
    assert lines[0].startswith(("错误 / error: ", "REFUSED ")), lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    d = tmp_path_factory.mktemp("store")
    url = f"sqlite:///{d / 's.db'}"
    p = _run("store", "init", url, cwd=d)
    assert p.returncode == 0, p.stderr
    return url


# -- GBK / GB18030 in every CSV input path ------------------------------------------------------
def _station_csv(encoding: str) -> bytes:
    lines = STATIONS.read_text(encoding="utf-8").splitlines()
    county = [ln for ln in lines if ln.startswith(("#", "id,", "S01,"))]  # the county centre
    return ("\r\n".join(county) + "\r\n").encode(encoding)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
@pytest.mark.parametrize(
    ("command", "declared"),
    [("check", False), ("check", True), ("report", False)],  # report: detected only
)
def test_evidence_csv_in_excel_encodings(
    tmp_path: Path, store: str, encoding: str, declared: bool, command: str
) -> None:
    """Before: a GBK evidence CSV ended `check` and `report` in a UnicodeDecodeError traceback."""
    f = tmp_path / "station.csv"
    f.write_bytes(_station_csv(encoding))
    args = COMMANDS[command](str(f), store)
    if declared:
        args += ["--encoding", encoding]
    p = _run(*args, cwd=tmp_path)
    assert p.returncode in (0, 1), p.stderr
    assert "Traceback" not in p.stderr
    if command == "check":
        assert "【合成】建安区退役军人服务中心" in p.stdout  # the name read correctly
    else:
        assert "建安区共有退役军人服务中心（站）1 个" in p.stdout


@pytest.mark.parametrize("command", ["check", "report", "store import"])
def test_csv_that_is_no_known_encoding_is_one_line(
    tmp_path: Path, store: str, command: str
) -> None:
    f = tmp_path / "bad.csv"
    f.write_bytes(b"id,name\r\nS01,\xff\xfe\xff" + MARKER.encode("utf-16-le") + b"\x80\r\n")
    p = _run(*COMMANDS[command](str(f), store), cwd=tmp_path)
    line = _one_line(p.returncode, p.stderr)
    assert "UTF-8" in line and "GB18030" in line


def test_declared_encoding_that_does_not_fit_is_one_line(tmp_path: Path, store: str) -> None:
    f = tmp_path / "station.csv"
    f.write_bytes(_station_csv("gbk"))
    p = _run(*COMMANDS["check"](str(f), store), "--encoding", "utf-8", cwd=tmp_path)
    assert "not valid utf-8" in _one_line(p.returncode, p.stderr)


# -- one date parser for every date option -------------------------------------------------------
def _date_options() -> list[tuple[str, click.Parameter]]:
    """Every option of every command (plugin commands included) that takes a date: named
    ``on``, ``due`` or ``effective_from``, or saying YYYY-MM-DD in its help."""
    ctx = click.Context(main, obj=None)
    out: list[tuple[str, click.Parameter]] = []

    def walk(cmd: click.Command, path: str) -> None:
        if isinstance(cmd, click.Group):
            for name in cmd.list_commands(ctx):
                sub = cmd.get_command(ctx, name)
                if sub is not None:
                    walk(sub, f"{path} {name}".strip())
        for p in cmd.params:
            help_ = getattr(p, "help", None) or ""
            if p.name in ("on", "due", "effective_from") or (
                "YYYY-MM-DD" in help_ and "YYYY-MM-DD HH" not in help_
            ):
                out.append((path, p))

    walk(main, "")
    return out


def test_every_date_option_uses_the_one_date_parser() -> None:
    """Before: `report --on` read its date with ``date.fromisoformat``, which takes 19900101."""
    found = _date_options()
    assert {path for path, _ in found} >= {"explain", "report", "store import", "pay arrears"}
    wrong = [f"{path} --{p.name}" for path, p in found if p.type is not DATE]
    assert not wrong, wrong


@pytest.mark.parametrize(
    "args",
    [
        ("report", "roster", "-o", "-", "--format", "text", "--on"),
        ("explain", str(REPO / "examples" / "person_disabled_veteran.toml"), "--on"),
        ("params", "show", "disability_pension.standard", "--on"),
    ],
    ids=["report", "explain", "params show"],
)
@pytest.mark.parametrize("value", ["19900101", "2025-W10-1", "9999-12-31"])
def test_a_compact_or_out_of_range_date_is_refused_in_one_line(
    tmp_path: Path, args: tuple[str, ...], value: str
) -> None:
    p = _run(*args, value, cwd=tmp_path)
    line = _one_line(p.returncode, p.stderr)
    assert "--on" in line and ("YYYY-MM-DD" in line or "out of range" in line), line


# -- no traceback on bad files, every command ---------------------------------------------------
def _deep(suffix: str, depth: int) -> bytes:
    if suffix == ".json":
        return (f'{{"{MARKER}": ' + "[" * depth + "]" * depth + "}").encode()
    return (f'a = "{MARKER}"\nb = ' + "[" * depth + "]" * depth + "\n").encode()


CONTENT = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=200).map(lambda t: (MARKER + t).encode("gbk", errors="ignore")),
    st.text(max_size=200).map(lambda t: (MARKER + t).encode("utf-8")),
    st.integers(1, 200_000).map(lambda d: _deep(".json", d)),
    st.integers(1, 200_000).map(lambda d: _deep(".toml", d)),
    st.integers(4_000, 6_000).map(lambda d: f'{{"disability_level": 1{"0" * d}}}'.encode()),
    st.integers(4_000, 6_000).map(lambda d: f"disability_level = 1{'0' * d}\n".encode()),
    st.sampled_from(["birth_date", "died_on", "effective_from", "enlisted_on"]).map(
        lambda k: f'{k} = 9999-12-31\nx = "{MARKER}"\n'.encode()
    ),
    st.lists(st.text(max_size=12), min_size=1, max_size=6).map(
        lambda cells: (
            "id,name,division\r\n" + ",".join(f'"{c}\n{MARKER}"' for c in cells) + "\r\n"
        ).encode("utf-8")
    ),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=12),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(["birth_date", "value", "parameter", "id", "kind", "x"]), inner
            )
        ),
        max_leaves=8,
    ).map(lambda v: json.dumps(v).encode()),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    content=CONTENT,
    suffix=st.sampled_from([".toml", ".json", ".csv"]),
    command=st.sampled_from(sorted(COMMANDS)),
)
def test_property_no_command_prints_a_traceback(
    tmp_path_factory: pytest.TempPathFactory, store: str, content: bytes, suffix: str, command: str
) -> None:
    f = tmp_path_factory.mktemp("gen") / f"input{suffix}"
    f.write_bytes(content)
    result = CliRunner().invoke(main, COMMANDS[command](str(f), store), env=ENV)
    # an exception that escaped the command is what a user sees as a traceback
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        command,
        repr(result.exception),
    )
    assert result.exit_code in (0, 1, 2), (command, result.exit_code)
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        _one_line(2, result.stderr)
        if not _decodes(content, suffix):  # refused whole: nothing of it is shown
            assert MARKER not in result.stderr and MARKER not in result.stdout


# the generated kinds above, each on every command at least once (the property samples them;
# `cases run` on a 4,401-digit integer printed a traceback and went unnoticed)
HUGE_INTEGER = "1" + "0" * 4_400
HOSTILE = {
    "huge-int.toml": f'disability_level = {HUGE_INTEGER}\nx = "{MARKER}"\n'.encode(),
    "huge-int.json": f'{{"disability_level": {HUGE_INTEGER}, "x": "{MARKER}"}}'.encode(),
    "deep.toml": _deep(".toml", 100_000),
    "deep.json": _deep(".json", 100_000),
    "malformed.toml": f'x = "{MARKER}"\ny = [\n'.encode(),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_every_command_refuses_each_hostile_file_in_one_line(
    tmp_path: Path, store: str, command: str, name: str
) -> None:
    f = tmp_path / name
    f.write_bytes(HOSTILE[name])
    result = CliRunner().invoke(main, COMMANDS[command](str(f), store), env=ENV)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        command,
        repr(result.exception),
    )
    assert "Traceback" not in result.output
    assert result.exit_code == 2, (command, result.exit_code, result.output[-1000:])
    line = _one_line(2, result.stderr)
    assert MARKER not in result.stderr and MARKER not in result.stdout
    # the file is named once (`cases run` printed the path twice on a REFUSED line)
    assert line.count(str(f)) == 1, line


def test_cases_run_reports_a_huge_integer_and_carries_on(tmp_path: Path) -> None:
    """The issue's repro as a user runs it: one REFUSED line per bad file, the good file
    still runs, counts at the end, exit 2."""
    d = tmp_path / "d"
    d.mkdir()
    (d / "big.toml").write_text(f"x = {HUGE_INTEGER}\n", encoding="utf-8")
    (d / "good.toml").write_text(
        (REPO / "tests/cases/national/privileges.toml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    p = _run("cases", "run", str(d), cwd=tmp_path)
    assert p.returncode == 2, p.stderr
    assert "Traceback" not in p.stderr
    refused = [ln for ln in p.stderr.splitlines() if ln.startswith("REFUSED")]
    assert refused == [
        f"REFUSED {d / 'big.toml'}: (toml): 数值过大（整数超过 4300 位）/ a number too large "
        "(an integer of more than 4,300 digits)"
    ]
    last = p.stdout.strip().splitlines()[-1]
    assert last.endswith(" passed, 0 failed, 1 refused") and not last.startswith("0 "), last


def _decodes(content: bytes, suffix: str) -> bool:
    """Whether a command reads the file as text at all: UTF-8 always, and GB18030 for a CSV (the
    encoding Excel writes, detected by the intake), whose headers an error may then name."""
    for encoding in ("utf-8", "gb18030") if suffix == ".csv" else ("utf-8",):
        try:
            content.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda p: p.symlink_to("/dev/zero"), id="dev-zero"),
        pytest.param(lambda p: (p.touch(), os.truncate(p, 3 << 30)), id="3GiB-sparse"),
        pytest.param(lambda p: p.write_bytes(MARKER.encode("gbk") + b"\xff\n"), id="bad-gbk"),
    ],
)
def test_devices_oversized_and_undecodable_files_are_one_line(
    tmp_path: Path, store: str, command: str, make: Callable[[Path], object]
) -> None:
    f = tmp_path / ("input.csv" if command in ("check", "report", "store import") else "in.toml")
    make(f)
    p = _run(*COMMANDS[command](str(f), store), cwd=tmp_path)
    line = _one_line(p.returncode, p.stderr)
    assert MARKER not in line and MARKER not in p.stdout
