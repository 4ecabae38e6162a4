import { actorOf, onCommand, type AgoraSocket, type HandlerContext } from './command';

/** Comment commands (C1–C6); each is one service call, which parses the payload. Facts go to `idea:<id>` only. */
export function registerCommentHandlers(socket: AgoraSocket, context: HandlerContext): void {
	const { comments } = context.app.services;
	onCommand(socket, context, 'comment:create', (payload) => comments.add(actorOf(socket), payload));
	onCommand(socket, context, 'comment:edit', (payload) => comments.edit(actorOf(socket), payload));
	onCommand(socket, context, 'comment:delete', (payload) => comments.delete(actorOf(socket), payload));
	onCommand(socket, context, 'comment:upvote', (payload) => comments.upvote(actorOf(socket), payload));
	onCommand(socket, context, 'comment:thread', (payload) => comments.thread(actorOf(socket), payload));
	onCommand(socket, context, 'comment:history', (payload) => comments.history(payload, actorOf(socket)));
}
