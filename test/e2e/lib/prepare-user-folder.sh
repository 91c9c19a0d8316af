#!/usr/bin/env bash
# Prepares a work folder for a real-n8n test run: used by test/e2e/run.sh, test/chaos/run.sh and
# test/queue/run.sh, each with its own work folder, so that several suites can run at the same time
# without wiping each other's folders:
#   prepare-user-folder.sh <work dir>
#   1. installs n8n (test/e2e/install-n8n.sh, cached in test/e2e/.n8n-runtime),
#   2. `npm pack`s the project (dist/ must have been built) into <work dir>/pack and installs the
#      tarball into <work dir>/user/.n8n/nodes like n8n 2.40.7's CommunityPackagesService.downloadPackage
#      (both by test/e2e/install-package.sh).
# <work dir> is wiped first. Prints nothing on stdout but progress lines prefixed with [prepare].
set -euo pipefail
work="${1:?usage: prepare-user-folder.sh <work dir>}"
lib="$(cd "$(dirname "$0")" && pwd)"
e2e="$(cd "$lib/.." && pwd)"
root="$(cd "$e2e/../.." && pwd)"

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
mkdir -p "$work"
# Without a tarball argument install-package.sh packs the project into <user folder>/../pack first.
bash "$e2e/install-package.sh" "$work/user"
tgz="$(ls "$work"/pack/*.tgz)"
echo "[prepare] installed $(basename "$tgz") ($(du -k "$tgz" | cut -f1) kB) into $work/user/.n8n/nodes"
