import type { Socket } from 'socket.io';
import type { Logger } from 'pino';
import { isDomainError } from '../../src/lib/domain/errors';
import type { Actor } from '../../src/lib/domain/actors';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../src/lib/realtime/protocol';

export interface SocketData {
	actor: Actor;
	/** The session's key when signed in (see accounts.sessionKeyOf). */
	sessionKey: string | null;
}

export type AgoraSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

type CommandName = keyof ClientToServerEvents;
type DataOf<Name extends CommandName> = Parameters<Parameters<ClientToServerEvents[Name]>[1]>[0] extends Ack<infer Data> ? Data : never;

/**
 * Registers one command: runs `handle` with the raw payload (services parse it), and answers the ack with
 * `{ ok, data }` or `{ ok: false, error }`. A missing ack is tolerated (the command still runs); a throw that is not a
 * DomainError is logged and answered as `internal`, never crashing the process.
 */
export function onCommand<Name extends CommandName>(
	socket: AgoraSocket,
	log: Logger,
	name: Name,
	handle: (payload: unknown) => Promise<DataOf<Name>>
): void {
	const listener = async (payload: unknown, ack: unknown) => {
		const reply = typeof ack === 'function' ? (ack as (answer: Ack<DataOf<Name>>) => void) : () => {};
		try {
			reply({ ok: true, data: await handle(payload) });
		} catch (error) {
			if (isDomainError(error)) {
				reply({ ok: false, error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } });
				return;
			}
			log.error({ err: error, command: name, socket: socket.id }, 'socket command failed');
			reply({ ok: false, error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' } });
		}
	};
	// Socket.io's typed `on` cannot express "any payload, optional ack"; the listener checks both at run time.
	(socket as unknown as { on(event: string, listener: (payload: unknown, ack: unknown) => Promise<void>): void }).on(name, listener);
}
