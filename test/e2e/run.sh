#!/usr/bin/env bash
# End-to-end tests against a REAL n8n (what `npm run test:e2e` runs; `npm run build` must have run),
# through lib/run-suite.sh:
#   1. lib/prepare-user-folder.sh: installs n8n (install-n8n.sh, cached in test/e2e/.n8n-runtime),
#      `npm pack`s this project, creates a fresh n8n user folder under test/e2e/.work and installs the
#      tarball into <user folder>/.n8n/nodes exactly the way n8n 2.40.7 installs a community package
#      (install-package.sh),
#   2. runs jest with test/e2e/jest.config.js (extra arguments are passed on to jest).
# Logs of every n8n process are kept in test/e2e/.work/logs (wiped at the start of each run).
# E2E_WORK_DIR=/some/dir runs it in another work folder.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec bash "$here/lib/run-suite.sh" "$here" "${E2E_WORK_DIR:-$here/.work}" "$@"
