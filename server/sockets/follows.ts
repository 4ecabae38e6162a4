import { actorOf, onCommand, type AgoraSocket, type HandlerContext } from './command';

/** FO2/FO3 follows and N5 read marks over the live connection. */
export function registerFollowHandlers(socket: AgoraSocket, context: HandlerContext): void {
	const { follows, notifications } = context.app.services;
	onCommand(socket, context, 'follow:idea', (payload) => follows.setIdea(actorOf(socket), payload));
	onCommand(socket, context, 'follow:project', (payload) => follows.setProject(actorOf(socket), payload));
	onCommand(socket, context, 'notification:read', (payload) => notifications.markRead(actorOf(socket), payload));
}
