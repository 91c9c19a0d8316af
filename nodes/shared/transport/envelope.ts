import type { IDataObject } from 'n8n-workflow';

/**
 * Every Partner Center analytics response shares one envelope. The docs' schemas use PascalCase
 * (`Value`, `TotalCount`) while the examples use camelCase, and Create Report answers in PascalCase,
 * so both spellings are read.
 */
export interface PartnerCenterEnvelope {
	value: IDataObject[];
	nextLink: string | null;
	totalCount: number | undefined;
	message: string | undefined;
	statusCode: number | undefined;
	dataRedacted: boolean | undefined;
}

function pick(source: IDataObject, name: string): unknown {
	if (name in source) return source[name];
	const pascal = name.charAt(0).toUpperCase() + name.slice(1);
	if (pascal in source) return source[pascal];
	const lower = name.toLowerCase();
	const key = Object.keys(source).find((candidate) => candidate.toLowerCase() === lower);
	return key === undefined ? undefined : source[key];
}

function toNumber(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
		return Number(value);
	return undefined;
}

/** Parses a body that may arrive as text (with a UTF-8 BOM, as other Partner Center APIs send). */
export function parseBody(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	const text = body.replace(/^\uFEFF/, '').trim();
	if (text === '') return {};
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return { message: text.slice(0, 500) };
	}
}

export function normalizeEnvelope(body: unknown): PartnerCenterEnvelope {
	const parsed = parseBody(body);
	if (Array.isArray(parsed)) {
		return {
			value: parsed as IDataObject[],
			nextLink: null,
			totalCount: parsed.length,
			message: undefined,
			statusCode: undefined,
			dataRedacted: undefined,
		};
	}
	const source = (parsed && typeof parsed === 'object' ? parsed : {}) as IDataObject;
	const rawValue = pick(source, 'value');
	const value = Array.isArray(rawValue)
		? (rawValue as IDataObject[])
		: rawValue && typeof rawValue === 'object'
			? [rawValue as IDataObject]
			: [];
	const nextLink = pick(source, 'nextLink');
	const message = pick(source, 'message');
	const dataRedacted = pick(source, 'dataRedacted');
	return {
		value,
		nextLink: typeof nextLink === 'string' && nextLink.trim() !== '' ? nextLink.trim() : null,
		totalCount: toNumber(pick(source, 'totalCount')),
		message: typeof message === 'string' ? message : undefined,
		statusCode: toNumber(pick(source, 'statusCode')),
		dataRedacted: typeof dataRedacted === 'boolean' ? dataRedacted : undefined,
	};
}

/**
 * Entity keys arrive in both casings too (`CallbackMethod` beside `callbackUrl` in the same object);
 * output items use camelCase. Only for entities: query result rows keep their column names.
 */
export function camelCaseKeys(item: IDataObject): IDataObject {
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(item)) {
		const camel = key.charAt(0).toLowerCase() + key.slice(1);
		if (!(camel in result) || key === camel) result[camel] = value;
	}
	return result;
}

/** Resolves a `nextLink` (absolute, host-relative or relative to the program's base path). */
export function resolveNextLink(nextLink: string, apiBaseUrl: string, basePath: string): string {
	const base = new URL(`${apiBaseUrl}${basePath}/`);
	const resolved = new URL(nextLink, base);
	if (resolved.origin !== base.origin) {
		throw new Error(
			`Partner Center returned a nextLink to another host (${resolved.origin}); it was not followed so the access token stays with ${base.origin}`,
		);
	}
	return resolved.toString();
}
