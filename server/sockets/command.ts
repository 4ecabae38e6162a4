import type { Socket } from 'socket.io';
import type { Logger } from 'pino';
import { isDomainError } from '../../src/lib/domain/errors';
import type { Actor } from '../../src/lib/domain/actors';
import type { MapWatch } from '../../src/lib/domain/map-live';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../src/lib/realtime/protocol';
import type { App } from '../../src/lib/server/app';
import { describeDomainError } from '../../src/lib/i18n/domain-messages';
import { m } from '../../src/lib/paraglide/messages.js';
import type { Locale } from '../../src/lib/paraglide/runtime.js';

export interface SocketData {
	actor: Actor;
	/** L2: the language acks are worded in (what the page declared at the handshake, else the cookie or browser). */
	locale: Locale;
	/** The client's address (see clientAddressOf), for the per-address limits. */
	address: string;
	/** The session's key when signed in (see accounts.sessionKeyOf). */
	sessionKey: string | null;
	/** M6: the map view this socket follows, if any. */
	mapWatch?: MapWatch;
	/** LB10: the boards this socket follows, oldest first. */
	boards?: string[];
}

export type AgoraSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

type CommandName = keyof ClientToServerEvents;
type DataOf<Name extends CommandName> = Parameters<Parameters<ClientToServerEvents[Name]>[1]>[0] extends Ack<infer Data> ? Data : never;

/**
 * Counts commands in flight, so a shutdown can stop taking new ones and let running ones finish (and broadcast)
 * before the sockets and the adapter close.
 */
export interface CommandGate {
	readonly open: boolean;
	enter(): void;
	leave(): void;
	/** Refuses new commands, then resolves when none is running (or after `timeoutMs`). */
	drain(timeoutMs: number): Promise<void>;
}

export function createCommandGate(): CommandGate {
	let running = 0;
	let open = true;
	let idle: (() => void) | null = null;
	return {
		get open() {
			return open;
		},
		enter: () => void (running += 1),
		leave() {
			running -= 1;
			if (running === 0) idle?.();
		},
		drain(timeoutMs) {
			open = false;
			if (running === 0) return Promise.resolve();
			return new Promise((resolve) => {
				const timer = setTimeout(resolve, timeoutMs);
				idle = () => {
					clearTimeout(timer);
					resolve();
				};
			});
		}
	};
}

/** The actor a command acts as: the socket's, with its address, so services apply their per-address limits. */
export function actorOf(socket: AgoraSocket): Actor {
	return { ...socket.data.actor, address: socket.data.address };
}

/** What every socket handler needs: the app's services, a logger and the gate. */
export interface HandlerContext {
	readonly app: App;
	readonly log: Logger;
	readonly gate: CommandGate;
}

/** About when a client dropped by a shutdown is connected again (to another node, or this one restarted). */
const RETRY_AFTER_SHUTDOWN_MS = 1_000;


/**
 * Registers one command: runs `handle` with the raw payload (services parse it), and answers the ack with
 * `{ ok, data }` or `{ ok: false, error }`. A missing ack is tolerated (the command still runs); a throw that is not a
 * DomainError is logged and answered as `internal`, never crashing the process.
 */
export function onCommand<Name extends CommandName>(
	socket: AgoraSocket,
	{ log, gate }: HandlerContext,
	name: Name,
	handle: (payload: unknown) => Promise<DataOf<Name>>
): void {
	const listener = async (payload: unknown, ack: unknown) => {
		const reply = typeof ack === 'function' ? (ack as (answer: Ack<DataOf<Name>>) => void) : () => {};
		const { locale } = socket.data;
		// The command did not run: a shutdown stopped taking commands. The client sends it again (see sendCommand).
		if (!gate.open) {
			return reply({ ok: false, error: { code: 'unavailable', message: m.error_unavailable({}, { locale }), retryAfterMs: RETRY_AFTER_SHUTDOWN_MS } });
		}
		gate.enter();
		try {
			reply({ ok: true, data: await handle(payload) });
		} catch (error) {
			if (isDomainError(error)) {
				reply({ ok: false, error: { ...describeDomainError(error, locale), ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}) } });
				return;
			}
			log.error({ err: error, command: name, socket: socket.id }, 'socket command failed');
			reply({ ok: false, error: { code: 'internal', message: m.error_internal({}, { locale }) } });
		} finally {
			gate.leave();
		}
	};
	// Socket.io's typed `on` cannot express "any payload, optional ack"; the listener checks both at run time.
	(socket as unknown as { on(event: string, listener: (payload: unknown, ack: unknown) => Promise<void>): void }).on(name, listener);
}
