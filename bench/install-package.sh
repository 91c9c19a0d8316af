#!/usr/bin/env bash
# Packs this project and installs the tarball into a fresh n8n user folder, exactly the way
# test/e2e/run.sh does it (which mirrors n8n 2.40.7's CommunityPackagesService.downloadPackage):
# extract into <user>/.n8n/nodes/node_modules/<pkg>, drop dev/peer/optional dependencies, npm install
# --install-strategy=shallow --ignore-scripts inside the package folder, record it in nodes/package.json.
# The peer n8n-workflow is not installed next to it: n8n puts its own modules on NODE_PATH.
#
# usage: bash bench/install-package.sh <work dir>   (creates <work dir>/pack and <work dir>/user)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
work="${1:?usage: install-package.sh <work dir>}"
user_folder="$work/user"
pkg_name="$(node -p "require('$root/package.json').name")"

rm -rf "$work/pack" "$user_folder"
mkdir -p "$work/pack" "$user_folder/.n8n/nodes"

tgz_name="$(cd "$root" && npm pack --ignore-scripts --silent --pack-destination "$work/pack" | tail -n 1)"
tgz="$work/pack/$tgz_name"
[ -f "$tgz" ] || { echo "[bench] npm pack did not produce $tgz" >&2; exit 1; }
echo "[bench] packed $tgz_name ($(du -k "$tgz" | cut -f1) kB)"

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
echo "[bench] installed $pkg_name into $nodes_dir"
