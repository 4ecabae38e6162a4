import type { Logger } from 'pino';
import type { DomainEvent } from '../src/lib/domain/events';
import type { BoardKey } from '../src/lib/domain/points';
import { rooms } from '../src/lib/realtime/protocol';
import type { App } from '../src/lib/server/app';
import { createCoalescer } from './coalescer';
import type { AgoraServer } from './realtime';

export interface LeaderboardLive {
	/** Takes a domain event; point changes and opt-outs become board snapshots and "you moved" messages. */
	note(event: DomainEvent): void;
	/** Sends what the coalescers keep (shutdown). */
	close(): void;
}

interface Move {
	readonly userId: string;
	readonly board: BoardKey;
	/** The points before the first change of the window: the move is told from there. */
	readonly fromPoints: number;
}

/**
 * LB8/LB9: live boards. Like the counts (count-coalescer.ts), each node coalesces the point changes its own services
 * commit: at most one snapshot per board per window, read fresh from the rank index when it goes out (so it holds
 * every change before it, whichever node made it) and broadcast through the adapter to every node's watchers of
 * `leaderboard:<board>`. With N nodes a watcher gets at most N snapshots per window; their versions (LB4) order them.
 * A person whose own points changed hears how their rank moved, once per board and window, in `user:<id>`.
 *
 * Snapshots of one board are read one at a time per node, so a slow read never lets an older one out after a newer.
 */
export function createLeaderboardLive(io: AgoraServer, app: App, log: Logger, clustered: boolean): LeaderboardLive {
	const { leaderboards } = app.services;
	const windowMs = app.config.liveBoardsWindowMs;
	// Without the adapter this node's rooms are all there is: nobody watching, nothing to read.
	const watched = (room: string) => clustered || (io.sockets.adapter.rooms.get(room)?.size ?? 0) > 0;

	const reading = new Map<BoardKey, Promise<void>>();
	const again = new Set<BoardKey>();
	function sendSnapshot(board: BoardKey): void {
		if (!watched(rooms.leaderboard(board))) return;
		if (reading.has(board)) {
			again.add(board);
			return;
		}
		const read = leaderboards
			.liveSnapshot(board)
			.then((snapshot) => void io.to(rooms.leaderboard(board)).emit('leaderboard:snapshot', snapshot))
			.catch((error: unknown) => log.warn({ err: error, board }, 'could not send a leaderboard snapshot'))
			.finally(() => {
				reading.delete(board);
				if (again.delete(board)) sendSnapshot(board);
			});
		reading.set(board, read);
	}

	const snapshots = createCoalescer<BoardKey>({ windowMs, keyOf: (board) => board, merge: (_pending, offered) => offered, send: sendSnapshot });

	const moves = createCoalescer<Move>({
		windowMs,
		keyOf: (move) => `${move.userId} ${move.board}`,
		merge: (pending, offered) => pending ?? offered,
		send(move) {
			if (!watched(rooms.user(move.userId))) return;
			leaderboards
				.moveOf(move.userId, move.board, move.fromPoints)
				.then((moved) => moved && void io.to(rooms.user(move.userId)).emit('leaderboard:moved', moved))
				.catch((error: unknown) => log.warn({ err: error, board: move.board }, 'could not tell a leaderboard move'));
		}
	});

	return {
		note(event) {
			if (event.type === 'points.changed') {
				for (const change of event.changes) {
					snapshots.offer(change.board);
					if (change.delta !== 0) moves.offer({ userId: change.userId, board: change.board, fromPoints: change.points - change.delta });
				}
			} else if (event.type === 'points.listingChanged') {
				// LB2: the person appears on or leaves every board of theirs at once.
				app.store.pointRanks.boardsOf(event.userId).then(
					(boards) => boards.forEach((board) => snapshots.offer(board)),
					(error: unknown) => log.warn({ err: error }, 'could not find the boards of an opt-out')
				);
			}
		},
		close() {
			snapshots.close();
			moves.close();
		}
	};
}
