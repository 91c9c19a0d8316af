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
work="$here/.work"
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

# --- install like n8n 2.40.7 does (CommunityPackagesService.downloadPackage in
# node_modules/n8n/dist/modules/community-packages/community-packages.service.js):
#   nodes/package.json {name:"installed-nodes",private:true,dependencies:{}};
#   extract the tarball into nodes/node_modules/<pkg> (tar --strip-components=1);
#   drop devDependencies, peerDependencies and optionalDependencies from its package.json;
#   `npm install --audit=false --fund=false --bin-links=false --install-strategy=shallow
#    --ignore-scripts=true --package-lock=false` inside the package directory;
#   record the version in nodes/package.json.
# The peer n8n-workflow is thus NOT installed next to the package: n8n puts its own module paths
# on NODE_PATH (load-nodes-and-credentials.js init()), so `require('n8n-workflow')` resolves to n8n's.
nodes_dir="$user_folder/.n8n/nodes"
pkg_dir="$nodes_dir/node_modules/$pkg_name"
echo '{"name":"installed-nodes","private":true,"dependencies":{}}' > "$nodes_dir/package.json"
mkdir -p "$pkg_dir"
tar -xzf "$tgz" -C "$pkg_dir" --strip-components=1
node -e '
const fs = require("fs"); const f = process.argv[1];
const { devDependencies, peerDependencies, optionalDependencies, ...pj } = JSON.parse(fs.readFileSync(f, "utf8"));
fs.writeFileSync(f, JSON.stringify(pj, null, 2));
' "$pkg_dir/package.json"
(cd "$pkg_dir" && npm install --audit=false --fund=false --bin-links=false --install-strategy=shallow \
  --ignore-scripts=true --package-lock=false --loglevel=error)
node -e '
const fs = require("fs"); const [f, name, pkgJson] = process.argv.slice(1);
const pj = JSON.parse(fs.readFileSync(f, "utf8"));
pj.dependencies[name] = JSON.parse(fs.readFileSync(pkgJson, "utf8")).version;
fs.writeFileSync(f, JSON.stringify(pj, null, 2));
' "$nodes_dir/package.json" "$pkg_name" "$pkg_dir/package.json"
echo "[e2e] installed $pkg_name into $nodes_dir"

export E2E_WORK_DIR="$work"
export E2E_N8N_USER_FOLDER="$user_folder"
export E2E_PACKAGE_TGZ="$tgz"
cd "$root"
exec node "$root/node_modules/jest/bin/jest.js" -c "$here/jest.config.js" --runInBand "$@"
