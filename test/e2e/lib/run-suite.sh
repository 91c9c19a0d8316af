#!/usr/bin/env bash
# The common part of the real-n8n suites' run.sh (test/e2e, test/chaos, test/queue): a fresh work
# folder with the packed package installed (prepare-user-folder.sh), then jest with the suite's
# jest.config.js, in band, from the project root. The work folder is the suite's own, so that suites
# can run side by side.
#   run-suite.sh <suite dir> <work dir> [jest arguments…]
set -euo pipefail
usage="usage: run-suite.sh <suite dir> <work dir> [jest arguments…]"
suite="${1:?$usage}"
work="${2:?$usage}"
shift 2
lib="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$lib/../../.." && pwd)"
# jest runs from the project root: a relative work folder must not change meaning there.
case "$work" in /*) ;; *) work="$PWD/$work" ;; esac

bash "$lib/prepare-user-folder.sh" "$work"

export E2E_WORK_DIR="$work"
export E2E_N8N_USER_FOLDER="$work/user"
E2E_PACKAGE_TGZ="$(ls "$work"/pack/*.tgz)"
export E2E_PACKAGE_TGZ
cd "$root"
exec node "$root/node_modules/jest/bin/jest.js" -c "$suite/jest.config.js" --runInBand "$@"
