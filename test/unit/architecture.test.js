/**
 * docs/architecture.md: operations and node files read parameters and call services; only services
 * (through the transport) build Partner Center request bodies or send requests. This scans the
 * operation files and the node files and lists every offender.
 */
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..', '..');

function filesUnder(dir, pattern) {
	const found = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) found.push(...filesUnder(full, pattern));
		else if (pattern.test(entry.name)) found.push(full);
	}
	return found;
}

/** Keys of Partner Center request bodies (PascalCase, as the API takes them), written as object keys. */
const BODY_KEY =
	/\b(QueryId|ExecuteNow|CallbackUrl|CallbackMethod|RecurrenceInterval|RecurrenceCount|StartTime|EndTime|ReportName|QueryStartTime|QueryEndTime|Query|Name|Description|Format)\s*:/;
/** The transport's request functions, or n8n's HTTP helpers: sending is the services' job. */
const SENDS =
	/\b(partnerCenterApiRequest|partnerCenterRawRequest|httpRequest|httpRequestWithAuthentication|requestWithAuthentication)\b/;

function offenders(files) {
	const found = [];
	for (const file of files) {
		const lines = fs.readFileSync(file, 'utf8').split('\n');
		lines.forEach((line, index) => {
			if (BODY_KEY.test(line) || SENDS.test(line)) {
				found.push(`${path.relative(root, file)}:${index + 1}: ${line.trim()}`);
			}
		});
	}
	return found;
}

const operationFiles = filesUnder(
	path.join(root, 'nodes', 'PartnerCenterAnalytics', 'actions'),
	/\.ts$/,
);
const nodeFiles = fs
	.readdirSync(path.join(root, 'nodes'), { withFileTypes: true })
	.filter((entry) => entry.isDirectory())
	.flatMap((entry) =>
		filesUnder(path.join(root, 'nodes', entry.name), /\.node\.ts$/).filter(
			(file) => path.dirname(file) === path.join(root, 'nodes', entry.name),
		),
	);

describe('layers (docs/architecture.md)', () => {
	test('the scan finds the operation and node files', () => {
		expect(operationFiles.length).toBeGreaterThan(20);
		expect(nodeFiles.map((file) => path.basename(file)).sort()).toEqual(
			expect.arrayContaining([
				'PartnerCenterAnalytics.node.ts',
				'PartnerCenterAnalyticsTrigger.node.ts',
			]),
		);
	});

	test('the scan recognises a body key and a request', () => {
		expect(BODY_KEY.test('\t\tQueryId: queryId,')).toBe(true);
		expect(BODY_KEY.test("\t\tdisplayName: 'Query',")).toBe(false);
		expect(SENDS.test('await partnerCenterApiRequest(this, ...)')).toBe(true);
	});

	test('operations and node files never build Partner Center request bodies nor send requests', () => {
		expect(offenders([...operationFiles, ...nodeFiles])).toEqual([]);
	});
});
