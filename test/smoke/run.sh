#!/usr/bin/env bash
# Smoke test of the packed package on ONE n8n version (test/smoke/smoke.test.js):
#   bash test/smoke/run.sh <n8n version> [jest arguments…]
# 1. installs that n8n (test/e2e/install-n8n.sh) on the Node.js version versions.json gives it, into its
#    own cached, git-ignored runtime folder test/e2e/.n8n-runtime-<version>; the e2e suites' version
#    (install-n8n.sh's default, 2.40.7) uses theirs, test/e2e/.n8n-runtime (or N8N_RUNTIME_DIR);
# 2. packs the project and installs the tarball into a fresh user folder test/smoke/.work/<version>
#    the way n8n installs a community package (test/e2e/lib/run-suite.sh → prepare-user-folder.sh);
# 3. runs jest with test/smoke/jest.config.js; the harness (test/e2e/lib/n8n.js) starts that version.
# `npm run build` must have run. `npm run test:versions` (run-all.sh) runs this for every listed version.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
e2e="$(cd "$here/../e2e" && pwd)"
version="${1:?usage: run.sh <n8n version> [jest arguments…]}"
shift
# The e2e suites' version: install-n8n.sh's default.
e2e_version="$(sed -n 's/^N8N_VERSION="${N8N_VERSION:-\(.*\)}"$/\1/p' "$e2e/install-n8n.sh")"
# The version's entry in versions.json: its Node.js version and npm overrides (one line each).
entry() {
  node -e '
const [file, v, key] = process.argv.slice(1);
const e = require(file).versions.find((x) => x.n8n === v) || {};
const value = e[key];
process.stdout.write(value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value));
' "$here/versions.json" "$version" "$1"
}
node_version="$(entry node)"
npm_overrides="$(entry npmOverrides)"
if [ "$version" = "$e2e_version" ]; then
  export N8N_RUNTIME_DIR="${N8N_RUNTIME_DIR:-$e2e/.n8n-runtime}"
else
  export N8N_RUNTIME_DIR="$e2e/.n8n-runtime-$version"
fi
export N8N_VERSION="$version"
# Unlisted versions (e.g. trying out a new one) run on install-n8n.sh's default Node.
if [ -n "$node_version" ]; then export N8N_NODE_VERSION="$node_version"; else unset N8N_NODE_VERSION; fi
if [ -n "$npm_overrides" ]; then export N8N_NPM_OVERRIDES="$npm_overrides"; else unset N8N_NPM_OVERRIDES; fi
echo "[smoke] n8n $version on Node ${node_version:-(install-n8n.sh default)} in $N8N_RUNTIME_DIR"
exec bash "$e2e/lib/run-suite.sh" "$here" "${SMOKE_WORK_DIR:-$here/.work/$version}" "$@"
