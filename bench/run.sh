#!/usr/bin/env bash
# `npm run bench`: performance of Execution → Download in a REAL n8n 2.40.7 against the emulator.
# Prints figures and same-run ratios against curl and n8n's Extract From File; never fails on a
# missed target (exit 0 unless the bench itself breaks). `npm run build` must have run.
# Options (environment): BENCH_FILE_MB (default 1024), BENCH_ROWS (default 1000000),
# BENCH_REPEAT (default 3), BENCH_SKIP_FILE=1, BENCH_SKIP_ROWS=1, BENCH_ROWS_HEAP_MB (default 8192).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
work="$here/.work"

# n8n 2.40.7 on Node 24, shared with the e2e tests (cached in test/e2e/.n8n-runtime).
bash "$root/test/e2e/install-n8n.sh"

if [ ! -d "$root/dist" ]; then
  echo "[bench] $root/dist is missing: run \`npm run build\` first" >&2
  exit 1
fi

rm -rf "$work"
mkdir -p "$work"
bash "$here/install-package.sh" "$work"

export E2E_WORK_DIR="$work"
export E2E_N8N_USER_FOLDER="$work/user"
cd "$root"
exec node "$here/bench.js" "$@"
