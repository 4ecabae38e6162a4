import { boardInputSchema, WATCHED_BOARDS_MAX } from '../../src/lib/domain/leaderboards';
import { parseInput } from '../../src/lib/domain/validation';
import { rooms } from '../../src/lib/realtime/protocol';
import { actorOf, onCommand, type AgoraSocket, type HandlerContext } from './command';

/** LB9/LB10: following boards live; anyone, guests included, may watch. */
export function registerLeaderboardHandlers(socket: AgoraSocket, context: HandlerContext): void {
	const { leaderboards } = context.app.services;

	onCommand(socket, context, 'leaderboard:watch', async (payload) => {
		const { board } = parseInput(boardInputSchema, payload);
		const before = socket.data.boards ?? [];
		// Joined before reading, so a snapshot pushed meanwhile is not missed (the client keeps the higher version).
		await socket.join(rooms.leaderboard(board));
		let view;
		try {
			view = await leaderboards.watch(actorOf(socket), payload);
		} catch (error) {
			if (!before.includes(board)) await socket.leave(rooms.leaderboard(board));
			throw error;
		}
		const watched = [...before.filter((other) => other !== board), board];
		// LB10: a connection holds a bounded number of board rooms, whatever it sends.
		for (const dropped of watched.splice(0, Math.max(0, watched.length - WATCHED_BOARDS_MAX))) await socket.leave(rooms.leaderboard(dropped));
		socket.data.boards = watched;
		return view;
	});

	onCommand(socket, context, 'leaderboard:unwatch', async (payload) => {
		const { board } = parseInput(boardInputSchema, payload);
		socket.data.boards = (socket.data.boards ?? []).filter((other) => other !== board);
		await socket.leave(rooms.leaderboard(board));
		return { board };
	});
}
