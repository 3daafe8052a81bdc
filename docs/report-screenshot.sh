#!/bin/sh
# Rebuilds docs/report.png: the sample data checked over a few weeks, then the report of it,
# photographed by headless Chromium. Run from the repository root.
set -eu
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cargo build -q
at() { now=$1; shift; CLAIMTRACK_NOW="$now" CLAIMTRACK_DB="$dir/claims.db" CLAIMTRACK_USER=ana TZ=UTC target/debug/claimtrack "$@" >/dev/null; }
at 2025-08-16T09:00:00Z ingest sample_data/alaska-summit-claims.jsonl
at 2025-08-19T10:00:00Z dispute 3 --verdict false --reason "No agreement was published" --evidence https://example.org/kremlin-readout
at 2025-08-19T11:00:00Z verify 1 --verdict mostly_true --evidence https://example.org/transcript
at 2025-08-20T10:00:00Z note 7 "Ask the White House which issues are left" --follow-up 2025-08-25
at 2025-08-20T10:00:00Z review 12
at 2025-08-26T10:00:00Z dispute 8 --verdict mostly_false --label Misleading --evidence https://example.org/ukraine-forces
at 2025-08-27T10:00:00Z verify 15 --verdict true --evidence https://example.org/putin-moscow-remark
at 2025-09-02T10:00:00Z status 10 unverifiable --reason "An opinion"
at 2025-09-03T10:00:00Z dispute 11 --verdict mixed
at 2025-09-03T12:00:00Z dispute 16 --verdict fabricated --evidence https://example.org/no-heat
at 2025-09-10T09:00:00Z report -o "$dir/report.html" --title "Alaska summit claims"
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --user-data-dir="$dir/profile" \
  --screenshot=docs/report.png --window-size=1200,1600 "file://$dir/report.html" 2>/dev/null
cp "$dir/report.html" docs/report-sample.html
