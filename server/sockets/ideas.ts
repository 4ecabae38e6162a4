import type { Logger } from 'pino';
import type { App } from '../../src/lib/server/app';
import { onCommand, type AgoraSocket } from './command';

export function registerIdeaHandlers(socket: AgoraSocket, app: App, log: Logger): void {
	onCommand(socket, log, 'idea:create', (payload) => app.services.ideas.create(socket.data.actor, payload));
}
