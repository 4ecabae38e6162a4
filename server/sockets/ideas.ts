import { actorOf, onCommand, type AgoraSocket, type HandlerContext } from './command';

export function registerIdeaHandlers(socket: AgoraSocket, context: HandlerContext): void {
	const { ideas } = context.app.services;
	onCommand(socket, context, 'idea:create', (payload) => ideas.create(actorOf(socket), payload));
	onCommand(socket, context, 'idea:edit', (payload) => ideas.edit(actorOf(socket), payload));
	onCommand(socket, context, 'idea:withdraw', (payload) => ideas.withdraw(actorOf(socket), payload));
	onCommand(socket, context, 'idea:mark-duplicate', (payload) => ideas.markDuplicate(actorOf(socket), payload));
	onCommand(socket, context, 'idea:unmark-duplicate', (payload) => ideas.unmarkDuplicate(actorOf(socket), payload));
}
