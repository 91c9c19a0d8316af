const {
	normalizeEnvelope,
	camelCaseKeys,
	resolveNextLink,
	parseBody,
} = require('../../nodes/shared/transport/envelope');

describe('normalizeEnvelope', () => {
	test('reads the camelCase envelope of the examples', () => {
		// A fresh copy each time: the expected value must not be the (possibly changed) input.
		const example = () => ({
			value: [{ datasetName: 'ISVOrder' }],
			nextLink: 'ScheduledDataset?page=2',
			totalCount: 1,
			message: 'Dataset fetched successfully',
			statusCode: 200,
			dataRedacted: false,
		});
		expect(normalizeEnvelope(example())).toEqual(example());
	});

	test('reads the PascalCase envelope of Create Report', () => {
		const envelope = normalizeEnvelope({
			Value: [{ reportId: 'r1' }],
			TotalCount: 1,
			Message: 'Report created successfully',
			StatusCode: 200,
		});
		expect(envelope.value).toEqual([{ reportId: 'r1' }]);
		expect(envelope.totalCount).toBe(1);
		expect(envelope.message).toBe('Report created successfully');
		expect(envelope.statusCode).toBe(200);
		expect(envelope.nextLink).toBeNull();
	});

	test('parses a text body that starts with a UTF-8 BOM', () => {
		const envelope = normalizeEnvelope('\uFEFF{"Value":[{"a":1}],"StatusCode":"200"}');
		expect(envelope.value).toEqual([{ a: 1 }]);
		expect(envelope.statusCode).toBe(200);
	});

	test('keeps an error status that arrives inside a 200 body', () => {
		expect(normalizeEnvelope({ value: [], statusCode: 400, message: 'Invalid QueryId' }).statusCode).toBe(400);
	});

	test('treats an empty or blank nextLink as the last page', () => {
		expect(normalizeEnvelope({ value: [], nextLink: '' }).nextLink).toBeNull();
		expect(normalizeEnvelope({ value: [], nextLink: '  ' }).nextLink).toBeNull();
	});

	test('wraps a single object value and a bare array', () => {
		expect(normalizeEnvelope({ value: { a: 1 } }).value).toEqual([{ a: 1 }]);
		expect(normalizeEnvelope([{ a: 1 }, { a: 2 }]).totalCount).toBe(2);
	});

	test('turns unparsable text into a message instead of throwing', () => {
		expect(normalizeEnvelope('<html>Bad gateway</html>').message).toBe('<html>Bad gateway</html>');
		expect(parseBody('')).toEqual({});
	});
});

describe('camelCaseKeys', () => {
	test('lower-cases the first letter; the camelCase spelling wins a clash', () => {
		expect(camelCaseKeys({ CallbackMethod: 'GET', callbackUrl: 'x', ReportId: 'r' })).toEqual({
			callbackMethod: 'GET',
			callbackUrl: 'x',
			reportId: 'r',
		});
		expect(camelCaseKeys({ Format: 'CSV', format: 'csv' })).toEqual({ format: 'csv' });
		expect(camelCaseKeys({ format: 'csv', Format: 'CSV' })).toEqual({ format: 'csv' });
	});
});

describe('resolveNextLink', () => {
	const base = 'https://api.partnercenter.microsoft.com';
	test('keeps an absolute link on the same host', () => {
		expect(resolveNextLink(`${base}/insights/v1/mpn/ScheduledDataset?skip=10`, base, '/insights/v1/mpn')).toBe(
			`${base}/insights/v1/mpn/ScheduledDataset?skip=10`,
		);
	});
	test('resolves a link relative to the program base path', () => {
		expect(resolveNextLink('ScheduledQueries?page=2', base, '/insights/v1.1/cmp')).toBe(
			`${base}/insights/v1.1/cmp/ScheduledQueries?page=2`,
		);
	});
	test('resolves a host-relative link', () => {
		expect(resolveNextLink('/insights/v1/cmp/ScheduledReport?p=3', 'http://127.0.0.1:4730', '/insights/v1/cmp')).toBe(
			'http://127.0.0.1:4730/insights/v1/cmp/ScheduledReport?p=3',
		);
	});
	test('refuses a link to another host, so the token is never sent there', () => {
		expect(() => resolveNextLink('https://evil.example/steal', base, '/insights/v1/mpn')).toThrow(/another host/);
	});
});
