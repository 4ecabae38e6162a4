import { parseInput } from '../../src/lib/domain/validation';
import { ideaRoomPayloadSchema, roomPayloadSchema, rooms } from '../../src/lib/realtime/protocol';
import { onCommand, type AgoraSocket, type HandlerContext } from './command';

/** Joining and leaving the project and idea rooms a page listens to; anyone, guests included, may watch. */
export function registerRoomHandlers(socket: AgoraSocket, context: HandlerContext): void {
	const { services } = context.app;
	onCommand(socket, context, 'project:join', async (payload) => {
		const { projectId } = parseInput(roomPayloadSchema, payload);
		await services.projects.getById(projectId);
		await socket.join(rooms.project(projectId));
		return { projectId };
	});
	onCommand(socket, context, 'project:leave', async (payload) => {
		const { projectId } = parseInput(roomPayloadSchema, payload);
		await socket.leave(rooms.project(projectId));
		return { projectId };
	});
	onCommand(socket, context, 'idea:join', async (payload) => {
		const { ideaId } = parseInput(ideaRoomPayloadSchema, payload);
		await services.ideas.get(socket.data.actor, ideaId);
		await socket.join(rooms.idea(ideaId));
		return { ideaId };
	});
	onCommand(socket, context, 'idea:leave', async (payload) => {
		const { ideaId } = parseInput(ideaRoomPayloadSchema, payload);
		await socket.leave(rooms.idea(ideaId));
		return { ideaId };
	});
}
