#!/usr/bin/env bash
# The repository stands alone: clone the current commit (HEAD of the checkout this is run from) into a
# fresh empty temporary folder, install from the lock file and run `npm test` (jest: unit, integration
# and emulator suites) there, then remove the folder. Exits non-zero when the install or a test fails,
# or when a test process read a file outside the clone (see the audit below). Prints its wall time.
#
#   npm run test:standalone            (or: bash scripts/standalone-check.sh)
#
# Only committed work is checked: uncommitted changes are not in the clone (a warning says so).
# KEEP_STANDALONE=1 keeps the folders for inspection; STANDALONE_TEST_ARGS="test/unit" passes arguments
# to jest (npm test -- …) for a quicker partial check.
set -euo pipefail

started=$(date +%s)
source_repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
head=$(git -C "$source_repo" rev-parse HEAD)
if [ -n "$(git -C "$source_repo" status --porcelain --untracked-files=no)" ]; then
	echo "standalone-check: note: uncommitted changes in $source_repo are not checked (the clone has $head only)" >&2
fi

# Two fresh folders: the clone alone in one (nothing beside it), the audit hook and a HOME in the other.
clone=$(mktemp -d)
aux=$(mktemp -d)
outcome='FAILED (see above)'
# On exit: remove the folders, then print the outcome and the wall time (the removal included).
cleanup() {
	local status=$?
	if [ "${KEEP_STANDALONE:-}" = 1 ]; then
		echo "standalone-check: kept $clone and $aux" >&2
	else
		rm -rf "$clone" "$aux"
	fi
	local elapsed=$(($(date +%s) - started))
	printf 'standalone-check: %s (commit %s, wall time %dm%02ds)\n' "$outcome" "${head:0:12}" $((elapsed / 60)) $((elapsed % 60))
	exit "$status"
}
trap cleanup EXIT

finish() {
	outcome=$2
	exit "$1"
}

echo "standalone-check: cloning $head into $clone"
git clone --quiet --no-local --no-checkout "$source_repo" "$clone"
git -C "$clone" checkout --quiet --detach "$head"

echo "standalone-check: npm install"
if ! (cd "$clone" && npm install --no-audit --no-fund --prefer-offline); then
	finish 1 'FAILED: npm install'
fi

# Run-time audit: every Node process of the test run (jest, its workers, their children) records each
# file or folder it opened, read or listed outside the clone. Allowed: the clone, the temporary folder
# (tests make their scratch folders there; the clone's parent holds nothing else), system folders,
# container probes and Node's own installation. HOME points at an empty folder so no user
# configuration is read.
cat >"$aux/fs-audit.cjs" <<'HOOK'
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const root = process.env.STANDALONE_ROOT;
const log = process.env.STANDALONE_AUDIT_LOG;
if (root && log) {
	// /.dockerenv and /run/.containerenv: libraries probe them to learn whether they run in a container.
	const allowed = [root, os.tmpdir(), fs.realpathSync(os.tmpdir()), '/proc', '/sys', '/dev', '/etc', '/usr', '/lib', '/lib64', '/bin',
		'/run', '/.dockerenv', path.dirname(path.dirname(process.execPath))];
	const ancestors = new Set();
	for (let dir = root; ; dir = path.dirname(dir)) {
		ancestors.add(dir);
		if (dir === path.dirname(dir)) break;
	}
	const inside = (p, base) => p === base || p.startsWith(base.endsWith(path.sep) ? base : base + path.sep);
	const seen = new Set();
	const note = (target) => {
		if (typeof target !== 'string' && !(target instanceof URL) && !Buffer.isBuffer(target)) return;
		const p = path.resolve(target instanceof URL ? target.pathname : String(target));
		if (ancestors.has(p) || allowed.some((base) => inside(p, base)) || seen.has(p)) return;
		seen.add(p);
		try {
			fs.appendFileSync(log, `${process.pid} ${p}\n`);
		} catch {}
	};
	// found(result): whether the call found the path (existsSync answers false, statSync with
	// throwIfNoEntry: false answers undefined; the others throw or reject when it is missing).
	const wrap = (owner, name, found = () => true) => {
		const original = owner[name];
		if (typeof original !== 'function') return;
		owner[name] = function (target, ...rest) {
			const result = original.call(this, target, ...rest);
			if (result && typeof result.then === 'function') result.then(() => note(target), () => {});
			else if (found(result)) note(target);
			return result;
		};
	};
	for (const name of ['readFileSync', 'readdirSync', 'openSync', 'opendirSync', 'accessSync']) wrap(fs, name);
	for (const name of ['statSync', 'lstatSync']) wrap(fs, name, (result) => result !== undefined);
	wrap(fs, 'existsSync', (result) => result === true);
	for (const name of ['readFile', 'readdir', 'open', 'opendir', 'stat', 'lstat', 'access']) wrap(fs.promises, name);
	// Callback and stream forms: recorded on the call (a missing file is read rarely enough to show up).
	for (const name of ['readFile', 'readdir', 'open', 'createReadStream']) {
		const original = fs[name];
		fs[name] = function (target, ...rest) {
			try {
				if (fs.existsSync.call(fs, target)) note(target);
			} catch {}
			return original.call(this, target, ...rest);
		};
	}
}
HOOK
mkdir -p "$aux/home"
audit_log="$aux/outside-reads.log"
: >"$audit_log"

echo "standalone-check: npm test"
test_status=0
# Under `npm run test:standalone` npm hands its own settings down as npm_config_* variables (its cache
# and user config in the real HOME): they are cleared, so that npm itself reads only the empty HOME.
inherited_npm_settings=()
while IFS= read -r name; do inherited_npm_settings+=(-u "$name"); done < <(env | sed -n 's/^\(npm_config_[^=]*\)=.*/\1/p')
(
	cd "$clone"
	env ${inherited_npm_settings[@]+"${inherited_npm_settings[@]}"} \
		HOME="$aux/home" \
		STANDALONE_ROOT="$clone" \
		STANDALONE_AUDIT_LOG="$audit_log" \
		NODE_OPTIONS="--require $aux/fs-audit.cjs${NODE_OPTIONS:+ $NODE_OPTIONS}" \
		npm test ${STANDALONE_TEST_ARGS:+-- $STANDALONE_TEST_ARGS}
) || test_status=$?

if [ -s "$audit_log" ]; then
	echo "standalone-check: files outside the clone were read during npm test:" >&2
	sort -k2 -u "$audit_log" | sed 's/^/  /' >&2
	finish 1 'FAILED: a test read outside the repository'
fi
if [ "$test_status" -ne 0 ]; then
	finish "$test_status" 'FAILED: npm test'
fi
finish 0 'passed: npm install and npm test in a clone with nothing beside it'
