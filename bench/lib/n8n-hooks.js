'use strict';
/**
 * n8n external hook file (EXTERNAL_HOOK_FILES) loaded by the benchmarked `n8n execute` runs.
 * (It also runs after each sub-workflow execution; the parent's summary is written last.)
 *
 * `workflow.postExecute` runs after the execution finished and before `n8n execute` prints the run
 * data. It writes a compact summary of the run (per node: startTime, executionTime, status, item
 * count, first and last item, binary metadata, error) plus the process's peak RSS to the file named by
 * $BENCH_RUN_SUMMARY, and then shortens every node's output to its first and last item: with 1 million
 * items, `JSON.stringify(run, null, 2)` in `n8n execute` would exceed V8's maximum string length.
 * Nothing here runs while a node executes, so none of it is measured.
 */
const fs = require('node:fs');

function summarise(run) {
	const runData = (run && run.data && run.data.resultData && run.data.resultData.runData) || {};
	const nodes = {};
	for (const [name, tasks] of Object.entries(runData)) {
		const task = tasks[tasks.length - 1] || {};
		const main = (task.data && task.data.main) || [];
		const items = main[0] || [];
		const first = items[0];
		const last = items[items.length - 1];
		nodes[name] = {
			startTime: task.startTime,
			executionTime: task.executionTime,
			// A node in a loop runs several times: how often, when the first run started, all runs' time.
			runs: tasks.length,
			firstStartTime: tasks[0] && tasks[0].startTime,
			totalExecutionTime: tasks.reduce((sum, t) => sum + (t.executionTime || 0), 0),
			executionStatus: task.executionStatus,
			itemCount: items.length,
			first: first && first.json,
			last: last && last.json,
			binary: first && first.binary,
			error: task.error
				? { message: task.error.message, description: task.error.description }
				: undefined,
		};
		if (items.length > 2) main[0] = [first, last];
	}
	const error = run && run.data && run.data.resultData && run.data.resultData.error;
	return {
		status: run && run.status,
		error: error
			? {
					message: error.message,
					description: error.description,
					node: error.node && error.node.name,
				}
			: undefined,
		nodes,
	};
}

module.exports = {
	workflow: {
		postExecute: [
			async function benchSummary(run) {
				const out = process.env.BENCH_RUN_SUMMARY;
				if (!out) return;
				const summary = summarise(run);
				// ru_maxrss: the exact peak RSS of this n8n process so far (kB).
				summary.peakRssKb = process.resourceUsage().maxRSS;
				summary.memoryAtEnd = process.memoryUsage();
				summary.pid = process.pid;
				fs.writeFileSync(out, JSON.stringify(summary));
			},
		],
	},
};
