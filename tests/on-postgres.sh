#!/usr/bin/env bash
# The CLI suite (tests/cli) on PostgreSQL: every test's database a fresh one on a server instead
# of a SQLite file, less the tests tests/cli/skip-on-postgres.txt names (each with why).
#
# Starts a throwaway cluster from the machine's initdb (a temp folder, a Unix socket, no TCP; as
# the postgres user when run as root), or uses the server CLAIMTRACK_TEST_PG names (its role must
# be able to create databases and roles, and the roles it makes must log in without a password).
#
#   tests/on-postgres.sh                 cargo test --test cli
#   tests/on-postgres.sh undo            the same with a filter (any arguments go to the tests)
#   tests/on-postgres.sh nextest [ARGS]  cargo nextest run --test cli
set -euo pipefail
cd "$(dirname "$0")/.."

runner=test
if [ "${1:-}" = nextest ]; then
    runner=nextest
    shift
fi

# The tests to skip; each must still be a test of the suite, and be named whole.
mapfile -t skipped < <(grep -v '^[[:space:]]*\(#\|$\)' tests/cli/skip-on-postgres.txt | awk '{print $1}')
tests=$(cargo test --locked --test cli -q -- --list | sed -n 's/: test$//p')
for name in "${skipped[@]}"; do
    if [ "$(grep -cF -- "$name" <<<"$tests")" != 1 ] || ! grep -qxF -- "$name" <<<"$tests"; then
        echo "tests/cli/skip-on-postgres.txt: $name is not the whole name of one test" >&2
        exit 1
    fi
done

if [ -z "${CLAIMTRACK_TEST_PG:-}" ]; then
    # The folder with initdb and pg_ctl, as tests/cli/pg.rs finds it: on the PATH, else Debian's
    # newest.
    bin=
    IFS=: read -ra dirs <<<"$PATH"
    for dir in "${dirs[@]}"; do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            bin=$dir
            break
        fi
    done
    if [ -z "$bin" ]; then
        bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    fi
    if [ ! -x "$bin/initdb" ]; then
        echo "no PostgreSQL here (no initdb): apt install postgresql, or set CLAIMTRACK_TEST_PG=URL" >&2
        exit 1
    fi
    work=$(mktemp -d "${TMPDIR:-/tmp}/claimtrack-pgsuite-XXXXXX")
    mkdir "$work/socket"
    as=()
    if [ "$(id -u)" = 0 ]; then
        # initdb refuses root: the server runs as postgres, which needs to reach its folders.
        as=(runuser -u postgres --)
        chown postgres "$work" "$work/socket"
        chmod 755 "$work"
    fi
    stop() {
        "${as[@]}" "$bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
        rm -rf "$work"
    }
    trap stop EXIT
    "${as[@]}" "$bin/initdb" -D "$work/data" -A trust -U claimtrack -E UTF8 --locale=C.UTF-8 \
        --no-sync >/dev/null
    "${as[@]}" "$bin/pg_ctl" -D "$work/data" -l "$work/log" -w -o "-k $work/socket \
        -c listen_addresses= -p 5432 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null || { cat "$work/log" >&2; exit 1; }
    export CLAIMTRACK_TEST_PG="postgres://claimtrack@localhost:5432/postgres?host=$work/socket"
fi
export CLAIMTRACK_TEST_ENGINE=postgres

echo "The CLI suite on PostgreSQL (${#skipped[@]} tests skipped: tests/cli/skip-on-postgres.txt says why)"
if [ "$runner" = nextest ]; then
    filter=$(printf ' | test(=%s)' "${skipped[@]}")
    cargo nextest run --locked --test cli -E "not (${filter# | })" "$@"
else
    skips=()
    for name in "${skipped[@]}"; do
        skips+=(--skip "$name")
    done
    cargo test --locked --test cli -- "${skips[@]}" "$@"
fi
