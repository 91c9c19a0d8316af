#!/usr/bin/env bash
# The browser suite (`npm run test:ui`; `npm run build` must have run): n8n's editor in headless
# Chromium (Debian's, through playwright-core; scripts/chromium.js installs it with apt-get when it is
# missing) against a real n8n 2.40.7 with the packed package installed as a user installs it, the
# Partner Center emulator, a mail sink and the example workflows. Through test/e2e/lib/run-suite.sh:
#   1. test/e2e/lib/prepare-user-folder.sh: n8n (cached in test/e2e/.n8n-runtime), `npm pack`, a fresh
#      user folder under test/ui/.work with the tarball installed like n8n installs a community package,
#   2. jest with test/ui/jest.config.js (extra arguments go to jest, e.g. -t 'node panel').
# Screenshots: test/ui/.screenshots/ (git-ignored). Logs of n8n: test/ui/.work/logs.
# UI_WORK_DIR=/some/dir runs it in another work folder.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec bash "$here/../e2e/lib/run-suite.sh" "$here" "${UI_WORK_DIR:-$here/.work}" "$@"
