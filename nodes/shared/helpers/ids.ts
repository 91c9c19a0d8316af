/**
 * Partner Center query, report and execution IDs look like GUIDs, but one documented system query ID
 * has letters past f, so any letter is accepted. One pattern for every check and the editor's fields.
 */
const ID_SOURCE = '[0-9a-zA-Z]{8}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{12}';

const ID = new RegExp(`^${ID_SOURCE}$`);

/** For the editor's "By ID" validation, which sees the value before it is trimmed. */
export const ID_FIELD_PATTERN = `^\\s*${ID_SOURCE}\\s*$`;

export function isPartnerCenterId(value: string): boolean {
	return ID.test(value);
}

/** Checks a query or report id; the message names the field. */
export function checkId(raw: unknown, name: 'queryId' | 'reportId'): string {
	const value = String(raw ?? '').trim();
	const label = name === 'queryId' ? 'Query' : 'Report';
	if (!isPartnerCenterId(value)) {
		throw new Error(
			`"${label}" must be a Partner Center ${label.toLowerCase()} ID such as 72fa95ab-35f5-4d44-a1ee-503abbc88003, got "${value}"`,
		);
	}
	return value;
}

/**
 * The watched reports of a trigger: IDs separated by commas, spaces or semicolons, or lists of them
 * (the list picker's values and the "More Reports to Watch, by ID (Comma-Separated)" field together).
 */
export function parseReportIds(...values: unknown[]): string[] {
	const list = values
		.flatMap((value) => (Array.isArray(value) ? value.map(String) : [String(value ?? '')]))
		.flatMap((text) => text.split(/[\s,;]+/))
		.map((id) => id.trim())
		.filter((id) => id !== '');
	const invalid = list.filter((id) => !isPartnerCenterId(id));
	if (list.length === 0 || invalid.length > 0) {
		throw new Error(
			list.length === 0
				? 'No report to watch: choose at least one under "Reports to Watch (From the List) Names or IDs", or enter its ID under "More Reports to Watch, by ID (Comma-Separated)"'
				: `"More Reports to Watch, by ID (Comma-Separated)" must be report IDs such as 72fa95ab-35f5-4d44-a1ee-503abbc88003; not an ID: "${invalid[0]}"`,
		);
	}
	return [...new Set(list.map((id) => id.toLowerCase()))];
}

/** Partner Center IDs are GUIDs: the same ID may come back in another letter case. */
export function sameId(a: unknown, b: unknown): boolean {
	return typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();
}
