import type { Logger } from 'pino';
import { parseInput } from '../../src/lib/domain/validation';
import { ideaRoomPayloadSchema, roomPayloadSchema, rooms } from '../../src/lib/realtime/protocol';
import type { App } from '../../src/lib/server/app';
import { onCommand, type AgoraSocket } from './command';

/** Joining and leaving the rooms a page listens to; anyone, guests included, may watch. */
export function registerRoomHandlers(socket: AgoraSocket, app: App, log: Logger): void {
	onCommand(socket, log, 'project:join', async (payload) => {
		const { projectId } = parseInput(roomPayloadSchema, payload);
		await app.services.projects.getById(projectId);
		await socket.join(rooms.project(projectId));
		return { projectId };
	});
	onCommand(socket, log, 'project:leave', async (payload) => {
		const { projectId } = parseInput(roomPayloadSchema, payload);
		await socket.leave(rooms.project(projectId));
		return { projectId };
	});
	onCommand(socket, log, 'idea:join', async (payload) => {
		const { ideaId } = parseInput(ideaRoomPayloadSchema, payload);
		await app.services.ideas.get(socket.data.actor, ideaId);
		await socket.join(rooms.idea(ideaId));
		return { ideaId };
	});
	onCommand(socket, log, 'idea:leave', async (payload) => {
		const { ideaId } = parseInput(ideaRoomPayloadSchema, payload);
		await socket.leave(rooms.idea(ideaId));
		return { ideaId };
	});
}
