import type { Actor } from '../../domain/actors';
import { DomainError } from '../../domain/errors';
import { boardInputSchema, boardQuerySchema, LIVE_BOARD_LINES, type LeaderboardMove } from '../../domain/leaderboards';
import { limitSubjectOf } from '../../domain/limits';
import type { BoardKey, BoardSnapshot, OwnStanding } from '../../domain/points';
import { parseInput } from '../../domain/validation';
import type { RankIndex, ServicePorts } from '../ports';

/** A board as a page or a live watcher first sees it: its snapshot, and where the viewer stands (signed in). */
export interface BoardView {
	readonly snapshot: BoardSnapshot;
	readonly own: OwnStanding | null;
}

/**
 * LB1–LB10: the boards as people read them, for routes and sockets alike: ranks from the rank index (SQL or Redis,
 * the same answers), names from the store. Anyone may read a board; a standing is one's own.
 */
export function createLeaderboardsService({ store, limits }: Pick<ServicePorts, 'store' | 'limits'>, ranks: RankIndex) {
	async function snapshotOf(board: BoardKey, limit: number, offset: number): Promise<BoardSnapshot> {
		const { lines, total, version } = await ranks.top(board, limit, offset);
		const names = await store.pointRanks.displayNames(lines.map((line) => line.userId));
		return { board, version, total, lines: lines.map((line) => ({ ...line, displayName: names.get(line.userId) ?? '' })) };
	}

	async function ownStanding(userId: string, board: BoardKey): Promise<OwnStanding> {
		const [{ rank, points }, listed] = await Promise.all([ranks.standing(board, userId), store.pointRanks.isListed(userId)]);
		return { board, rank, points, listed };
	}

	async function viewOf(actor: Actor, board: BoardKey, limit: number, offset: number): Promise<BoardView> {
		const [snapshot, own] = await Promise.all([snapshotOf(board, limit, offset), actor.kind === 'user' ? ownStanding(actor.userId, board) : null]);
		return { snapshot, own };
	}

	return {
		/** LB3: a page of a board (R47), with the viewer's own standing when signed in (LB2: also when opted out). */
		async board(actor: Actor, input: unknown): Promise<BoardView> {
			const { board, limit, offset } = parseInput(boardQuerySchema, input);
			await limits.take('leaderboard.read', limitSubjectOf(actor));
			return viewOf(actor, board, limit, offset);
		},

		/** LB2: where the signed-in actor stands on a board (R47). */
		async standing(actor: Actor, input: unknown): Promise<OwnStanding> {
			const { board } = parseInput(boardInputSchema, input);
			if (actor.kind !== 'user') throw new DomainError('unauthenticated', 'leaderboard_sign_in');
			await limits.take('leaderboard.read', limitSubjectOf(actor));
			return ownStanding(actor.userId, board);
		},

		/** LB9: a board to follow live (R46): its live snapshot now, and the viewer's standing. */
		async watch(actor: Actor, input: unknown): Promise<BoardView> {
			const { board } = parseInput(boardInputSchema, input);
			await limits.take('leaderboard.watch', limitSubjectOf(actor));
			return viewOf(actor, board, LIVE_BOARD_LINES, 0);
		},

		/** LB9: the snapshot pushed to a board's watchers (the live layer's, no limit: no one asked for it). */
		liveSnapshot(board: BoardKey): Promise<BoardSnapshot> {
			return snapshotOf(board, LIVE_BOARD_LINES, 0);
		},

		/**
		 * LB8: how a person's rank moved when their points on `board` went from `fromPoints` to what they are now
		 * (others' points as they are now); null when neither the rank nor the points changed.
		 */
		async moveOf(userId: string, board: BoardKey, fromPoints: number): Promise<LeaderboardMove | null> {
			const [now, from] = await Promise.all([ranks.standing(board, userId), fromPoints > 0 ? ranks.rankFor(board, fromPoints, userId) : null]);
			// Same rank, new points: still said, so the person's own line shows their points (nothing is announced).
			return from === now.rank && fromPoints === now.points ? null : { board, from, to: now.rank, points: now.points };
		}
	};
}

export type LeaderboardsService = ReturnType<typeof createLeaderboardsService>;
