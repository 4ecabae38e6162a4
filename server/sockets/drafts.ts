import { draftDocumentName } from '../../src/lib/server/services/drafts';
import { parseInput } from '../../src/lib/domain/validation';
import { draftRoomPayloadSchema, rooms } from '../../src/lib/realtime/protocol';
import { actorOf, onCommand, type AgoraSocket, type HandlerContext } from './command';

/** Draft commands that need to be live (D18/D19, D44); each is one service call, which checks who may. */
export function registerDraftHandlers(socket: AgoraSocket, context: HandlerContext): void {
	const { drafts, documentHistory } = context.app.services;
	onCommand(socket, context, 'draft:request-join', (payload) => drafts.requestJoin(actorOf(socket), payload));
	onCommand(socket, context, 'draft:answer-join', (payload) => drafts.answerJoin(actorOf(socket), payload));
	onCommand(socket, context, 'draft:watch-history', async (payload) => {
		const { draftId } = parseInput(draftRoomPayloadSchema, payload);
		await documentHistory.watch(actorOf(socket), draftDocumentName(draftId));
		await socket.join(rooms.draftHistory(draftId));
		return { draftId };
	});
	onCommand(socket, context, 'draft:unwatch-history', async (payload) => {
		const { draftId } = parseInput(draftRoomPayloadSchema, payload);
		await socket.leave(rooms.draftHistory(draftId));
		return { draftId };
	});
}
