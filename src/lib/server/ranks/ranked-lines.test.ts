import { describe, expect, it } from 'vitest';
import { createVersionClock, rankLines } from './ranked-lines';

describe('ranked lines', () => {
	it('[LB1] equal points share a rank and the next different score takes its place number', () => {
		const lines = [10, 8, 8, 5, 5, 5, 1].map((points, index) => ({ userId: `u${index}`, points }));
		expect(rankLines(lines, 0, 1).map((line) => line.rank)).toEqual([1, 2, 2, 4, 4, 4, 7]);
	});

	it('[LB3] a page that starts inside a tie carries on the rank of the tie', () => {
		const page = [5, 5, 1].map((points, index) => ({ userId: `u${index}`, points }));
		expect(rankLines(page, 4, 4).map((line) => line.rank)).toEqual([4, 4, 7]);
	});

	it('[LB4] versions never go back, even when the clock does', () => {
		const times = [1_000, 1_000, 999, 1_001];
		const next = createVersionClock(() => times.shift()!);
		expect([next(), next(), next(), next()]).toEqual([1_000_000, 1_000_001, 1_000_002, 1_001_000]);
	});
});
