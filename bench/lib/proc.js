'use strict';
/** RSS sampling of a process (and its descendants) from /proc, every `intervalMs`. */
const fs = require('node:fs');

function readStatusKb(pid) {
	try {
		const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const rss = /VmRSS:\s+(\d+) kB/.exec(text);
		const hwm = /VmHWM:\s+(\d+) kB/.exec(text);
		return { rss: rss ? Number(rss[1]) : 0, hwm: hwm ? Number(hwm[1]) : 0 };
	} catch {
		return undefined;
	}
}

/** Direct and indirect children of `root` (one scan of /proc). */
function descendants(root) {
	const parentOf = new Map();
	for (const name of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			parentOf.set(Number(name), ppid);
		} catch {
			/* exited meanwhile */
		}
	}
	const out = [];
	const frontier = [root];
	while (frontier.length) {
		const p = frontier.pop();
		for (const [child, parent] of parentOf) {
			if (parent === p) {
				out.push(child);
				frontier.push(child);
			}
		}
	}
	return out;
}

/**
 * Samples { t, rss, hwm, tree } (kB; tree = RSS of pid plus its descendants) every intervalMs.
 * stop() returns the samples.
 */
function startSampler(pid, { intervalMs = 50, treeEveryMs = 500 } = {}) {
	const samples = [];
	let kids = [];
	let lastTreeScan = 0;
	const tick = () => {
		const now = Date.now();
		const own = readStatusKb(pid);
		if (!own) return;
		if (now - lastTreeScan >= treeEveryMs) {
			lastTreeScan = now;
			try {
				kids = descendants(pid);
			} catch {
				kids = [];
			}
		}
		let tree = own.rss;
		for (const k of kids) tree += (readStatusKb(k) || { rss: 0 }).rss;
		samples.push({ t: now, rss: own.rss, hwm: own.hwm, tree, children: kids.length });
	};
	tick();
	const timer = setInterval(tick, intervalMs);
	return {
		stop() {
			clearInterval(timer);
			return samples;
		},
	};
}

module.exports = { startSampler, readStatusKb, descendants };
