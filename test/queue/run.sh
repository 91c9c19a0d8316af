#!/usr/bin/env bash
# Queue mode end-to-end (what `npm run test:queue` runs; `npm run build` must have run):
#   PostgreSQL and Redis from Debian's packages (installed here when missing, as root or with sudo -n:
#   apt-get update && apt-get install -y postgresql redis-server), each started by the test as a
#   private instance on a free port under test/queue/.work; n8n 2.40.7 main + worker + webhook process
#   with EXECUTIONS_MODE=queue; the package installed like a community package.
# QUEUE_BINARY_MODE=database (default, n8n's default in queue mode) or filesystem (shared folder).
# Logs: test/queue/.work/logs; summary: test/queue/.work/queue-report.json.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$here/.work"
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v redis-server >/dev/null 2>&1; then
  as_root=""
  [ "$(id -u)" = "0" ] || as_root="sudo -n"
  if [ -z "$as_root" ] || sudo -n true 2>/dev/null; then
    echo "[queue] installing postgresql and redis-server from Debian's packages…"
    $as_root apt-get update -qq
    $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server >/dev/null
  else
    echo "[queue] PostgreSQL or Redis is missing: sudo apt-get install -y postgresql redis-server" >&2
    exit 1
  fi
fi
exec bash "$root/test/e2e/lib/run-suite.sh" "$here" "$work" "$@"
