#!/usr/bin/env bash
# Installs this project's packed tarball into an n8n user folder the way n8n 2.40.7 installs a
# community package (used by run.sh and by scripts/demo.sh).
#
#   bash test/e2e/install-package.sh <n8n user folder> [<tarball>]
#
# Without <tarball>, `npm pack`s the project (dist/ must be built) into <user folder>/../pack.
# The package ends up in <user folder>/.n8n/nodes/node_modules/<package name>; an earlier install of it
# there is replaced.
#
# How n8n 2.40.7 does it (CommunityPackagesService.downloadPackage in
# node_modules/n8n/dist/modules/community-packages/community-packages.service.js):
#   nodes/package.json {name:"installed-nodes",private:true,dependencies:{}};
#   extract the tarball into nodes/node_modules/<pkg> (tar --strip-components=1);
#   drop devDependencies, peerDependencies and optionalDependencies from its package.json;
#   `npm install --audit=false --fund=false --bin-links=false --install-strategy=shallow
#    --ignore-scripts=true --package-lock=false` inside the package directory;
#   record the version in nodes/package.json.
# The peer n8n-workflow is thus NOT installed next to the package: n8n puts its own module paths
# on NODE_PATH (load-nodes-and-credentials.js init()), so `require('n8n-workflow')` resolves to n8n's.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
user_folder="${1:?usage: install-package.sh <n8n user folder> [<tarball>]}"
tgz="${2:-}"
pkg_name="$(node -p "require('$root/package.json').name")"

mkdir -p "$user_folder"
user_folder="$(cd "$user_folder" && pwd)"
if [ -z "$tgz" ]; then
  [ -d "$root/dist" ] || { echo "[install-package] $root/dist is missing: run \`npm run build\` first" >&2; exit 1; }
  pack_dir="$(dirname "$user_folder")/pack"
  mkdir -p "$pack_dir"
  # --ignore-scripts: the build already ran; a prepack/prepare script must not rebuild behind our back.
  tgz_name="$(cd "$root" && npm pack --ignore-scripts --silent --pack-destination "$pack_dir" | tail -n 1)"
  tgz="$pack_dir/$tgz_name"
fi
[ -f "$tgz" ] || { echo "[install-package] no tarball at $tgz" >&2; exit 1; }

nodes_dir="$user_folder/.n8n/nodes"
pkg_dir="$nodes_dir/node_modules/$pkg_name"
mkdir -p "$nodes_dir"
[ -f "$nodes_dir/package.json" ] || echo '{"name":"installed-nodes","private":true,"dependencies":{}}' > "$nodes_dir/package.json"
rm -rf "$pkg_dir"
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
pj.dependencies = pj.dependencies || {};
pj.dependencies[name] = JSON.parse(fs.readFileSync(pkgJson, "utf8")).version;
fs.writeFileSync(f, JSON.stringify(pj, null, 2));
' "$nodes_dir/package.json" "$pkg_name" "$pkg_dir/package.json"
