/**
 * The n8n-core internals the in-process tests build themselves, in one place: n8n is replacing them
 * (binary data moves to `storage` with 3.0's modes; poll triggers move to the durable scheduler, whose
 * PollContext takes the node's static data from a cursor), so when n8n-core changes, only this module
 * has to follow. Everything else (ExecuteContext, WebhookContext, …) is used as n8n documents it.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { BinaryDataService, BinaryDataConfig, PollContext } = require('n8n-core');
// n8n-core's own copy of the DI container (a different version is hoisted for other packages).
const { Container } = require(require.resolve('@n8n/di', { paths: [require.resolve('n8n-core')] }));

let binaryDataReady;

/** Binary data in filesystem mode, as n8n 2.x runs it (3.0's default): files stream to disk, never into memory. */
function initBinaryData() {
	binaryDataReady ??= (async () => {
		const config = Container.get(BinaryDataConfig);
		config.mode = 'filesystem';
		// One folder per process: a module registry isolated to mimic a restart must see the same files.
		config.localStoragePath = path.join(os.tmpdir(), `pca-binary-${process.pid}`);
		fs.mkdirSync(config.localStoragePath, { recursive: true });
		await Container.get(BinaryDataService).init();
	})();
	return binaryDataReady;
}

/** n8n-core's binary data service, as initBinaryData set it up. */
function binaryDataService() {
	return Container.get(BinaryDataService);
}

/** The stored bytes of a binary property of an output item. */
async function readBinary(binaryData) {
	return await binaryDataService().getAsBuffer(binaryData);
}

/**
 * The context n8n gives poll(). `nodeStaticData`: the node's static data comes from there instead of
 * the workflow, as in n8n 2.40.7 under durable poll cursors (its PollContext's resolveNodeStaticData
 * returns the staged cursor; the n8n-core these tests run predates that parameter, so it is applied
 * here to the same method).
 */
function createPollContext(
	workflow,
	node,
	additionalData,
	mode,
	activation,
	{ nodeStaticData } = {},
) {
	const context = new PollContext(workflow, node, additionalData, mode, activation);
	if (nodeStaticData !== undefined) {
		const workflowStaticData = context.getWorkflowStaticData.bind(context);
		context.getWorkflowStaticData = (type) =>
			type === 'node' ? nodeStaticData : workflowStaticData(type);
	}
	return context;
}

module.exports = { initBinaryData, binaryDataService, readBinary, createPollContext };
