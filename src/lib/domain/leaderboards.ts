import { z } from 'zod';
import { boardKeySchema, type BoardKey } from './points';

/** LB3: the most lines one read of a board returns, and how deep a board can be paged. */
export const BOARD_PAGE_MAX = 100;
export const BOARD_OFFSET_MAX = 10_000;
export const BOARD_PAGE_DEFAULT = 20;

/** LB9: the lines a live snapshot carries (the top of the board; deeper pages are read on demand). */
export const LIVE_BOARD_LINES = 20;

/** LB10: how many boards one connection follows at once; following another drops the oldest. */
export const WATCHED_BOARDS_MAX = 5;

/** LB3: a board read: which board, and which lines (query strings arrive as text). */
export const boardQuerySchema = z.strictObject({
	board: boardKeySchema,
	limit: z.coerce.number().int().min(1).max(BOARD_PAGE_MAX).default(BOARD_PAGE_DEFAULT),
	offset: z.coerce.number().int().min(0).max(BOARD_OFFSET_MAX).default(0)
});

/** One board, for a standing or a live watch. */
export const boardInputSchema = z.strictObject({ board: boardKeySchema });

/**
 * LB8: "you moved up 3 places": a person's rank on a board before and after their own points changed (null: no
 * rank, no points there). Told to the person alone, also when they opted out (where they would stand, LB2).
 */
export interface LeaderboardMove {
	readonly board: BoardKey;
	readonly from: number | null;
	readonly to: number | null;
	readonly points: number;
}
