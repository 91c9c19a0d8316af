import type { SourcePosition } from './ast';

/**
 * Splits query text into tokens in one left-to-right pass (linear in the text length).
 *
 * - Words: `[A-Za-z_][A-Za-z0-9_]*`, keywords or names; the parser tells them apart.
 * - Numbers: `-?[0-9]+(.[0-9]+)?`, as in the grammar.
 * - Strings: `'…'`; `''` inside stands for one quote (the SQL convention: the docs never show an
 *   escape). Anything else, including spaces, `%`, `"`, backslashes and line breaks, is literal.
 * - Symbols: `, ( ) *` and the operators `= > < >= <= !=`.
 *
 * A character that cannot start a token ends the list with an `invalid` token carrying the reason,
 * so the parser reports it together with what it expected at that point.
 */

export type TokenKind = 'word' | 'number' | 'string' | 'symbol' | 'invalid' | 'end';

export interface Token {
	kind: TokenKind;
	/** word: as written; number: the digits; string: the unescaped value; symbol: the symbol. */
	text: string;
	start: number;
	end: number;
	/** Only on `invalid` tokens. */
	problem?: string;
}

const SYMBOLS = new Set([',', '(', ')', '*', '=', '>', '<']);

/** Typographic quotes, as found in the docs' sample queries. */
const TYPOGRAPHIC_QUOTES = new Set(['\u2018', '\u2019', '\u201A', '\u201B', '\u2032', '\u00B4']);
/** The ones the docs' samples use as string quotes: inside a string they could end it. */
export const QUOTE_LOOKALIKES = /[\u2018\u2019\u201A\u201B]/;
const TYPOGRAPHIC_DOUBLE_QUOTES = new Set(['\u201C', '\u201D', '\u201E', '\u201F', '\u2033']);

function isDigit(code: number): boolean {
	return code >= 48 && code <= 57;
}

function isWordStart(code: number): boolean {
	return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isWordPart(code: number): boolean {
	return isWordStart(code) || isDigit(code);
}

function isWhitespace(code: number): boolean {
	// space, tab, line feed, vertical tab, form feed, carriage return
	return code === 32 || (code >= 9 && code <= 13);
}

/** Shows a character in a message: printable ones quoted, others as U+XXXX. */
export function describeCharacter(text: string, offset: number): string {
	const codePoint = text.codePointAt(offset) ?? 0;
	const hex = 'U+' + codePoint.toString(16).toUpperCase().padStart(4, '0');
	const invisible =
		codePoint < 32 ||
		(codePoint >= 127 && codePoint < 160) ||
		(codePoint >= 0x200b && codePoint <= 0x200f) ||
		codePoint === 0x2028 ||
		codePoint === 0x2029 ||
		(codePoint >= 0xd800 && codePoint <= 0xdfff) || // a lone surrogate
		codePoint === 0xfeff;
	if (invisible) return hex;
	if (codePoint === 0xa0) return `a non-breaking space (${hex})`;
	return `'${String.fromCodePoint(codePoint)}' (${hex})`;
}

export function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	const length = text.length;
	let i = 0;
	while (i < length) {
		const code = text.charCodeAt(i);
		if (isWhitespace(code)) {
			i++;
			continue;
		}
		const start = i;
		const char = text[i];
		if (isWordStart(code)) {
			while (i < length && isWordPart(text.charCodeAt(i))) i++;
			tokens.push({ kind: 'word', text: text.slice(start, i), start, end: i });
			continue;
		}
		if (isDigit(code) || (char === '-' && isDigit(text.charCodeAt(i + 1)))) {
			const number = readNumber(text, start);
			tokens.push(number);
			if (number.kind === 'invalid') return finish(tokens, length);
			i = number.end;
			continue;
		}
		if (char === "'") {
			const string = readString(text, start);
			tokens.push(string);
			if (string.kind === 'invalid') return finish(tokens, length);
			i = string.end;
			continue;
		}
		const two = text.slice(i, i + 2);
		if (two === '>=' || two === '<=' || two === '!=') {
			tokens.push({ kind: 'symbol', text: two, start, end: i + 2 });
			i += 2;
			continue;
		}
		if (two === '<>' || two === '==') {
			const instead = two === '<>' ? '!=' : '=';
			tokens.push(invalid(start, start + 2, `'${two}' is not an operator here; use ${instead}`));
			return finish(tokens, length);
		}
		if (SYMBOLS.has(char)) {
			tokens.push({ kind: 'symbol', text: char, start, end: i + 1 });
			i++;
			continue;
		}
		const pair = code >= 0xd800 && code <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
		tokens.push(invalid(start, start + (pair ? 2 : 1), unexpected(text, start)));
		return finish(tokens, length);
	}
	return finish(tokens, length);
}

function unexpected(text: string, offset: number): string {
	const char = text[offset];
	if (TYPOGRAPHIC_QUOTES.has(char)) {
		return `Typographic quote ${describeCharacter(text, offset)}: write strings between straight single quotes ('…')`;
	}
	if (char === '"' || TYPOGRAPHIC_DOUBLE_QUOTES.has(char)) {
		return `Double quote ${describeCharacter(text, offset)}: write strings between single quotes ('…')`;
	}
	if (char === '`') {
		return "Unexpected backquote: write names without quotes and strings between single quotes ('…')";
	}
	if (char === ';') return "Unexpected ';': a query is a single statement, without a semicolon";
	return `Unexpected character ${describeCharacter(text, offset)}`;
}

function invalid(start: number, end: number, problem: string): Token {
	return { kind: 'invalid', text: '', start, end, problem };
}

function finish(tokens: Token[], length: number): Token[] {
	tokens.push({ kind: 'end', text: '', start: length, end: length });
	return tokens;
}

function readNumber(text: string, start: number): Token {
	let i = start;
	if (text[i] === '-') i++;
	while (isDigit(text.charCodeAt(i))) i++;
	if (text[i] === '.') {
		if (!isDigit(text.charCodeAt(i + 1))) {
			return invalid(start, i + 1, 'A number needs a digit after the decimal point');
		}
		i++;
		while (isDigit(text.charCodeAt(i))) i++;
	}
	const next = text.charCodeAt(i);
	if (isWordPart(next) || text[i] === '.' || (text[i] === '-' && isDigit(text.charCodeAt(i + 1)))) {
		// e.g. the docs' redacted `MPNId=6096xxx`: the whole run is one bad value, not a number and a name
		let end = i;
		while (
			end < text.length &&
			(isWordPart(text.charCodeAt(end)) || text[end] === '.' || text[end] === '-')
		) {
			end++;
		}
		const word = text.slice(start, end);
		return invalid(
			start,
			end,
			`'${word}' is not a number; write text values between single quotes: '${word}'`,
		);
	}
	return { kind: 'number', text: text.slice(start, i), start, end: i };
}

function readString(text: string, start: number): Token {
	let value = '';
	let i = start + 1;
	for (;;) {
		const quote = text.indexOf("'", i);
		if (quote === -1) {
			return invalid(
				start,
				text.length,
				"Unterminated string: the quote here has no closing quote (write a quote inside a value as '')",
			);
		}
		const lookalike = text.slice(i, quote).search(QUOTE_LOOKALIKES);
		if (lookalike !== -1) {
			const offset = i + lookalike;
			return invalid(
				offset,
				offset + 1,
				`Typographic quote ${describeCharacter(text, offset)} inside a string: Partner Center may read it as the end of the text; write an apostrophe inside a value as two straight quotes ('')`,
			);
		}
		value += text.slice(i, quote);
		if (text[quote + 1] === "'") {
			value += "'";
			i = quote + 2;
			continue;
		}
		return { kind: 'string', text: value, start, end: quote + 1 };
	}
}

/** Turns offsets into line/column, with \r\n, \n and \r as line breaks. */
export class LineMap {
	private readonly lineStarts: number[] = [0];

	constructor(text: string) {
		for (let i = 0; i < text.length; i++) {
			const code = text.charCodeAt(i);
			if (code === 13 && text.charCodeAt(i + 1) === 10) i++;
			if (code === 10 || code === 13) this.lineStarts.push(i + 1);
		}
	}

	position(offset: number): SourcePosition {
		let low = 0;
		let high = this.lineStarts.length - 1;
		while (low < high) {
			const middle = (low + high + 1) >> 1;
			if (this.lineStarts[middle] <= offset) low = middle;
			else high = middle - 1;
		}
		return { offset, line: low + 1, column: offset - this.lineStarts[low] + 1 };
	}
}
