const {
	DelimitedTextParser,
	RecordCounter,
	headerNames,
	recordToObject,
} = require('../../nodes/shared/helpers/csv');

function parseAll(text, delimiter = ',', chunkSize = text.length || 1) {
	const parser = new DelimitedTextParser(delimiter);
	const records = [];
	for (let i = 0; i < text.length; i += chunkSize) records.push(...parser.push(text.slice(i, i + chunkSize)));
	records.push(...parser.end());
	return records;
}

function countAll(text, chunkSize = 7) {
	const bytes = Buffer.from(text, 'utf8');
	const counter = new RecordCounter();
	for (let i = 0; i < bytes.length; i += chunkSize) counter.push(bytes.subarray(i, i + chunkSize));
	return counter.total();
}

const TRICKY =
	'Name,Note,City\r\n' +
	'"Contoso, Ltd","He said ""hi""",Zürich\r\n' +
	'"multi\nline",plain,東京\n' +
	'"crlf\r\ninside","",😀\r\n' +
	',,\n' +
	'last,"quoted at end","x"';

const EXPECTED = [
	['Name', 'Note', 'City'],
	['Contoso, Ltd', 'He said "hi"', 'Zürich'],
	['multi\nline', 'plain', '東京'],
	['crlf\r\ninside', '', '😀'],
	['', '', ''],
	['last', 'quoted at end', 'x'],
];

describe('DelimitedTextParser', () => {
	test('parses quoted commas, doubled quotes, line breaks in fields and unicode', () => {
		expect(parseAll(TRICKY)).toEqual(EXPECTED);
	});

	test.each([1, 2, 3, 5, 8, 13])('gives the same records when fed %i characters at a time', (size) => {
		expect(parseAll(TRICKY, ',', size)).toEqual(EXPECTED);
	});

	test('parses TSV with the same quoting rules', () => {
		expect(parseAll('a\tb\n"x\ty"\t"q""q"\n', '\t')).toEqual([
			['a', 'b'],
			['x\ty', 'q"q'],
		]);
	});

	test('skips blank lines and handles a trailing line break', () => {
		expect(parseAll('a,b\n\n1,2\n\n')).toEqual([
			['a', 'b'],
			['1', '2'],
		]);
	});

	test('a file cut inside a quoted field is an error, not a silent short row', () => {
		const parser = new DelimitedTextParser(',');
		parser.push('a,b\n1,"unterminated');
		expect(() => parser.end()).toThrow(/ends inside a quoted field/);
	});

	test('a quote at a chunk boundary followed by a delimiter closes the field', () => {
		const parser = new DelimitedTextParser(',');
		const records = [...parser.push('"abc"'), ...parser.push(',"d""'), ...parser.push('e"\n')];
		expect(records).toEqual([['abc', 'd"e']]);
	});

	test('agrees with a brute-force reference on random input', () => {
		const alphabet = ['a', 'b', ',', '"', '\n', '\r\n', 'é', ' '];
		let seed = 12345;
		const random = () => {
			seed = (seed * 1103515245 + 12345) % 2 ** 31;
			return seed / 2 ** 31;
		};
		const quote = (value) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
		for (let round = 0; round < 200; round++) {
			const rows = Array.from({ length: 1 + Math.floor(random() * 5) }, () =>
				Array.from({ length: 3 }, () =>
					Array.from({ length: Math.floor(random() * 6) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''),
				),
			).filter((row) => !(row.length === 1 && row[0] === ''));
			const text = rows.map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
			const size = 1 + Math.floor(random() * 10);
			expect(parseAll(text, ',', size)).toEqual(rows);
			expect(countAll(text, size)).toBe(rows.length);
		}
	});
});

describe('RecordCounter', () => {
	test('counts records, not line breaks inside quotes', () => {
		expect(countAll(TRICKY)).toBe(EXPECTED.length);
		expect(countAll('a\n1\n2\n')).toBe(3);
		expect(countAll('a\n1\n2')).toBe(3);
		expect(countAll('')).toBe(0);
	});
});

describe('headerNames and recordToObject', () => {
	test('keys rows by unique, non-empty column names', () => {
		const columns = headerNames(['Id', '', 'Id']);
		expect(columns).toEqual(['Id', 'column_2', 'Id_2']);
		expect(recordToObject(columns, ['1', '2'])).toEqual({ Id: '1', column_2: '2', Id_2: '' });
		expect(recordToObject(['a'], ['1', 'extra'])).toEqual({ a: '1', column_2: 'extra' });
	});
});
