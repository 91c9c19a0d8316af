const { RecordCounter } = require('../../nodes/shared/helpers/csv/count');
const {
	DelimitedTextParser,
	headerNames,
	rowMaker,
} = require('../../nodes/shared/helpers/csv/parse');
const { TRICKY_CSV, TRICKY_CSV_RECORDS, seededRandom } = require('../fixtures/csvReference');

/** The records of `text`, its bytes fed `chunkSize` at a time (cut anywhere, inside characters too). */
function parseAll(text, delimiter = ',', chunkSize = Infinity) {
	const bytes = Buffer.from(text, 'utf8');
	const parser = new DelimitedTextParser(delimiter);
	const records = [];
	const size = Math.min(chunkSize, bytes.length || 1);
	for (let i = 0; i < bytes.length; i += size)
		records.push(...parser.push(bytes.subarray(i, i + size)));
	records.push(...parser.end());
	return records;
}

function countAll(text, chunkSize = 7, delimiter = ',') {
	const bytes = Buffer.from(text, 'utf8');
	const counter = new RecordCounter(delimiter);
	for (let i = 0; i < bytes.length; i += chunkSize) counter.push(bytes.subarray(i, i + chunkSize));
	return counter.total();
}

/** The parser is given files without their BOM (readRowPage drops it). */
const TRICKY = TRICKY_CSV.replace(/^\uFEFF/, '');
const EXPECTED = TRICKY_CSV_RECORDS;

describe('DelimitedTextParser', () => {
	test('parses quoted commas, doubled quotes, line breaks in fields, bare quotes and unicode', () => {
		expect(parseAll(TRICKY)).toEqual(EXPECTED);
	});

	// The tokenizer passes over plain ASCII four bytes at a time: a byte that matters (or a non-ASCII
	// one, whose code units count) must be seen at each of the four places in a word, in and out of quotes.
	test('finds field ends and unquotes wherever they fall in a 4-byte word', () => {
		const rows = [];
		for (let at = 0; at < 9; at++) {
			for (const special of [' ', 'é', '東', '😀', '"', '-', '~', '\t']) {
				const plain = `${'abcdefghi'.slice(0, at)}${special}jklmnopqrs`;
				rows.push([
					plain,
					`${'0123456'.slice(0, at)},"""\r\n${special}`,
					plain.slice(at) + '\n',
					'',
				]);
			}
		}
		const quote = (value) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
		const text = rows.map((row) => row.map(quote).join(',')).join('\r\n');
		for (let start = 0; start < 4; start++) {
			// The same text at each alignment in the chunk (the words are read from any offset).
			expect(
				parseAll(' '.repeat(start) + text).map((row, i) =>
					i === 0 ? [row[0].slice(start), ...row.slice(1)] : row,
				),
			).toEqual(rows);
		}
		expect(countAll(text, 1000)).toBe(rows.length);
	});

	test.each([1, 2, 3, 5, 8, 13])('gives the same records when fed %i bytes at a time', (size) => {
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
		parser.push(Buffer.from('a,b\n1,"unterminated'));
		expect(() => parser.end()).toThrow(/ends inside a quoted field/);
	});

	test('a quote at a chunk boundary followed by a delimiter closes the field', () => {
		const parser = new DelimitedTextParser(',');
		const records = ['"abc"', ',"d""', 'e"\n'].flatMap((text) => parser.push(Buffer.from(text)));
		expect(records).toEqual([['abc', 'd"e']]);
	});

	test('bytes that are not UTF-8 read as U+FFFD, the fields around them intact', () => {
		const bytes = Buffer.concat([
			Buffer.from('a,b\n'),
			Buffer.from([0x80, 0x2c, 0xc3]),
			Buffer.from('x,"é"\n'),
		]);
		const parser = new DelimitedTextParser(',');
		expect([...parser.push(bytes), ...parser.end()]).toEqual([
			['a', 'b'],
			['\uFFFD', '\uFFFDx', 'é'],
		]);
	});

	test('bytes that are not UTF-8 but add up to as many characters as UTF-8 would are still cut right', () => {
		// A lone 0xF0 counts as two code units by UTF-8's shape and a lone 0x80 as none, but each reads
		// as one U+FFFD: the line has as many characters as counted, yet the offsets between differ.
		const bytes = Buffer.concat([
			Buffer.from('a,b,c\n'),
			Buffer.from([0xf0]),
			Buffer.from('x,y,'),
			Buffer.from([0x80]),
			Buffer.from('z\n"😀",東京,"q""r"\n'),
		]);
		const parser = new DelimitedTextParser(',');
		expect([...parser.push(bytes), ...parser.end()]).toEqual([
			['a', 'b', 'c'],
			['\uFFFDx', 'y', '\uFFFDz'],
			['😀', '東京', 'q"r'],
		]);
	});

	test('agrees with a brute-force reference on random input', () => {
		const alphabet = ['a', 'b', ',', '"', '\n', '\r\n', 'é', ' '];
		const random = seededRandom(12345);
		const quote = (value) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
		for (let round = 0; round < 200; round++) {
			const rows = Array.from({ length: 1 + Math.floor(random() * 5) }, () =>
				Array.from({ length: 3 }, () =>
					Array.from(
						{ length: Math.floor(random() * 6) },
						() => alphabet[Math.floor(random() * alphabet.length)],
					).join(''),
				),
			);
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
		expect(countAll(TRICKY_CSV)).toBe(EXPECTED.length);
		expect(countAll('a\n1\n2\n')).toBe(3);
		expect(countAll('a\n1\n2')).toBe(3);
		expect(countAll('')).toBe(0);
	});

	test('a quote inside an unquoted field opens nothing; a lone CR ends a record (issue 23)', () => {
		// Before: 1 row (the bare quote hid two line ends) and 0 rows (a CR was no line end).
		expect(countAll('a,b\n1,x"y\n2,z\n3,w\n') - 1).toBe(3);
		expect(countAll('a,b\r1,x\r2,y\r') - 1).toBe(2);
		expect(countAll('Name\tSize\nFabrikam 24" Premium Display\t1\nnext\t2\n', 3, '\t') - 1).toBe(2);
	});

	// Without a sink the tokenizer jumps from quote to line break with indexOf: a quote right after a
	// delimiter opens a field, one inside a field does not, and a chunk may end on the delimiter.
	test.each([1, 2, 3, 4, 5, 1000])(
		'counts as the parser does, whole lines passed over (%i bytes a chunk)',
		(size) => {
			// 5 records: the header, a quoted field over CRLF, a bare quote, a LF in quotes, `"x"` last;
			// `""` and the empty lines are no records.
			const text =
				'h1,h2,h3\r\nplain,x"y,"in ""q"", and\r\nnext"\r\n"a",b"c,\r\n,,"\n"\r""\n\n\rlast,"x"';
			expect(countAll(text, size)).toBe(parseAll(text).length);
			expect(countAll(text, size)).toBe(5);
			expect(countAll(TRICKY, size)).toBe(EXPECTED.length);
		},
	);

	test('a BOM is not part of the first field: a quoted header after it is still quoted', () => {
		expect(countAll('\uFEFF"a\nb",c\n1,2\n', 2)).toBe(2);
	});

	test('a file cut inside a quoted field counts its last record (File output keeps the bytes as they came)', () => {
		expect(countAll('a\n1\n"cut')).toBe(3);
	});
});

describe('headerNames and rowMaker', () => {
	test('keys rows by unique, non-empty column names', () => {
		const columns = headerNames(['Id', '', 'Id']);
		expect(columns).toEqual(['Id', 'column_2', 'Id_2']);
		expect(rowMaker(columns)(['1', '2'])).toEqual({ Id: '1', column_2: '2', Id_2: '' });
		expect(rowMaker(['a'])(['1', 'extra'])).toEqual({ a: '1', column_2: 'extra' });
	});

	// rowMaker copies a template per row: each row must be its own object, keys in the header's order.
	test('rowMaker: a new object per row, keys in column order, short and long records', () => {
		const makeRow = rowMaker(['b', 'a', '10']);
		const first = makeRow(['1', '2', '3']);
		const short = makeRow(['x']);
		const long = makeRow(['4', '5', '6', '7']);
		first.a = 'changed';
		expect(short).toEqual({ b: 'x', a: '', 10: '' });
		expect(long).toEqual({ b: '4', a: '5', 10: '6', column_4: '7' });
		expect(Object.keys(long)).toEqual(['10', 'b', 'a', 'column_4']);
		expect(makeRow(['8', '9', '0'])).toEqual({ b: '8', a: '9', 10: '0' });
		expect(Object.keys(short)).toEqual(['10', 'b', 'a']);
	});
});
