import type { Logger } from 'pino';
import type { App } from '../../src/lib/server/app';
import { onCommand, type AgoraSocket } from './command';

export function registerVoteHandlers(socket: AgoraSocket, app: App, log: Logger): void {
	onCommand(socket, log, 'vote:cast', (payload) => app.services.votes.cast(socket.data.actor, payload));
	onCommand(socket, log, 'vote:withdraw', (payload) => app.services.votes.withdraw(socket.data.actor, payload));
}
