import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MAX_DOCUMENT_BYTES, MAX_DOCUMENT_UPDATE_BYTES } from '../../src/lib/domain/documents';
import { isDomainError } from '../../src/lib/domain/errors';
import { HTTP_STATUS } from '../../src/lib/server/http-status';
import { YJS_PATH_PREFIX } from '../../src/lib/realtime/protocol';
import type { App } from '../../src/lib/server/app';
import { sessionTokenFromCookieHeader } from '../../src/lib/server/session-cookie';
import { isAllowedOrigin } from '../origin';
import { createDocumentPersistence, type DocumentPersistence } from './persistence';
import type { DocumentRelay } from './relay';
import { claimAwareness } from './awareness-guard';

/** y-websocket's message types. */
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_QUERY_AWARENESS = 3;

const PING_INTERVAL_MS = 30_000;
/** A document whose storage failed when its last connection left stays loaded and tries again after this long. */
const UNLOAD_RETRY_MS = 30_000;
/** WebSocket close codes: 1008 policy violation (malformed or forbidden), 1009 too big, 1001 going away. */
const CLOSE_MALFORMED = 1008;
const CLOSE_TOO_LARGE = 1009;
const CLOSE_GOING_AWAY = 1001;
/** Closed because its session ended; the client reconnects and is refused with 401. */
const CLOSE_SIGNED_OUT = 4401;

interface Connection {
	readonly socket: WebSocket;
	readonly readOnly: boolean;
	/** The session it was opened with, so signing out closes it. */
	readonly sessionKey: string | null;
	/** Awareness client ids this connection speaks for (Y5), removed when it leaves. */
	readonly awarenessIds: Set<number>;
	alive: boolean;
	/** We closed it: the closing handshake may take a while, and nothing it sends meanwhile counts. */
	closing: boolean;
}

interface Room {
	readonly name: string;
	readonly doc: Y.Doc;
	readonly awareness: awarenessProtocol.Awareness;
	readonly connections: Map<WebSocket, Connection>;
	readonly persistence: DocumentPersistence;
	/** Bytes of all updates held, an upper bound of the encoded document's size (Y3). */
	size: number;
	/** The last connection left and the room is storing its updates; it can still be joined. */
	compacting: boolean;
	/** Unloaded: a connection must not join it. */
	closed: boolean;
	/** Stops hearing other nodes; null without Redis. */
	stopRelay: (() => Promise<void>) | null;
}

/** The origin of updates and awareness that other nodes relayed: applied and shown here, stored by their own node. */
const RELAYED = Symbol('relayed from another node');

export interface YjsRooms {
	/** Handles the HTTP upgrade if the path is ours; returns false otherwise so another handler can take it. */
	handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
	/** Closes every connection and flushes every room to storage. */
	close(): Promise<void>;
	/** Closes every connection opened with this session (it was signed out). */
	closeSession(sessionKey: string): void;
}

const STATUS_TEXT: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	409: 'Conflict',
	413: 'Content Too Large',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	503: 'Service Unavailable'
};

/** Answers a refused upgrade and drops the socket, whether or not the client ever closes its side. */
function refuseUpgrade(socket: Duplex, status: number, message: string): void {
	const body = JSON.stringify({ error: message });
	socket.end(
		`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
		() => socket.destroy()
	);
}

function send(connection: Connection, message: Uint8Array): void {
	if (connection.socket.readyState === WebSocket.OPEN) connection.socket.send(message);
}

function toBytes(data: RawData): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
	return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** The y-websocket endpoint: authenticated upgrade, per-document rooms, read-only enforcement, limits, persistence. */
export function createYjsRooms(app: App, log: Logger, relay: DocumentRelay | null): YjsRooms {
	const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_DOCUMENT_UPDATE_BYTES + 64 });
	const rooms = new Map<string, Promise<Room>>();
	let shuttingDown = false;

	function broadcast(room: Room, message: Uint8Array, except?: WebSocket): void {
		for (const connection of room.connections.values()) if (connection.socket !== except) send(connection, message);
	}

	async function openRoom(name: string): Promise<Room> {
		const doc = new Y.Doc({ gc: true });
		const awareness = new awarenessProtocol.Awareness(doc);
		awareness.setLocalState(null);
		const persistence = createDocumentPersistence(name, app.services.documents, log);
		const room: Room = { name, doc, awareness, connections: new Map(), persistence, size: 0, compacting: false, closed: false, stopRelay: null };

		doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin !== persistence && origin !== RELAYED) {
				persistence.append(update);
				relay?.publishUpdate(name, update);
			}
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_SYNC);
			syncProtocol.writeUpdate(encoder, update);
			broadcast(room, encoding.toUint8Array(encoder));
		});
		awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
			const changed = [...added, ...updated, ...removed];
			// A client that cleared its presence gives its id back (ids are claimed in claimAwareness).
			const owner = [...room.connections.values()].find((connection) => connection.socket === origin);
			for (const id of removed) owner?.awarenessIds.delete(id);
			const awarenessUpdate = awarenessProtocol.encodeAwarenessUpdate(awareness, changed);
			if (origin !== RELAYED) relay?.publishAwareness(name, awarenessUpdate);
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
			encoding.writeVarUint8Array(encoder, awarenessUpdate);
			broadcast(room, encoding.toUint8Array(encoder));
		});

		// Hear the other nodes before reading storage, so nothing stored or relayed in between is missed.
		if (relay) {
			room.stopRelay = await relay.join(name, {
				update: (update) => {
					Y.applyUpdate(doc, update, RELAYED);
					room.size += update.byteLength;
				},
				awareness: (update) => awarenessProtocol.applyAwarenessUpdate(awareness, update, RELAYED),
				resync: () => {
					persistence.load(doc).catch((error: unknown) => log.error({ err: error, document: name }, 'could not resync a document'));
				},
				state: () => Y.encodeStateAsUpdate(doc)
			});
		}
		try {
			room.size = await persistence.load(doc);
		} catch (error) {
			await room.stopRelay?.();
			throw error;
		}
		return room;
	}

	async function unload(room: Room): Promise<void> {
		room.closed = true;
		rooms.delete(room.name);
		await room.stopRelay?.().catch((error: unknown) => log.warn({ err: error, document: room.name }, 'could not leave the relay'));
		room.awareness.destroy();
		room.doc.destroy();
	}

	function roomFor(name: string): Promise<Room> {
		let room = rooms.get(name);
		if (!room) {
			room = openRoom(name);
			rooms.set(name, room);
			room.catch(() => rooms.delete(name));
		}
		return room;
	}

	function closeConnection(connection: Connection, code: number, reason: string): void {
		connection.closing = true;
		connection.socket.close(code, reason);
	}

	async function leave(room: Room, connection: Connection): Promise<void> {
		if (!room.connections.delete(connection.socket)) return;
		awarenessProtocol.removeAwarenessStates(room.awareness, [...connection.awarenessIds], null);
		await unloadIfIdle(room);
	}

	/**
	 * Stores and unloads a room nobody is connected to. It stays loaded until its state is stored: whoever (re)joins
	 * meanwhile gets this doc, not a new room loaded from a log that still lacks it. If storing fails, the room, which
	 * may hold the only copy of an edit, stays loaded and tries again later.
	 */
	async function unloadIfIdle(room: Room): Promise<void> {
		if (room.connections.size > 0 || room.compacting || room.closed || shuttingDown) return;
		room.compacting = true;
		let stored = true;
		try {
			await room.persistence.compact(room.doc);
		} catch (error) {
			stored = false;
			log.error({ err: error, document: room.name }, 'could not store a document; keeping it loaded and retrying');
		}
		// Also store the updates of anyone who joined and left while it compacted.
		await room.persistence.flush();
		room.compacting = false;
		if (!stored) {
			setTimeout(() => void unloadIfIdle(room), UNLOAD_RETRY_MS).unref();
			return;
		}
		if (room.connections.size > 0 || shuttingDown) return;
		await unload(room);
	}

	/** Y4: a writer's sync message; an update that is malformed or would grow the document past its limit closes the connection. */
	function readWriterSync(room: Room, connection: Connection, decoder: decoding.Decoder, encoder: encoding.Encoder): void {
		const type = decoding.readVarUint(decoder);
		if (type === syncProtocol.messageYjsSyncStep1) {
			syncProtocol.readSyncStep1(decoder, encoder, room.doc);
			return;
		}
		if (type !== syncProtocol.messageYjsSyncStep2 && type !== syncProtocol.messageYjsUpdate) throw new Error(`unknown sync message ${type}`);
		const update = decoding.readVarUint8Array(decoder);
		// maxPayload leaves room for the message header, so an update a few bytes over the limit gets this far.
		if (update.byteLength > MAX_DOCUMENT_UPDATE_BYTES) {
			closeConnection(connection, CLOSE_TOO_LARGE, 'update too large');
			return;
		}
		if (room.size + update.byteLength > MAX_DOCUMENT_BYTES) {
			// The running sum counts resent and merged updates again; measure the real document before refusing.
			room.size = Y.encodeStateAsUpdate(room.doc).byteLength;
			if (room.size + update.byteLength > MAX_DOCUMENT_BYTES) {
				closeConnection(connection, CLOSE_TOO_LARGE, 'document too large');
				return;
			}
		}
		// Decoding first rejects a malformed update before any part of it touches the document.
		Y.decodeUpdate(update);
		Y.applyUpdate(room.doc, update, connection.socket);
		room.size += update.byteLength;
	}

	/** Y2: a read-only member may ask for the document (step 1); its edits are dropped. */
	function readReaderSync(room: Room, decoder: decoding.Decoder, encoder: encoding.Encoder): void {
		const type = decoding.readVarUint(decoder);
		if (type === syncProtocol.messageYjsSyncStep1) syncProtocol.readSyncStep1(decoder, encoder, room.doc);
		else if (type === syncProtocol.messageYjsSyncStep2 || type === syncProtocol.messageYjsUpdate) decoding.readVarUint8Array(decoder);
		else throw new Error(`unknown sync message ${type}`);
	}

	function onMessage(room: Room, connection: Connection, data: RawData): void {
		// Past a shutdown nothing new is stored; the client resends its state to the next server it syncs with.
		if (shuttingDown || connection.closing) return;
		try {
			const decoder = decoding.createDecoder(toBytes(data));
			const encoder = encoding.createEncoder();
			const messageType = decoding.readVarUint(decoder);
			switch (messageType) {
				case MESSAGE_SYNC:
					encoding.writeVarUint(encoder, MESSAGE_SYNC);
					if (connection.readOnly) readReaderSync(room, decoder, encoder);
					else readWriterSync(room, connection, decoder, encoder);
					// Only a step-1 request writes an answer after the message type.
					if (encoding.length(encoder) > 1) send(connection, encoding.toUint8Array(encoder));
					break;
				case MESSAGE_AWARENESS: {
					const update = decoding.readVarUint8Array(decoder);
					// An id is taken when another connection here holds it, or when it is present and nobody here holds it
					// (it came from another node).
					const heldHere = (clientId: number) => [...room.connections.values()].some((other) => other.awarenessIds.has(clientId));
					const mayPublish = claimAwareness(update, connection.awarenessIds, (clientId) =>
						heldHere(clientId) || room.awareness.getStates().has(clientId)
					);
					if (mayPublish) awarenessProtocol.applyAwarenessUpdate(room.awareness, update, connection.socket);
					break;
				}
				case MESSAGE_QUERY_AWARENESS: {
					encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
					encoding.writeVarUint8Array(
						encoder,
						awarenessProtocol.encodeAwarenessUpdate(room.awareness, [...room.awareness.getStates().keys()])
					);
					send(connection, encoding.toUint8Array(encoder));
					break;
				}
				default:
					throw new Error(`unknown message type ${messageType}`);
			}
		} catch (error) {
			log.warn({ err: error, document: room.name }, 'malformed Yjs message; closing that connection');
			closeConnection(connection, CLOSE_MALFORMED, 'malformed message');
		}
	}

	function greet(room: Room, connection: Connection): void {
		const step1 = encoding.createEncoder();
		encoding.writeVarUint(step1, MESSAGE_SYNC);
		syncProtocol.writeSyncStep1(step1, room.doc);
		send(connection, encoding.toUint8Array(step1));
		const states = room.awareness.getStates();
		if (states.size > 0) {
			const presence = encoding.createEncoder();
			encoding.writeVarUint(presence, MESSAGE_AWARENESS);
			encoding.writeVarUint8Array(presence, awarenessProtocol.encodeAwarenessUpdate(room.awareness, [...states.keys()]));
			send(connection, encoding.toUint8Array(presence));
		}
	}

	function accept(socket: WebSocket, room: Room, readOnly: boolean, sessionKey: string | null): void {
		const connection: Connection = { socket, readOnly, sessionKey, awarenessIds: new Set(), alive: true, closing: false };
		room.connections.set(socket, connection);
		socket.binaryType = 'nodebuffer';
		socket.on('message', (data) => onMessage(room, connection, data));
		socket.on('pong', () => (connection.alive = true));
		socket.on('close', () => void leave(room, connection));
		socket.on('error', (error) => log.warn({ err: error, document: room.name }, 'Yjs socket error'));
		greet(room, connection);
	}

	const pinger = setInterval(() => {
		for (const room of rooms.values()) {
			void room.then((loaded) => {
				for (const connection of loaded.connections.values()) {
					if (!connection.alive) connection.socket.terminate();
					else {
						connection.alive = false;
						connection.socket.ping();
					}
				}
			}, () => {});
		}
	}, PING_INTERVAL_MS);
	pinger.unref();

	async function authorise(request: IncomingMessage, socket: Duplex, head: Buffer, name: string): Promise<void> {
		const token = sessionTokenFromCookieHeader(request.headers.cookie);
		const actor = await app.services.accounts.actorForSession(token);
		let access: 'read' | 'write';
		try {
			access = await app.services.documents.access(actor, name);
		} catch (error) {
			if (!isDomainError(error)) throw error;
			refuseUpgrade(socket, HTTP_STATUS[error.code], error.message);
			return;
		}
		let room = await roomFor(name);
		// The room may have been unloaded while this upgrade was checked; handleUpgrade then accepts synchronously.
		while (room.closed && !shuttingDown) room = await roomFor(name);
		if (shuttingDown) {
			refuseUpgrade(socket, 503, 'The server is restarting. Please try again in a moment.');
			return;
		}
		const sessionKey = app.services.accounts.sessionKeyOf(token);
		// ws drops a bad handshake without calling back: a room loaded for it must not stay loaded for nobody.
		let accepted = false;
		socket.once('close', () => {
			if (!accepted) void unloadIfIdle(room);
		});
		wss.handleUpgrade(request, socket, head, (webSocket) => {
			accepted = true;
			accept(webSocket, room, access === 'read', sessionKey);
		});
	}

	return {
		handleUpgrade(request, socket, head) {
			const url = new URL(request.url ?? '/', 'http://localhost');
			if (!url.pathname.startsWith(YJS_PATH_PREFIX)) return false;
			if (shuttingDown) {
				refuseUpgrade(socket, 503, 'The server is restarting. Please try again in a moment.');
				return true;
			}
			if (!isAllowedOrigin(request, app.config)) {
				refuseUpgrade(socket, 403, 'Cross-origin WebSocket refused.');
				return true;
			}
			let name: string;
			try {
				name = decodeURIComponent(url.pathname.slice(YJS_PATH_PREFIX.length));
			} catch {
				refuseUpgrade(socket, 400, 'Malformed document name.');
				return true;
			}
			authorise(request, socket, head, name).catch((error: unknown) => {
				log.error({ err: error, document: name }, 'Yjs upgrade failed');
				if (!socket.destroyed) refuseUpgrade(socket, 500, 'Could not open the document.');
			});
			return true;
		},
		async close() {
			shuttingDown = true;
			clearInterval(pinger);
			const loaded = await Promise.allSettled(rooms.values());
			for (const result of loaded) {
				if (result.status !== 'fulfilled') continue;
				const room = result.value;
				for (const connection of room.connections.values()) connection.socket.close(CLOSE_GOING_AWAY, 'server shutting down');
				try {
					await room.persistence.compact(room.doc);
				} catch (error) {
					log.error({ err: error, document: room.name }, 'could not compact a document at shutdown');
				}
				await unload(room);
			}
			wss.close();
		},
		closeSession(sessionKey) {
			for (const room of rooms.values()) {
				void room.then((loaded) => {
					for (const connection of loaded.connections.values()) {
						if (connection.sessionKey === sessionKey) closeConnection(connection, CLOSE_SIGNED_OUT, 'signed out');
					}
				}, () => {});
			}
		}
	};
}
