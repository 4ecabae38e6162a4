export interface Percentiles {
	readonly p50: number;
	readonly p99: number;
	readonly samples: number;
}

/** Nearest-rank percentile (0 < p ≤ 100) of samples sorted ascending; NaN when there are none. */
export function percentile(sortedSamples: ArrayLike<number>, p: number): number {
	if (sortedSamples.length === 0) return Number.NaN;
	const rank = Math.ceil((p / 100) * sortedSamples.length);
	return sortedSamples[Math.min(sortedSamples.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export function percentilesOf(samples: Float64Array): Percentiles {
	const sorted = Float64Array.from(samples).sort();
	return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), samples: sorted.length };
}

export function concatSamples(parts: readonly Float64Array[]): Float64Array {
	const all = new Float64Array(parts.reduce((total, part) => total + part.length, 0));
	let offset = 0;
	for (const part of parts) {
		all.set(part, offset);
		offset += part.length;
	}
	return all;
}
