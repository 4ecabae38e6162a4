import { io, type Socket } from 'socket.io-client';
import { SOCKET_PATH, type Ack, type ClientToServerEvents, type ServerToClientEvents } from './protocol';

export type AgoraClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

type CommandName = keyof ClientToServerEvents;
type PayloadOf<Name extends CommandName> = Parameters<ClientToServerEvents[Name]>[0];
type AckOf<Name extends CommandName> = Parameters<Parameters<ClientToServerEvents[Name]>[1]>[0];

const COMMAND_TIMEOUT_MS = 10_000;

/** After the server dropped the connection on purpose (e.g. this session signed out elsewhere), come back, as a guest if need be. */
const RECONNECT_AFTER_SERVER_DISCONNECT_MS = 1_000;

let shared: AgoraClientSocket | null = null;
/** Who the connection acts for (a user id, or null for a guest); undefined until the layout first says. */
let connectedAs: string | null | undefined;

/** The page's one Socket.io connection; it carries the session cookie, so it acts as the signed-in user. */
export function agoraSocket(): AgoraClientSocket {
	if (!shared) {
		const socket: AgoraClientSocket = io({ path: SOCKET_PATH, transports: ['websocket', 'polling'], withCredentials: true });
		// Socket.io reconnects by itself except when the server closed the connection on purpose.
		socket.on('disconnect', (reason) => {
			if (reason === 'io server disconnect') setTimeout(() => socket.connect(), RECONNECT_AFTER_SERVER_DISCONNECT_MS);
		});
		// A handshake refused for too many connections (R7) is not retried by Socket.io: come back when told, spread out.
		socket.on('connect_error', (error) => {
			const retryAfterSeconds = (error as Error & { data?: { retryAfterSeconds?: unknown } }).data?.retryAfterSeconds;
			if (typeof retryAfterSeconds === 'number') setTimeout(() => socket.connect(), (retryAfterSeconds + Math.random() * retryAfterSeconds) * 1000);
		});
		shared = socket;
	}
	return shared;
}

/**
 * Keeps the connection acting for whoever is signed in. Signing in or out through an enhanced form changes the
 * session cookie without a page load, and a socket authenticates only on its handshake, so it opens a new one.
 */
export function followSignedInUser(userId: string | null): void {
	const previous = connectedAs;
	connectedAs = userId;
	if (shared && previous !== undefined && previous !== userId) shared.disconnect().connect();
}

/**
 * A fresh idempotency key (I5) for one thing the user means to create: 128 random bits, URL-safe. getRandomValues
 * works on plain-http deployments too, where crypto.randomUUID does not exist.
 */
export function newIdempotencyKey(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Sends a command and resolves with its ack; a timeout or a lost connection resolves as an error ack. */
export async function sendCommand<Name extends CommandName>(
	socket: AgoraClientSocket,
	name: Name,
	payload: PayloadOf<Name>
): Promise<AckOf<Name>> {
	try {
		const timed = socket.timeout(COMMAND_TIMEOUT_MS);
		// Socket.io's typing of emitWithAck over a generic event name cannot be narrowed further; `call` keeps `this`.
		const emitWithAck = timed.emitWithAck as (this: typeof timed, event: Name, payload: PayloadOf<Name>) => Promise<AckOf<Name>>;
		return await emitWithAck.call(timed, name, payload);
	} catch {
		const failure: Ack<never> = {
			ok: false,
			error: { code: 'internal', message: 'No answer from the server. Check your connection and try again.' }
		};
		return failure as AckOf<Name>;
	}
}
