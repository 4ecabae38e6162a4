import { actorOf, onCommand, type AgoraSocket, type HandlerContext } from './command';

export function registerIdeaHandlers(socket: AgoraSocket, context: HandlerContext): void {
	const { ideas } = context.app.services;
	onCommand(socket, context, 'idea:create', (payload) => ideas.create(actorOf(socket), payload));
}
