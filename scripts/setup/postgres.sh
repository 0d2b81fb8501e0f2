#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the PostgreSQL half of the conformance tests and exports its URL as
# WM_TEST_POSTGRES_URL (plus WM_TEST_POSTGRES_BIN, the folder of createdb). Sourced by scripts/test.sh.
# Uses the server binaries of Debian's `postgresql` package (.ci/run installs it); installs nothing itself.
# Leaves an already set WM_TEST_POSTGRES_URL alone. Without PostgreSQL the PostgreSQL tests skip and say so.
# The cluster lives in a temporary folder (a unix socket there, no TCP port) and is stopped and removed on exit.
if [ -n "${WM_TEST_POSTGRES_URL:-}" ]; then
    echo "setup: PostgreSQL tests use WM_TEST_POSTGRES_URL=$WM_TEST_POSTGRES_URL" >&2
else
    wm_pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    if [ -z "$wm_pg_bin" ] || [ ! -x "$wm_pg_bin/initdb" ]; then
        echo "setup: PostgreSQL is not installed (Debian: apt-get install postgresql); the PostgreSQL tests will skip" >&2
    else
        wm_pg_dir=$(mktemp -d /tmp/wm-postgres.XXXXXX)
        wm_pg_port=$(( 20000 + RANDOM % 20000 ))
        wm_pg_as=()
        # initdb refuses to run as root: the cluster then belongs to the postgres user.
        if [ "$(id -u)" -eq 0 ]; then
            chown postgres "$wm_pg_dir"
            wm_pg_as=(runuser -u postgres --)
        fi
        wm_pg_user=$([ "$(id -u)" -eq 0 ] && echo postgres || id -un)
        "${wm_pg_as[@]}" "$wm_pg_bin/initdb" -D "$wm_pg_dir/data" -U "$wm_pg_user" --auth=trust -E UTF8 --no-locale >/dev/null
        "${wm_pg_as[@]}" "$wm_pg_bin/pg_ctl" -D "$wm_pg_dir/data" -l "$wm_pg_dir/log" -w -o \
            "-k $wm_pg_dir -c listen_addresses='' -p $wm_pg_port -c max_connections=400" start >/dev/null
        "$wm_pg_bin/createdb" -h "$wm_pg_dir" -p "$wm_pg_port" -U "$wm_pg_user" wm_test
        export WM_TEST_POSTGRES_URL="postgres://$wm_pg_user@/wm_test?host=$wm_pg_dir&port=$wm_pg_port"
        export WM_TEST_POSTGRES_BIN="$wm_pg_bin"
        wm_pg_stop() {
            "${wm_pg_as[@]}" "$wm_pg_bin/pg_ctl" -D "$wm_pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
            rm -rf "$wm_pg_dir"
        }
        trap wm_pg_stop EXIT
        echo "setup: throwaway PostgreSQL cluster at $WM_TEST_POSTGRES_URL (stopped on exit)" >&2
    fi
fi
