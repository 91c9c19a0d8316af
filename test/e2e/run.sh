#!/usr/bin/env bash
# End-to-end tests against a REAL n8n (what `npm run test:e2e` runs; `npm run build` must have run).
#   1. installs n8n (install-n8n.sh, cached in test/e2e/.n8n-runtime),
#   2. `npm pack`s this project,
#   3. creates a fresh n8n user folder under test/e2e/.work and installs the tarball into
#      <user folder>/.n8n/nodes exactly the way n8n 2.40.7 installs a community package,
#   4. runs jest with test/e2e/jest.config.js (extra arguments are passed on to jest).
# Logs of every n8n process are kept in test/e2e/.work/logs (wiped at the start of each run).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${E2E_WORK_DIR:-$here/.work}"
user_folder="$work/user"
pkg_name="$(node -p "require('$root/package.json').name")"

bash "$here/install-n8n.sh"

if [ ! -d "$root/dist" ]; then
  echo "[e2e] $root/dist is missing: run \`npm run build\` first" >&2
  exit 1
fi

rm -rf "$work"
mkdir -p "$work/pack" "$user_folder/.n8n/nodes"

echo "[e2e] npm pack…"
# --ignore-scripts: the build already ran; a prepack/prepare script must not rebuild behind our back.
tgz_name="$(cd "$root" && npm pack --ignore-scripts --silent --pack-destination "$work/pack" | tail -n 1)"
tgz="$work/pack/$tgz_name"
[ -f "$tgz" ] || { echo "[e2e] npm pack did not produce $tgz" >&2; exit 1; }
echo "[e2e] packed $tgz_name ($(du -k "$tgz" | cut -f1) kB)"

# Install like n8n 2.40.7 installs a community package (see install-package.sh for the details).
nodes_dir="$user_folder/.n8n/nodes"
bash "$here/install-package.sh" "$user_folder" "$tgz"
echo "[e2e] installed $pkg_name into $nodes_dir"

export E2E_WORK_DIR="$work"
export E2E_N8N_USER_FOLDER="$user_folder"
export E2E_PACKAGE_TGZ="$tgz"
cd "$root"
exec node "$root/node_modules/jest/bin/jest.js" -c "$here/jest.config.js" --runInBand "$@"
