#!/usr/bin/env bash
# Prepares a work folder for a real-n8n test run OTHER than test/e2e (used by test/chaos/run.sh and
# test/queue/run.sh), the same way test/e2e/run.sh does it, so that several suites can run at the same
# time without wiping each other's folders:
#   prepare-user-folder.sh <work dir>
#   1. installs n8n (test/e2e/install-n8n.sh, cached in test/e2e/.n8n-runtime),
#   2. `npm pack`s the project (dist/ must have been built) into <work dir>/pack,
#   3. installs the tarball into <work dir>/user/.n8n/nodes like n8n 2.40.7's
#      CommunityPackagesService.downloadPackage (test/e2e/install-package.sh).
# <work dir> is wiped first. Prints nothing on stdout but progress lines prefixed with [prepare].
set -euo pipefail
work="${1:?usage: prepare-user-folder.sh <work dir>}"
lib="$(cd "$(dirname "$0")" && pwd)"
e2e="$(cd "$lib/.." && pwd)"
root="$(cd "$e2e/../.." && pwd)"
user_folder="$work/user"
pkg_name="$(node -p "require('$root/package.json').name")"

bash "$e2e/install-n8n.sh"

if [ ! -d "$root/dist" ]; then
  echo "[prepare] $root/dist is missing: run \`npm run build\` first" >&2
  exit 1
fi
newer="$(find "$root/nodes" "$root/credentials" -type f -newer "$root/dist/package.json" 2>/dev/null | head -n 3 || true)"
if [ -n "$newer" ]; then
  echo "[prepare] warning: sources are newer than dist/ (e.g. ${newer//$'\n'/, }); run \`npm run build\` to test them" >&2
fi

rm -rf "$work"
mkdir -p "$work/pack" "$user_folder/.n8n/nodes"
tgz_name="$(cd "$root" && npm pack --ignore-scripts --silent --pack-destination "$work/pack" | tail -n 1)"
tgz="$work/pack/$tgz_name"
[ -f "$tgz" ] || { echo "[prepare] npm pack did not produce $tgz" >&2; exit 1; }
echo "[prepare] packed $tgz_name ($(du -k "$tgz" | cut -f1) kB)"

nodes_dir="$user_folder/.n8n/nodes"
if [ -f "$e2e/install-package.sh" ]; then
  # The same install as test/e2e/run.sh (n8n 2.40.7's CommunityPackagesService.downloadPackage).
  bash "$e2e/install-package.sh" "$user_folder" "$tgz"
else
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
fi
echo "[prepare] installed $pkg_name into $nodes_dir"
