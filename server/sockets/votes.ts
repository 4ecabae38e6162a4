import { actorOf, onCommand, type AgoraSocket, type HandlerContext } from './command';

export function registerVoteHandlers(socket: AgoraSocket, context: HandlerContext): void {
	const { votes } = context.app.services;
	onCommand(socket, context, 'vote:cast', (payload) => votes.cast(actorOf(socket), payload));
	onCommand(socket, context, 'vote:withdraw', (payload) => votes.withdraw(actorOf(socket), payload));
}
