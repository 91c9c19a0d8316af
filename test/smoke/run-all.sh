#!/usr/bin/env bash
# `npm run test:versions`: the smoke suite (run.sh) on the n8n versions of versions.json marked "ci"
# (the oldest we claim and the newest), in turn; `npm run test:versions -- all` on every listed version;
# `npm run test:versions -- 2.0.3 …` on the versions given. Prints each version's wall time (install
# included when not cached) and result, and exits non-zero when any failed. `npm run build` must have run.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ "$#" -gt 0 ] && [ "$1" != "all" ]; then
  versions=("$@")
else
  mapfile -t versions < <(node -e '
const [file, all] = process.argv.slice(1);
for (const v of require(file).versions) if (all === "all" || v.ci) console.log(v.n8n);
' "$here/versions.json" "${1:-}")
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
