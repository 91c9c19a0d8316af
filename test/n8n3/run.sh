#!/usr/bin/env bash
# The n8n 3.0 defaults profile (`npm run test:n8n3`; `npm run build` must have run): n8n 2.40.7 started
# with the 3.0 defaults that 2.x already has (see n8n3.test.js), the packed package installed as n8n
# installs community packages (test/e2e/lib/run-suite.sh), in its own work folder test/n8n3/.work
# (N8N3_WORK_DIR=/some/dir moves it). Extra arguments go to jest.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
exec bash "$root/test/e2e/lib/run-suite.sh" "$here" "${N8N3_WORK_DIR:-$here/.work}" "$@"
