#!/usr/bin/env bash
# Installs the packed package into a fresh n8n user folder for the bench, exactly as the e2e tests do.
# usage: bash bench/install-package.sh <work dir>   (creates <work dir>/pack and <work dir>/user)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
work="${1:?usage: install-package.sh <work dir>}"
rm -rf "$work/pack" "$work/user"
mkdir -p "$work/user"
bash "$root/test/e2e/install-package.sh" "$work/user"
