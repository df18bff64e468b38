#!/usr/bin/env bash
# Developer set-up and the two README commands, from a fresh clone on a machine that has only
# python3 and pip (Debian 12: python3-venv may be missing, and PEP 668 forbids system installs).
#
#   bash tools/dev.sh demo [ARGS...]   install the package (+ the example district plugin) and
#                                      run `shuangyong demo ARGS...`
#   bash tools/dev.sh test [ARGS...]   install everything editable and run the whole test suite
#                                      (`python -m pytest ARGS...`); exits with pytest's status,
#                                      and "no tests collected" (pytest's 5) is a failure
#
# Environment: PYTHON (default python3) picks the interpreter that builds the virtualenv;
# SHUANGYONG_VENV (default .venv) its location; SHUANGYONG_TEST_PG_URL the PostgreSQL server
# the shuangyong-sql tests use (`bash tools/pg-start.sh` prints one; unset, they skip, except
# under CI=true, where they fail). The shuangyong-office tests need Noto CJK fonts, poppler-utils
# and WeasyPrint's system libraries: `test` installs them with tools/fonts-install.sh when run as
# root with apt-get (elsewhere those tests skip, except under CI=true, where they fail).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
VENV="${SHUANGYONG_VENV:-.venv}"
PLUGIN_DIR="plugins/shuangyong-henan"
SQL_PLUGIN_DIR="plugins/shuangyong-sql"
OFFICE_PLUGIN_DIR="plugins/shuangyong-office"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'tools/dev.sh: error: %s\n' "$*" >&2; exit 1; }

usage() {
    sed -n '5,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

venv_ok() {
    [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -m pip --version >/dev/null 2>&1
}

# Create $VENV unless a working one exists. Order: the stdlib venv module; as root on Debian,
# install python3-venv and retry; finally virtualenv from PyPI into the user site (the only pip
# install outside a venv that PEP 668 allows, and only with --break-system-packages).
ensure_venv() {
    if venv_ok; then
        return 0
    fi
    command -v "$PYTHON" >/dev/null 2>&1 || die "$PYTHON not found: install Python 3.11 or newer"
    "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
        || die "$("$PYTHON" -V 2>&1) is too old: shuangyong needs Python 3.11 or newer"
    # a half-made venv (python3 -m venv without ensurepip leaves one) would block the retries
    rm -rf "$VENV"
    say "creating virtualenv $VENV with $PYTHON -m venv"
    if "$PYTHON" -m venv "$VENV" && venv_ok; then
        return 0
    fi
    rm -rf "$VENV"
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "the venv module is missing: installing python3-venv with apt-get (running as root)"
        if DEBIAN_FRONTEND=noninteractive apt-get update -qq \
            && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv \
            && "$PYTHON" -m venv "$VENV" && venv_ok; then
            return 0
        fi
        rm -rf "$VENV"
    fi
    say "falling back to virtualenv installed with pip --user"
    if ! "$PYTHON" -m pip install --user --quiet --no-warn-script-location --break-system-packages virtualenv; then
        # pip older than 23.0.1 has no --break-system-packages (and no PEP 668 either)
        "$PYTHON" -m pip install --user --quiet --no-warn-script-location virtualenv \
            || die "could not install virtualenv; install python3-venv (apt-get install python3-venv) and retry"
    fi
    "$PYTHON" -m virtualenv --quiet "$VENV" || die "virtualenv could not create $VENV"
    venv_ok || die "$VENV has no working pip"
}

pip_install() {
    say "pip install $*"
    "$VENV/bin/python" -m pip install --quiet "$@"
}

has_plugin() {
    [ -f "$PLUGIN_DIR/pyproject.toml" ]
}

# A fingerprint of what `demo` installs: the interpreter and every file of the package and the
# example plugin (sources, package data, build files). Unchanged, the install is skipped: a
# second `demo` starts in a second, not after a full rebuild of both wheels.
demo_fingerprint() {
    {
        "$VENV/bin/python" -VV
        find pyproject.toml src "$PLUGIN_DIR" -type f ! -path '*/__pycache__/*' \
            ! -name '*.pyc' ! -path '*.egg-info/*' ! -path '*/build/*' -print0 2>/dev/null \
            | LC_ALL=C sort -z | xargs -0 sha256sum
    } | sha256sum | cut -d' ' -f1
}

cmd_demo() {
    ensure_venv
    local stamp="$VENV/.shuangyong-demo-installed" want
    want="$(demo_fingerprint)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$VENV/bin/shuangyong" ]; then
        say "package unchanged since the last install: not reinstalling"
    elif has_plugin; then
        pip_install . "./$PLUGIN_DIR"
        printf '%s\n' "$want" >"$stamp"
    else
        say "note: $PLUGIN_DIR has no pyproject.toml yet; running with the national rules only"
        pip_install .
        printf '%s\n' "$want" >"$stamp"
    fi
    say "shuangyong demo${*:+ $*}"
    exec "$VENV/bin/shuangyong" demo "$@"
}

cmd_test() {
    ensure_venv
    local extra=()
    if [ -f "$SQL_PLUGIN_DIR/pyproject.toml" ]; then
        # the PostgreSQL storage backend; its tests (under plugins/, in testpaths) need it
        extra=(-e "./$SQL_PLUGIN_DIR")
    fi
    if [ -f "$OFFICE_PLUGIN_DIR/pyproject.toml" ]; then
        # the xlsx/docx/PDF report formats, with their test extra (Pillow reads the PDF's PNG)
        extra+=(-e "./$OFFICE_PLUGIN_DIR[test]")
        # fonts, poppler-utils and WeasyPrint's libraries come from Debian, not pip: installed
        # as root (CI is root); elsewhere the script names what is missing and the tests skip
        if ! bash tools/fonts-install.sh; then
            if [ "${CI:-}" = "true" ] || { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }; then
                die "tools/fonts-install.sh failed (CI, or root with apt-get, must have what it installs)"
            fi
            say "note: fonts or PDF tools are missing (see above): the office PDF tests will be skipped"
        fi
    fi
    if has_plugin; then
        pip_install -e ".[test,docs,arrow,pandas]" -e "./$PLUGIN_DIR" ${extra[@]+"${extra[@]}"}
    else
        say "note: $PLUGIN_DIR has no pyproject.toml yet; testing without it"
        pip_install -e ".[test,docs,arrow,pandas]" ${extra[@]+"${extra[@]}"}
    fi
    # the PostgreSQL backend's tests need a real server: start Debian's cluster unless a URL is
    # given (as root this installs PostgreSQL with apt-get; elsewhere they skip, except in CI)
    if [ -z "${SHUANGYONG_TEST_PG_URL:-}" ] && [ -f "$SQL_PLUGIN_DIR/pyproject.toml" ]; then
        local pg_url=""
        if pg_url="$(bash tools/pg-start.sh)"; then
            export SHUANGYONG_TEST_PG_URL="$pg_url"
            say "PostgreSQL tests use a local server (tools/pg-start.sh)"
        elif [ "${CI:-}" = "true" ]; then
            die "tools/pg-start.sh could not start PostgreSQL, which CI requires"
        else
            say "note: no PostgreSQL server (tools/pg-start.sh failed): its tests will be skipped"
        fi
    fi
    say "python -m pytest${*:+ $*}"
    local rc=0
    "$VENV/bin/python" -m pytest "$@" || rc=$?
    if [ "$rc" -eq 5 ]; then
        die "pytest collected no tests (exit status 5): treating that as a failure"
    fi
    if [ "$rc" -ne 0 ]; then
        say "pytest failed with exit status $rc"
    fi
    return "$rc"
}

[ $# -ge 1 ] || usage
command="$1"
shift
case "$command" in
    demo) cmd_demo "$@" ;;
    test) cmd_test "$@" ;;
    -h|--help|help) usage ;;
    *) printf 'tools/dev.sh: unknown command %q\n' "$command" >&2; usage ;;
esac
