#!/usr/bin/env bash
# Chaos run against a REAL n8n (what `npm run test:chaos` runs; `npm run build` must have run):
#   1. prepares test/chaos/.work (n8n install cached in test/e2e/.n8n-runtime, `npm pack`, the package
#      installed into a fresh user folder the way n8n installs a community package),
#   2. runs jest with test/chaos/jest.config.js (extra arguments go to jest, e.g. `-t 'static data'`).
# Logs of every n8n process are kept in test/chaos/.work/logs (wiped at the start of each run); the
# counts are printed at the end and written to test/chaos/.work/chaos-report.json.
# Tunables (environment): CHAOS_REPORTS (10), CHAOS_EXECUTIONS (50, spread over the reports),
# CHAOS_RUN_ITEMS (10 Report → Run items), CHAOS_SEED (fault PRNG seed), CHAOS_RESTART (1: restart
# n8n in the middle of the run; 0: no restart).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec bash "$here/../e2e/lib/run-suite.sh" "$here" "$here/.work" "$@"
