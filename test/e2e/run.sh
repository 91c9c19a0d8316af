#!/usr/bin/env bash
# End-to-end tests against a REAL n8n (what `npm run test:e2e` runs; `npm run build` must have run),
# through lib/run-suite.sh:
#   1. lib/prepare-user-folder.sh: installs n8n (install-n8n.sh, cached in test/e2e/.n8n-runtime),
#      `npm pack`s this project, creates a fresh n8n user folder under test/e2e/.work and installs the
#      tarball into <user folder>/.n8n/nodes exactly the way n8n 2.40.7 installs a community package
#      (install-package.sh),
#   2. runs jest with test/e2e/jest.config.js (extra arguments are passed on to jest).
# PostgreSQL (Debian's package) is installed first when missing, as test/queue/run.sh does.
# Logs of every n8n process are kept in test/e2e/.work/logs (wiped at the start of each run).
# E2E_WORK_DIR=/some/dir runs it in another work folder.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# The example "large usage report → PostgreSQL in pages" writes into a private PostgreSQL instance
# (started by the test, as in test/queue): Debian's package, installed here when missing.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  as_root=""
  [ "$(id -u)" = "0" ] || as_root="sudo -n"
  if [ -z "$as_root" ] || sudo -n true 2>/dev/null; then
    echo "[e2e] installing postgresql from Debian's packages…"
    $as_root apt-get update -qq
    $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "[e2e] PostgreSQL is missing: sudo apt-get install -y postgresql" >&2
    exit 1
  fi
fi
exec bash "$here/lib/run-suite.sh" "$here" "${E2E_WORK_DIR:-$here/.work}" "$@"
