import type { BoardKey, BoardSnapshot, OwnStanding } from '../domain/points';

/** LB8: a person's own rank on a board before and after their points changed (null: not on it). */
export interface OwnMove {
	readonly board: BoardKey;
	readonly from: number | null;
	readonly to: number | null;
	readonly points: number;
}

/** What a move means to say: places gained (negative: lost), or entering the board at a rank; null: nothing. */
export type MoveNews = { readonly kind: 'moved'; readonly places: number } | { readonly kind: 'entered'; readonly rank: number } | null;

/**
 * One board as a page shows it (LB1–LB9): the snapshot it was rendered with, then live snapshots, kept only when
 * newer (LB4: a late or repeated snapshot never takes the board back), and the viewer's own standing, moved live
 * (LB8) and shown also when they opted out (LB2).
 */
export class LeaderboardState {
	snapshot = $state.raw<BoardSnapshot>({ board: 'all', version: 0, lines: [], total: 0 });
	own = $state.raw<OwnStanding | null>(null);

	constructor(view: { readonly snapshot: BoardSnapshot; readonly own: OwnStanding | null }) {
		this.reset(view);
	}

	get board(): BoardKey {
		return this.snapshot.board;
	}

	/** A board read afresh (a load, another board chosen, a watch's first answer). */
	reset(view: { readonly snapshot: BoardSnapshot; readonly own: OwnStanding | null }): void {
		this.snapshot = view.snapshot;
		this.own = view.own;
	}

	/** LB4: a live snapshot; returns whether it was kept (this board, and newer than the one shown). */
	receive(snapshot: BoardSnapshot): boolean {
		if (snapshot.board !== this.snapshot.board || snapshot.version <= this.snapshot.version) return false;
		this.snapshot = snapshot;
		return true;
	}

	/** LB8: the viewer's own rank moved on some board; returns what to say when it is this board. */
	moved(move: OwnMove): MoveNews {
		if (move.board !== this.snapshot.board) return null;
		this.own = { board: move.board, rank: move.to, points: move.points, listed: this.own?.listed ?? true };
		if (move.to === null) return null;
		if (move.from === null) return { kind: 'entered', rank: move.to };
		const places = move.from - move.to;
		return places === 0 ? null : { kind: 'moved', places };
	}
}
