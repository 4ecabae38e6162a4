import type { IncomingMessage } from 'node:http';
import * as encoding from 'lib0/encoding';
import { WebSocket as WsWebSocket, type RawData } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import { randomBytes } from 'node:crypto';
import type { App } from '../../src/lib/server/app';
import { SESSION_COOKIE } from '../../src/lib/server/session-cookie';
import type { SignedInPersona } from './personas';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { withTimeout as boundedWait } from '../../server/timeout';

export const WAIT_MS = 5_000;

/** The server's bounded wait, with a message that says what a test was waiting for. */
export function withTimeout<T>(promise: Promise<T>, what: string, timeoutMs = WAIT_MS): Promise<T> {
	return boundedWait(promise, timeoutMs, `Timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Resolves once `predicate` holds, re-checking on every change of `docs`; rejects with `what()` on timeout. */
export function waitForDocs(docs: Y.Doc[], predicate: () => boolean, what: () => string, timeoutMs = WAIT_MS): Promise<void> {
	return new Promise((resolve, reject) => {
		const check = () => {
			if (!predicate()) return;
			done();
			resolve();
		};
		const timer = setTimeout(() => {
			done();
			reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what()}`));
		}, timeoutMs);
		const done = () => {
			clearTimeout(timer);
			for (const doc of docs) doc.off('update', check);
		};
		for (const doc of docs) doc.on('update', check);
		check();
	});
}

/** Node 20 has no global WebSocket: y-websocket gets `ws`, with the session cookie on the handshake. */
export function webSocketWithCookie(cookie: string | undefined): typeof globalThis.WebSocket {
	class CookieWebSocket extends WsWebSocket {
		constructor(address: string | URL, protocols?: string | string[]) {
			super(address, protocols, cookie ? { headers: { cookie } } : {});
		}
	}
	return CookieWebSocket as unknown as typeof globalThis.WebSocket;
}

/** The y-websocket base URL of a server given its http URL. */
export function yjsBase(httpUrl: string): string {
	return `${httpUrl.replace(/^http/, 'ws')}/yjs`;
}

/** A real y-websocket client on `document`, connecting with the session cookie; not yet synced. */
export function createProvider(httpUrl: string, document: string, cookie: string, doc = new Y.Doc()): WebsocketProvider {
	return new WebsocketProvider(yjsBase(httpUrl), document, doc, {
		WebSocketPolyfill: webSocketWithCookie(cookie),
		connect: true,
		// Node has a global BroadcastChannel: without this, providers of one process would sync with each other
		// directly, bypassing the server.
		disableBc: true,
		maxBackoffTime: 200
	});
}

/** Resolves once the provider's first sync with the server is complete. */
export async function whenSynced(provider: WebsocketProvider, what: string): Promise<void> {
	if (provider.synced) return;
	await withTimeout(
		new Promise<void>((resolve) => {
			const onSync = (synced: boolean) => {
				if (!synced) return;
				provider.off('sync', onSync);
				resolve();
			};
			provider.on('sync', onSync);
		}),
		what
	);
}

/** A real y-websocket client on `document`, resolved once its first sync with the server is complete. */
export async function openProvider(httpUrl: string, document: string, cookie: string, doc = new Y.Doc()): Promise<WebsocketProvider> {
	const provider = createProvider(httpUrl, document, cookie, doc);
	await whenSynced(provider, `a provider to sync with ${document}`);
	return provider;
}

// ---------------------------------------------------------------------------------------------------------------
// Raw `ws` sockets, for what a well-behaved client never sends, with the messages encoded here (not by the server's
// own code, which is what is under test).

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;

export function bytesOf(data: RawData | ArrayBuffer): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
	return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export function syncStep1(doc: Y.Doc): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	syncProtocol.writeSyncStep1(encoder, doc);
	return encoding.toUint8Array(encoder);
}

export function updateMessage(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	syncProtocol.writeUpdate(encoder, update);
	return encoding.toUint8Array(encoder);
}

/** An awareness message: per entry its client id, clock and state (JSON-encoded; null means "left"). */
export function awarenessMessageOf(entries: { id: number; clock: number; state: unknown }[]): Uint8Array {
	const update = encoding.createEncoder();
	encoding.writeVarUint(update, entries.length);
	for (const { id, clock, state } of entries) {
		encoding.writeVarUint(update, id);
		encoding.writeVarUint(update, clock);
		encoding.writeVarString(update, JSON.stringify(state));
	}
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(encoder, encoding.toUint8Array(update));
	return encoding.toUint8Array(encoder);
}

/**
 * A barrier: sends a sync step 1 on `socket` and resolves when the server's step 2 answer arrives. The server handles
 * one socket's messages in order, so everything sent before has been processed (applied or dropped) by then, and
 * every update it broadcast to this socket before has been received.
 */
export function roundTrip(socket: WsWebSocket, doc: Y.Doc, what: string): Promise<void> {
	return withTimeout(
		new Promise<void>((resolve) => {
			const onMessage = (data: RawData) => {
				const bytes = bytesOf(data);
				if (bytes[0] === MESSAGE_SYNC && bytes[1] === syncProtocol.messageYjsSyncStep2) {
					socket.off('message', onMessage);
					resolve();
				}
			};
			socket.on('message', onMessage);
			socket.send(syncStep1(doc));
		}),
		`the server's answer to a sync step 1 (${what})`
	);
}

export function closeOf(socket: WsWebSocket, what: string, timeoutMs = WAIT_MS): Promise<{ code: number; reason: string }> {
	return withTimeout(
		new Promise((resolve) => socket.once('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() }))),
		`the server to close ${what}`,
		timeoutMs
	);
}

/** A raw `ws` socket on a document, resolved once open; `track` gets it first, to clean it up. */
export async function connectRawSocket(httpUrl: string, docName: string, cookie: string, track: (socket: WsWebSocket) => void): Promise<WsWebSocket> {
	const socket = new WsWebSocket(`${yjsBase(httpUrl)}/${docName}`, { headers: { cookie } });
	track(socket);
	await withTimeout(
		new Promise<void>((resolve, reject) => {
			socket.once('open', () => resolve());
			socket.once('error', reject);
			socket.once('unexpected-response', (_request, response: IncomingMessage) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
		}),
		`a raw socket to open ${docName}`
	);
	// The server may reset a socket it closed while we were still sending: that is expected here.
	socket.on('error', () => {});
	return socket;
}

/** The HTTP status of a refused upgrade (the WebSocket never opens), with the JSON body the server sent. */
export function refusedUpgrade(url: string, headers: Record<string, string>, track: (socket: WsWebSocket) => void): Promise<{ status: number; body: string }> {
	const socket = new WsWebSocket(url, { headers });
	track(socket);
	return withTimeout(
		new Promise((resolve, reject) => {
			socket.once('open', () => reject(new Error(`the upgrade to ${url} was accepted`)));
			socket.once('error', (error) => reject(error));
			socket.once('unexpected-response', (_request, response: IncomingMessage) => {
				let body = '';
				response.setEncoding('utf8');
				response.on('data', (chunk: string) => (body += chunk));
				response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
			});
		}),
		`the upgrade to ${url} to be refused`
	);
}

export interface YClient {
	readonly doc: Y.Doc;
	readonly text: Y.Text;
	readonly provider: WebsocketProvider;
	/** The provider's current socket (our `ws` subclass). */
	socket(): WsWebSocket;
	/** See `roundTrip`. */
	barrier(what: string): Promise<void>;
	destroy(): void;
}

/** A real y-websocket client on the Y.Text `notes`; resolves once its first sync with the server is complete. */
export async function connectYClient(
	httpUrl: string,
	docName: string,
	cookie: string,
	label: string,
	track: (client: YClient) => void,
	offlineEdits?: (doc: Y.Doc) => void
): Promise<YClient> {
	const doc = new Y.Doc();
	// Edits made before connecting reach the server as the sync step 2 answer, not as an update.
	offlineEdits?.(doc);
	const provider = createProvider(httpUrl, docName, cookie, doc);
	let destroyed = false;
	const client: YClient = {
		doc,
		text: doc.getText('notes'),
		provider,
		socket() {
			if (!provider.ws) throw new Error(`${label} is not connected`);
			return provider.ws as unknown as WsWebSocket;
		},
		barrier: (what) => roundTrip(client.socket(), doc, `${label}: ${what}`),
		destroy() {
			if (destroyed) return;
			destroyed = true;
			provider.destroy();
			doc.destroy();
		}
	};
	track(client);
	await whenSynced(provider, `${label} to sync with ${docName}`);
	return client;
}

/** The document as stored: every stored update applied to a fresh doc. */
export async function storedText(app: App, docName: string, textName = 'notes'): Promise<string> {
	const { updates } = await app.services.documents.load(docName);
	const doc = new Y.Doc();
	for (const update of updates) Y.applyUpdate(doc, update);
	const text = doc.getText(textName).toString();
	doc.destroy();
	return text;
}

/**
 * `count` citizens with a session each, written straight to the store: crowds for the connection and fan-out tests
 * without hashing a password per person (which would slow every test running alongside on a small machine).
 * `expiresInMs` sets when the sessions expire (default: in a day).
 */
export async function aCrowd(app: App, count: number, expiresInMs = 24 * 3_600_000): Promise<SignedInPersona[]> {
	const now = Date.now();
	const crowd: SignedInPersona[] = [];
	for (let i = 0; i < count; i++) {
		const userId = `crowd-${randomBytes(6).toString('hex')}`;
		const displayName = `Crowd ${i}`;
		await app.store.users.insertIfEmailFree({
			id: userId,
			email: `${userId}@crowd.example`,
			displayName,
			passwordHash: 'not a hash: nobody signs in with a password',
			role: 'citizen',
			createdAt: new Date(now).toISOString()
		});
		const token = randomBytes(32).toString('base64url');
		await app.store.sessions.insert({
			id: app.services.accounts.sessionKeyOf(token)!,
			userId,
			createdAt: new Date(now).toISOString(),
			expiresAt: new Date(now + expiresInMs).toISOString()
		});
		crowd.push({ actor: { kind: 'user', userId, displayName, role: 'citizen' }, token, cookie: `${SESSION_COOKIE}=${token}` });
	}
	return crowd;
}
