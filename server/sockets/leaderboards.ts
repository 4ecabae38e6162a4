import { boardInputSchema, WATCHED_BOARDS_MAX } from '../../src/lib/domain/leaderboards';
import { parseInput } from '../../src/lib/domain/validation';
import { rooms } from '../../src/lib/realtime/protocol';
import { actorOf, onCommand, type AgoraSocket, type HandlerContext } from './command';

/** LB9/LB10: following boards live; anyone, guests included, may watch. */
export function registerLeaderboardHandlers(socket: AgoraSocket, context: HandlerContext): void {
	const { leaderboards } = context.app.services;

	onCommand(socket, context, 'leaderboard:watch', async (payload) => {
		const { board } = parseInput(boardInputSchema, payload);
		// Joined before reading, so a snapshot pushed meanwhile is not missed (the client keeps the higher version).
		await socket.join(rooms.leaderboard(board));
		let view;
		try {
			view = await leaderboards.watch(actorOf(socket), payload);
		} catch (error) {
			if (!(socket.data.boards ?? []).includes(board)) await socket.leave(rooms.leaderboard(board));
			throw error;
		}
		// Read after the awaits: commands sent in parallel each see the others' boards.
		const watched = [...(socket.data.boards ?? []).filter((other) => other !== board), board].slice(-WATCHED_BOARDS_MAX);
		socket.data.boards = watched;
		// LB10: a connection holds a bounded number of board rooms, whatever it sends, in whatever order.
		const kept = new Set(watched.map(rooms.leaderboard));
		for (const room of [...socket.rooms]) if (room.startsWith(rooms.leaderboard('')) && !kept.has(room)) await socket.leave(room);
		for (const room of kept) if (!socket.rooms.has(room)) await socket.join(room);
		return view;
	});

	onCommand(socket, context, 'leaderboard:unwatch', async (payload) => {
		const { board } = parseInput(boardInputSchema, payload);
		socket.data.boards = (socket.data.boards ?? []).filter((other) => other !== board);
		await socket.leave(rooms.leaderboard(board));
		return { board };
	});
}
