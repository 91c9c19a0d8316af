#!/usr/bin/env bash
# `npm run test:versions`: the smoke suite (run.sh) on every n8n version of versions.json in turn, or on
# the versions given as arguments. Prints each version's install and run wall time and result, and exits
# non-zero when any failed. `npm run build` must have run.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ "$#" -gt 0 ]; then
  versions=("$@")
else
  mapfile -t versions < <(node -e 'for (const v of require(process.argv[1]).versions) console.log(v.n8n)' "$here/versions.json")
fi
summary=()
failed=0
for v in "${versions[@]}"; do
  echo "[versions] ===== n8n $v"
  start=$(date +%s)
  if bash "$here/run.sh" "$v"; then result=passed; else result=FAILED; failed=1; fi
  summary+=("n8n $v: $result ($(( $(date +%s) - start )) s, install included when it was not cached)")
done
echo "[versions] ===== summary"
printf '[versions] %s\n' "${summary[@]}"
exit "$failed"
