import { sql } from 'kysely';
import type { BalanceChange, BoardKey } from '../../domain/points';
import type { Executor } from './executor';

/** One person's line of `point_balances` as the ranks read it. */
export interface BalanceRecord {
	readonly board: BoardKey;
	readonly userId: string;
	readonly points: number;
	readonly reachedAt: string;
	readonly listed: boolean;
}

/** Where a keyset page of `point_balances` starts: after this (board, user) in primary-key order. */
export interface BalanceCursor {
	readonly board: string;
	readonly userId: string;
}

/**
 * The ranks' reads of `point_balances` (LB5), each on the `(board, listed, points desc, reached_at, user_id)` index:
 * a rank counts the index entries of listed people with more points, a page walks the index from its start, so
 * neither sorts nor reads the table; and the rebuild of the balances from the ledger (PT10).
 */
export function pointRanksRepository(db: Executor) {
	const listedWithMore = (board: BoardKey, points: number) =>
		db
			.selectFrom('point_balances')
			.select(sql<number>`count(*)`.as('above'))
			.where('board', '=', board)
			.where('listed', '=', 1)
			.where('points', '>', points);

	return {
		/** One person's balance on one board, listed or not. */
		async balanceOf(board: BoardKey, userId: string): Promise<{ points: number; reachedAt: string; listed: boolean } | null> {
			const row = await db
				.selectFrom('point_balances')
				.select(['points', 'reached_at', 'listed'])
				.where('board', '=', board)
				.where('user_id', '=', userId)
				.executeTakeFirst();
			return row ? { points: Number(row.points), reachedAt: row.reached_at, listed: Number(row.listed) === 1 } : null;
		},

		/** How many listed people have more than `points` (other than `exceptUserId`): a competition rank is one more. */
		async countAbove(board: BoardKey, points: number, exceptUserId?: string): Promise<number> {
			let query = listedWithMore(board, points);
			if (exceptUserId !== undefined) query = query.where('user_id', '<>', exceptUserId);
			const row = await query.executeTakeFirstOrThrow();
			return Number(row.above);
		},

		/** LB3: how many listed people have points on the board. */
		async listedCount(board: BoardKey): Promise<number> {
			const row = await listedWithMore(board, 0).executeTakeFirstOrThrow();
			return Number(row.above);
		},

		/** LB1: listed people with points, most first, ties by who got there first, then user id; from `offset`. */
		async top(board: BoardKey, limit: number, offset: number): Promise<{ userId: string; points: number }[]> {
			const rows = await db
				.selectFrom('point_balances')
				.select(['user_id', 'points'])
				.where('board', '=', board)
				.where('listed', '=', 1)
				.where('points', '>', 0)
				.orderBy('points', 'desc')
				.orderBy('reached_at')
				.orderBy('user_id')
				.limit(limit)
				.offset(offset)
				.execute();
			return rows.map((row) => ({ userId: row.user_id, points: Number(row.points) }));
		},

		/** Every balance in primary-key order, `size` at a time after `after` (a rank index reloading, PT10). */
		async page(after: BalanceCursor | null, size: number): Promise<BalanceRecord[]> {
			let query = db.selectFrom('point_balances').select(['board', 'user_id', 'points', 'reached_at', 'listed']);
			if (after) query = query.where(sql<boolean>`(board, user_id) > (${after.board}, ${after.userId})`);
			const rows = await query.orderBy('board').orderBy('user_id').limit(size).execute();
			return rows.map((row) => ({
				board: row.board as BoardKey,
				userId: row.user_id,
				points: Number(row.points),
				reachedAt: row.reached_at,
				listed: Number(row.listed) === 1
			}));
		},

		/** LB2: whether a person appears on public boards (false for no such person). */
		async isListed(userId: string): Promise<boolean> {
			const row = await db.selectFrom('users').select('points_listed').where('id', '=', userId).executeTakeFirst();
			return Number(row?.points_listed ?? 0) === 1;
		},

		/** The boards a person has a balance on (LB2: an opt-out changes every one of them). */
		async boardsOf(userId: string): Promise<BoardKey[]> {
			const rows = await db.selectFrom('point_balances').select('board').where('user_id', '=', userId).execute();
			return rows.map((row) => row.board as BoardKey);
		},

		/** The names boards show, for these people. */
		async displayNames(userIds: readonly string[]): Promise<Map<string, string>> {
			if (userIds.length === 0) return new Map();
			const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', [...userIds]).execute();
			return new Map(rows.map((row) => [row.id, row.display_name]));
		},

		/**
		 * LB5: sets committed totals (the write the points service makes in the ledger's transaction, and what the rank
		 * tests drive the boards with).
		 */
		async writeBalances(changes: readonly BalanceChange[]): Promise<void> {
			if (changes.length === 0) return;
			await db
				.insertInto('point_balances')
				.values(changes.map((change) => ({ board: change.board, user_id: change.userId, points: change.points, reached_at: change.reachedAt, listed: change.listed ? 1 : 0 })))
				.onConflict((conflict) =>
					conflict.columns(['board', 'user_id']).doUpdateSet((eb) => ({ points: eb.ref('excluded.points'), reached_at: eb.ref('excluded.reached_at'), listed: eb.ref('excluded.listed') }))
				)
				.execute();
		},

		/** LB2: a person's opt-out (or back in), on their account and on every balance of theirs. */
		async setListed(userId: string, listed: boolean): Promise<void> {
			await db.updateTable('users').set({ points_listed: listed ? 1 : 0 }).where('id', '=', userId).execute();
			await db.updateTable('point_balances').set({ listed: listed ? 1 : 0 }).where('user_id', '=', userId).execute();
		}
	};
}

export type PointRanksRepository = ReturnType<typeof pointRanksRepository>;
