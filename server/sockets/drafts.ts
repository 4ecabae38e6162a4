import { actorOf, onCommand, type AgoraSocket, type HandlerContext } from './command';

/** Draft commands that need to be live (D18/D19); each is one service call, which parses the payload. */
export function registerDraftHandlers(socket: AgoraSocket, context: HandlerContext): void {
	const { drafts } = context.app.services;
	onCommand(socket, context, 'draft:request-join', (payload) => drafts.requestJoin(actorOf(socket), payload));
	onCommand(socket, context, 'draft:answer-join', (payload) => drafts.answerJoin(actorOf(socket), payload));
}
