import { io, type Socket } from 'socket.io-client';
import { m } from '../paraglide/messages.js';
import { getLocale } from '../paraglide/runtime.js';
import { SOCKET_PATH, type Ack, type ClientToServerEvents, type ServerToClientEvents } from './protocol';

export type AgoraClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

type CommandName = keyof ClientToServerEvents;
type PayloadOf<Name extends CommandName> = Parameters<ClientToServerEvents[Name]>[0];
type AckOf<Name extends CommandName> = Parameters<Parameters<ClientToServerEvents[Name]>[1]>[0];

const COMMAND_TIMEOUT_MS = 10_000;

/** After the server dropped the connection on purpose (e.g. this session signed out elsewhere), come back, as a guest if need be. */
const RECONNECT_AFTER_SERVER_DISCONNECT_MS = 1_000;

let shared: AgoraClientSocket | null = null;
const sessionListeners = new Set<() => void>();
/** Who the connection acts for (a user id, or null for a guest); undefined until the layout first says. */
let connectedAs: string | null | undefined;

/** The page's one Socket.io connection; it carries the session cookie, so it acts as the signed-in user. */
export function agoraSocket(): AgoraClientSocket {
	if (!shared) {
		// The page's language, so acks are worded in it (the server falls back to the cookie and the browser's languages).
		const socket: AgoraClientSocket = io({ path: SOCKET_PATH, transports: ['websocket', 'polling'], withCredentials: true, auth: { locale: getLocale() } });
		// Socket.io reconnects by itself except when the server closed the connection on purpose.
		socket.on('disconnect', (reason) => {
			if (reason !== 'io server disconnect') return;
			// The server drops a connection on purpose when its session ended, expired or lost its rights (A5); the page
			// learns who it is from the next command's answer rather than reloading everything it shows.
			setTimeout(() => socket.connect(), RECONNECT_AFTER_SERVER_DISCONNECT_MS);
		});
		socket.on('session:changed', () => {
			for (const listener of sessionListeners) listener();
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
 * Calls `listener` when the server says this connection's session changed in place (its role changed); an ended or
 * expired session is dropped instead and comes back as a guest. The layout reloads its data, so the page shows who is
 * signed in now. Returns the function that stops listening.
 */
export function onSessionChange(listener: () => void): () => void {
	sessionListeners.add(listener);
	return () => sessionListeners.delete(listener);
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
 * A fresh idempotency key (I6) for one thing the user means to create: 128 random bits, URL-safe. getRandomValues
 * works on plain-http deployments too, where crypto.randomUUID does not exist.
 */
export function newIdempotencyKey(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Sends a command and resolves with its ack; a timeout or a lost connection resolves as an error ack. */
/** When an `unavailable` ack carries no hint. */
const DEFAULT_RETRY_AFTER_MS = 1_000;

/**
 * Sends a command and resolves with its ack; a timeout or a lost connection resolves as an error ack. A server that is
 * shutting down answers `unavailable` without running the command: it is sent once more, with the same payload, after
 * the server's hint, by which time the connection has moved on (meanwhile Socket.io buffers it). Commands are safe to
 * repeat: votes set a value, and creates carry an idempotency key.
 */
export async function sendCommand<Name extends CommandName>(
	socket: AgoraClientSocket,
	name: Name,
	payload: PayloadOf<Name>
): Promise<AckOf<Name>> {
	const first = await attempt(socket, name, payload);
	const answer = first as Ack<unknown>;
	if (answer.ok || answer.error.code !== 'unavailable') return first;
	await new Promise((resolve) => setTimeout(resolve, answer.error.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS));
	return attempt(socket, name, payload);
}

async function attempt<Name extends CommandName>(socket: AgoraClientSocket, name: Name, payload: PayloadOf<Name>): Promise<AckOf<Name>> {
	try {
		const timed = socket.timeout(COMMAND_TIMEOUT_MS);
		// Socket.io's typing of emitWithAck over a generic event name cannot be narrowed further; `call` keeps `this`.
		const emitWithAck = timed.emitWithAck as (this: typeof timed, event: Name, payload: PayloadOf<Name>) => Promise<AckOf<Name>>;
		return await emitWithAck.call(timed, name, payload);
	} catch {
		const failure: Ack<never> = {
			ok: false,
			error: { code: 'internal', message: m.error_no_answer() }
		};
		return failure as AckOf<Name>;
	}
}
