import type { RankedLine } from '../ports';

/**
 * LB1: competition ranks for one page of a board, most points first: equal points share a rank, the next different
 * score takes its place number. `firstRank` is the first line's rank (1 + how many listed people have more points),
 * so a page that starts inside a tie carries on with the rank of the tie.
 */
export function rankLines(lines: readonly { readonly userId: string; readonly points: number }[], offset: number, firstRank: number): RankedLine[] {
	const ranked: RankedLine[] = [];
	for (const [index, line] of lines.entries()) {
		const previous = ranked.at(-1);
		const rank = previous === undefined ? firstRank : previous.points === line.points ? previous.rank : offset + index + 1;
		ranked.push({ rank, userId: line.userId, points: line.points });
	}
	return ranked;
}

/**
 * LB4: versions in microseconds of a clock that never goes back within the process: a later reading gets a higher
 * one, also across a restart (the wall clock moved on), and on the same scale as Redis's TIME.
 */
export function createVersionClock(now: () => number = Date.now): () => number {
	let last = 0;
	return () => {
		last = Math.max(now() * 1000, last + 1);
		return last;
	};
}
