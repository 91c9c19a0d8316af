/**
 * "Did you mean …?" for unknown names: case-insensitive edit distance (Damerau–Levenshtein,
 * adjacent swaps count as one edit), plus names that contain the typed one or are contained in it.
 */

/** Edit distance, or `limit + 1` as soon as it is known to exceed `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
	if (Math.abs(a.length - b.length) > limit) return limit + 1;
	let beforePrevious: number[] = [];
	let previous: number[] = [];
	for (let j = 0; j <= b.length; j++) previous.push(j);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		let rowMinimum = i;
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
				value = Math.min(value, beforePrevious[j - 2] + 1);
			}
			current.push(value);
			rowMinimum = Math.min(rowMinimum, value);
		}
		if (rowMinimum > limit) return limit + 1;
		beforePrevious = previous;
		previous = current;
	}
	return Math.min(previous[b.length], limit + 1);
}

/** Up to `count` candidates close to `name`, closest first (at most one edit further than the best). */
export function closestNames(name: string, candidates: readonly string[], count = 3): string[] {
	const typed = name.toLowerCase();
	// about one edit per three characters, at least one and at most four
	const limit = Math.max(1, Math.min(4, Math.floor(typed.length / 3)));
	const scored: Array<{ candidate: string; score: number }> = [];
	const seen = new Set<string>();
	for (const candidate of candidates) {
		const lower = candidate.toLowerCase();
		if (seen.has(lower)) continue;
		seen.add(lower);
		let score = editDistance(typed, lower, limit);
		if (score > limit) {
			const shorter = typed.length < lower.length ? typed : lower;
			const longer = shorter === typed ? lower : typed;
			if (shorter.length < 4 || !longer.includes(shorter)) continue;
			score = limit + 1;
		}
		scored.push({ candidate, score });
	}
	scored.sort((x, y) => x.score - y.score || x.candidate.localeCompare(y.candidate));
	// a much closer match makes the distant ones noise
	const best = scored.length ? scored[0].score : 0;
	return scored
		.filter((entry) => entry.score <= best + 1)
		.slice(0, count)
		.map((entry) => entry.candidate);
}
