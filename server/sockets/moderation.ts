import { z } from 'zod';
import { DomainError } from '../../src/lib/domain/errors';
import { parseInput } from '../../src/lib/domain/validation';
import { rooms } from '../../src/lib/realtime/protocol';
import { actorOf, onCommand, type AgoraSocket, type HandlerContext } from './command';

const nothing = z.strictObject({}, { error: 'validation_invalid' });

/** MO1–MO7 commands; each is one service call. The staff room is joined only after the service's role check. */
export function registerModerationHandlers(socket: AgoraSocket, context: HandlerContext): void {
	const { moderation } = context.app.services;
	onCommand(socket, context, 'report:create', (payload) => moderation.report(actorOf(socket), payload));
	onCommand(socket, context, 'moderation:watch', async (payload) => {
		parseInput(nothing, payload);
		// queue() refuses guests, citizens, facilitators and blocked accounts before the room is joined.
		const queue = await moderation.queue(actorOf(socket));
		if (!moderation.mayWatchQueue(socket.data.actor)) throw new DomainError('forbidden', 'moderation_forbidden');
		await socket.join(rooms.moderation);
		return queue;
	});
	onCommand(socket, context, 'moderation:unwatch', async (payload) => {
		parseInput(nothing, payload);
		await socket.leave(rooms.moderation);
		return {};
	});
	onCommand(socket, context, 'moderation:hide', (payload) => moderation.hide(actorOf(socket), payload));
	onCommand(socket, context, 'moderation:restore', (payload) => moderation.restore(actorOf(socket), payload));
	onCommand(socket, context, 'moderation:dismiss', (payload) => moderation.dismiss(actorOf(socket), payload));
	onCommand(socket, context, 'moderation:block', (payload) => moderation.block(actorOf(socket), payload));
	onCommand(socket, context, 'moderation:unblock', (payload) => moderation.unblock(actorOf(socket), payload));
	onCommand(socket, context, 'moderation:audit', (payload) => moderation.audit(actorOf(socket), payload));
}
