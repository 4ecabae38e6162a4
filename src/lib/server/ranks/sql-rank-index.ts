import type { RankIndex } from '../ports';
import type { PointRanksRepository } from '../storage/point-ranks';
import { createVersionClock, rankLines } from './ranked-lines';

/**
 * LB5: ranks straight from `point_balances`, which the points service writes in the ledger's own transaction, so
 * there is nothing to keep in step: `apply`, `setListed` and `rebuild` have nothing to do. Every read walks the
 * `(board, listed, points desc, reached_at, user_id)` index: a page reads `offset + limit` entries, a rank counts the
 * entries above it (at 100,000 listed people, at most 100,000 index entries for the last one, no table rows; see
 * docs/BENCHMARKS.md).
 *
 * LB4: versions come from this process's clock, taken before the read, so a later snapshot is never older. Without
 * Redis there is one node per set of watchers, so one clock orders them.
 */
export function createSqlRankIndex(ranks: PointRanksRepository): RankIndex {
	const version = createVersionClock();
	return {
		async apply() {},
		async setListed() {},
		async rebuild() {},
		async standing(board, userId) {
			const balance = await ranks.balanceOf(board, userId);
			if (!balance || balance.points <= 0) return { rank: null, points: balance?.points ?? 0 };
			return { rank: 1 + (await ranks.countAbove(board, balance.points)), points: balance.points };
		},
		async top(board, limit, offset = 0) {
			const taken = version();
			const [lines, total] = await Promise.all([ranks.top(board, limit, offset), ranks.listedCount(board)]);
			const firstRank = offset === 0 || lines.length === 0 ? offset + 1 : 1 + (await ranks.countAbove(board, lines[0]!.points));
			return { lines: rankLines(lines, offset, firstRank), total, version: taken };
		},
		async rankFor(board, points, userId) {
			return 1 + (await ranks.countAbove(board, points, userId));
		}
	};
}
