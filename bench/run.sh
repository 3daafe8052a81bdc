#!/usr/bin/env bash
# Benchmark claimtrack against the tools a user would otherwise reach for, on generated data.
#   bench/run.sh [N] [--profile desk|monitoring] [--baseline REV] [--previous README.md]
#                                       N claims (default 1,000,000); data is generated once into
#                                       bench/data/. --profile shapes the load (gen_claims: desk, the
#                                       default, or monitoring). --baseline REV also ingests with the
#                                       binary of commit REV (built in bench/baseline/), side by side.
#   bench/run.sh [N] --pg URL [--claims M]
#                                       claimtrack on PostgreSQL instead (bench/pg.py): the first M
#                                       (default 20,000) of the N claims, on the server at URL;
#                                       query commands against psql replaying the SQL each sent,
#                                       read from the server log (URL must be a superuser's).
#   bench/run.sh [N] --match [--claims M] [--pg URL]
#                                       match on M (default 100,000) checked claims of the N
#                                       (bench/match/speed.py): each query against the sqlite3
#                                       shell's plain BM25 on the same database.
# Needs: cargo, python3, sqlite3 (Debian package sqlite3), and sqlite-utils (installed into
# bench/.venv from PyPI when missing). Prints one table: our figure, the reference, the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
ARGS=("${@:2}")
PROFILE=desk
if [ "${ARGS[0]:-}" = "--profile" ]; then
  PROFILE=${ARGS[1]:?--profile needs desk or monitoring}
  ARGS=("${ARGS[@]:2}")
fi

cargo build --release --quiet --bin claimtrack --example gen_claims
command -v sqlite3 >/dev/null || { echo "bench: needs the sqlite3 shell (apt-get install sqlite3)" >&2; exit 1; }
if ! command -v sqlite-utils >/dev/null; then
  if [ ! -x bench/.venv/bin/sqlite-utils ]; then
    python3 -m venv bench/.venv
    bench/.venv/bin/pip install --quiet sqlite-utils
  fi
  export PATH="$PWD/bench/.venv/bin:$PATH"
fi

mkdir -p bench/data
DATA="bench/data/claims-$N"
[ "$PROFILE" = desk ] || DATA="bench/data/claims-$PROFILE-$N"
if [ ! -s "$DATA.jsonl" ] || [ ! -s "$DATA.csv" ]; then
  echo "generating $N claims ($PROFILE) into $DATA.jsonl ..." >&2
  target/release/examples/gen_claims --claims "$N" --profile "$PROFILE" --csv "$DATA.csv" > "$DATA.jsonl"
fi
EXTRA=()
if [ "${ARGS[0]:-}" = "--pg" ]; then
  command -v psql >/dev/null || { echo "bench: --pg needs psql (apt-get install postgresql-client)" >&2; exit 1; }
  exec python3 bench/pg.py --bin target/release/claimtrack --jsonl "$DATA.jsonl" --csv "$DATA.csv" --url "${ARGS[1]:?--pg needs a URL}" "${ARGS[@]:2}"
fi
if [ "${ARGS[0]:-}" = "--match" ]; then
  exec python3 bench/match/speed.py --bin target/release/claimtrack --jsonl "$DATA.jsonl" "${ARGS[@]:1}"
fi
if [ "${ARGS[0]:-}" = "--baseline" ]; then
  REV=${ARGS[1]:?--baseline needs a commit}
  ARGS=("${ARGS[@]:2}")
  rm -rf bench/baseline && git worktree prune
  git worktree add --detach bench/baseline "$REV" >/dev/null
  (cd bench/baseline && CARGO_TARGET_DIR="$PWD/../baseline-target" cargo build --release --quiet --bin claimtrack)
  EXTRA=(--baseline bench/baseline-target/release/claimtrack --baseline-name "$(git rev-parse --short "$REV")")
fi
exec python3 bench/compare.py --bin target/release/claimtrack --jsonl "$DATA.jsonl" --csv "$DATA.csv" --profile "$PROFILE" "${EXTRA[@]}" "${ARGS[@]}"
