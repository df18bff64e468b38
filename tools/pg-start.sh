#!/usr/bin/env bash
# Start a local PostgreSQL server for the shuangyong-sql tests and print its URL on stdout.
#
#   url="$(bash tools/pg-start.sh)"     # then: export SHUANGYONG_TEST_PG_URL="$url"
#
# Idempotent: installs Debian's `postgresql` with apt-get when it is missing (root only), creates
# and starts the cluster with pg_createcluster / pg_ctlcluster when they are not there or not
# running, creates (or re-passwords) the role and its database, then checks a real login over TCP
# on 127.0.0.1 with the password before printing the URL. PostgreSQL's own tools (initdb, pg_ctl)
# refuse to run as root and CI runs as root, so Debian's wrappers do the work: they switch to the
# `postgres` user themselves. Any failure is loud: a message on stderr and a non-zero status.
#
# Environment (all optional): SHUANGYONG_PG_USER (default shuangyong), SHUANGYONG_PG_PASSWORD
# (default shuangyong-test: a throwaway local test cluster, reachable on 127.0.0.1 only),
# SHUANGYONG_PG_DB (default shuangyong_test).
set -euo pipefail

PG_USER="${SHUANGYONG_PG_USER:-shuangyong}"
PG_PASSWORD="${SHUANGYONG_PG_PASSWORD:-shuangyong-test}"
PG_DB="${SHUANGYONG_PG_DB:-shuangyong_test}"
CLUSTER="main"

say() { printf '==> pg-start: %s\n' "$*" >&2; }
die() { printf 'tools/pg-start.sh: error: %s\n' "$*" >&2; exit 1; }

# Role and database names are spliced into SQL below: allow identifiers only.
[[ "$PG_USER" =~ ^[a-z_][a-z0-9_]*$ ]] || die "SHUANGYONG_PG_USER=$PG_USER is not a plain identifier"
[[ "$PG_DB" =~ ^[a-z_][a-z0-9_]*$ ]] || die "SHUANGYONG_PG_DB=$PG_DB is not a plain identifier"
[[ "$PG_PASSWORD" != *"'"* ]] || die "SHUANGYONG_PG_PASSWORD must not contain a single quote"

as_postgres() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        sudo -n -u postgres -- "$@"
    fi
}

# 1. the server binaries and Debian's cluster tools
if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
    [ "$(id -u)" = 0 ] || die "PostgreSQL is not installed and this is not root: run 'apt-get install postgresql' as root"
    command -v apt-get >/dev/null 2>&1 || die "PostgreSQL is not installed and apt-get is missing"
    say "installing postgresql with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 \
        || die "apt-get install postgresql failed"
fi
# the newest installed major version
VERSION="$(ls /usr/lib/postgresql | sort -n | tail -n 1)"
[ -n "$VERSION" ] || die "no PostgreSQL version under /usr/lib/postgresql after installing"

# 2. the cluster: created if missing, started if down
if ! pg_lsclusters -h 2>/dev/null | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c {f = 1} END {exit !f}'; then
    say "creating cluster $VERSION/$CLUSTER"
    pg_createcluster "$VERSION" "$CLUSTER" >&2 || die "pg_createcluster $VERSION $CLUSTER failed"
fi
status="$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c {print $4}')"
if [ "$status" != "online" ]; then
    say "starting cluster $VERSION/$CLUSTER (was: ${status:-unknown})"
    # A server killed with SIGKILL (as CI ends what a session left running) leaves lock files
    # naming a process that may take a moment to disappear: the start is retried a few times.
    started=0
    for attempt in 1 2 3 4 5; do
        if pg_ctlcluster "$VERSION" "$CLUSTER" start >&2; then
            started=1
            break
        fi
        say "start attempt $attempt failed; retrying in 2 s"
        sleep 2
    done
    [ "$started" = 1 ] \
        || die "pg_ctlcluster $VERSION $CLUSTER start failed; see /var/log/postgresql/postgresql-$VERSION-$CLUSTER.log"
fi
PORT="$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c {print $3}')"
[ -n "$PORT" ] || die "cannot read the port of cluster $VERSION/$CLUSTER from pg_lsclusters"

# wait until it accepts connections (a cold start after a crash replays WAL first)
for _ in $(seq 1 60); do
    if as_postgres psql -p "$PORT" -d postgres -Atqc 'SELECT 1' >/dev/null 2>&1; then
        break
    fi
    sleep 0.5
done
as_postgres psql -p "$PORT" -d postgres -Atqc 'SELECT 1' >/dev/null \
    || die "cluster $VERSION/$CLUSTER on port $PORT does not accept connections"

# 3. the role (password reset every time, so a changed SHUANGYONG_PG_PASSWORD takes) and the db
as_postgres psql -p "$PORT" -d postgres -v ON_ERROR_STOP=1 -Atq >&2 <<SQL || die "could not create role $PG_USER"
DO \$\$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') THEN
        CREATE ROLE $PG_USER LOGIN;
    END IF;
END
\$\$;
ALTER ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD';
SQL
if [ "$(as_postgres psql -p "$PORT" -d postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != 1 ]; then
    say "creating database $PG_DB owned by $PG_USER"
    as_postgres psql -p "$PORT" -d postgres -v ON_ERROR_STOP=1 -Atqc \
        "CREATE DATABASE $PG_DB OWNER $PG_USER ENCODING 'UTF8' TEMPLATE template0" >&2 \
        || die "could not create database $PG_DB"
fi

# 4. prove the URL works the way the tests use it: TCP, password, no peer/trust shortcut
URL="postgresql://$PG_USER:$PG_PASSWORD@127.0.0.1:$PORT/$PG_DB"
PGPASSWORD="$PG_PASSWORD" psql "host=127.0.0.1 port=$PORT user=$PG_USER dbname=$PG_DB sslmode=disable" \
    -Atqc 'SELECT 1' >/dev/null \
    || die "cannot log in as $PG_USER over TCP on 127.0.0.1:$PORT with the password (pg_hba.conf?)"
say "PostgreSQL $VERSION/$CLUSTER ready on 127.0.0.1:$PORT, database $PG_DB, role $PG_USER"
printf '%s\n' "$URL"
