import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import * as Y from 'yjs';
import { MAX_DOCUMENT_UPDATE_BYTES, PRESENCE_LIMITS } from '../../src/lib/domain/documents';
import type { App } from '../../src/lib/server/app';
import { YJS_PATH_PREFIX } from '../../src/lib/realtime/protocol';
import { YJS_CLOSE } from '../../src/lib/realtime/yjs-close-reasons';
import { createRoomPresence, type RoomPresence } from './awareness';
import { createTokenBucket } from './awareness-guard';
import { closeConnection, send, type Connection } from './connection';
import { awarenessMessage, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC, syncStep1Message, toBytes, updateMessage } from './messages';
import { createDocumentPersistence, type DocumentPersistence } from './persistence';
import type { DocumentRelay } from './relay';
import { createSessionFollower, type OpenConnection } from './sessions';
import { judgeUpdate, readSyncMessage } from './sync';
import { createUpdateBatch, type UpdateBatch } from './update-batch';
import { createUpgradeGate, refuseUpgrade, type Admission } from './upgrade';

const PING_INTERVAL_MS = 30_000;
/** A document whose storage failed when its last connection left stays loaded and tries again after this long. */
const UNLOAD_RETRY_MS = 30_000;

interface Room {
	readonly name: string;
	readonly doc: Y.Doc;
	readonly presence: RoomPresence;
	readonly connections: Map<WebSocket, Connection>;
	readonly persistence: DocumentPersistence;
	/** This turn's updates, sent, stored and relayed together at its end (Y11). */
	readonly batch: UpdateBatch;
	/** Bytes of all updates held, an upper bound of the encoded document's size (Y3). */
	size: number;
	/** The last connection left and the room is storing its updates; it can still be joined. */
	compacting: boolean;
	/** Unloaded: a connection must not join it. */
	closed: boolean;
	/** Stops hearing other nodes; null without Redis. */
	stopRelay: (() => Promise<void>) | null;
}

/** The origin of updates that other nodes relayed: applied and shown here, stored by their own node. */
const RELAYED = Symbol('relayed from another node');

/** The origin of a server-made edit (LiveDocuments.apply): stored, relayed and broadcast like a client's. */
interface ServerEdit {
	readonly userId: string;
}

export interface YjsRooms {
	/** Handles the HTTP upgrade if the path is ours; returns false otherwise so another handler can take it. */
	handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
	/** Closes every connection and flushes every room to storage. */
	close(): Promise<void>;
	/** Closes every connection opened with this session (it was signed out). */
	closeSession(sessionKey: string): void;
	/** A5: re-checks each of this user's connections against its live session (see sessions.ts); never rejects. */
	refreshUser(userId: string): Promise<void>;
	/** Y12: re-checks each connection of this document against its access now; never rejects. */
	refreshDocument(name: string): Promise<void>;
}

/** The y-websocket endpoint: per-document rooms, read-only enforcement, limits, sessions followed, persistence. */
export function createYjsRooms(app: App, log: Logger, relay: DocumentRelay | null): YjsRooms {
	const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_DOCUMENT_UPDATE_BYTES + 64 });
	const gate = createUpgradeGate(app);
	const rooms = new Map<string, Promise<Room>>();
	/** Each connection's admission, which holds its connection slots (Y8) until it leaves. */
	const admissions = new WeakMap<Connection, Admission>();
	let shuttingDown = false;
	function broadcast(room: Room, message: Uint8Array): void {
		for (const connection of room.connections.values()) send(connection, message);
	}

	async function openRoom(name: string): Promise<Room> {
		const doc = new Y.Doc({ gc: true });
		const persistence = createDocumentPersistence(name, doc, app.services.documents, log);
		const connections = new Map<WebSocket, Connection>();
		const presence = createRoomPresence(doc, {
			broadcast: (message) => broadcast(room, message),
			publish: relay ? (update) => relay.publishAwareness(name, update) : null
		});
		const batch = createUpdateBatch({
			broadcast: (update) => broadcast(room, updateMessage(update)),
			keep: (update) => {
				persistence.append(update);
				relay?.publishUpdate(name, update);
			}
		});
		const room: Room = { name, doc, presence, connections, persistence, batch, size: 0, compacting: false, closed: false, stopRelay: null };

		doc.on('update', (update: Uint8Array, origin: unknown) => {
			batch.push(update, origin !== persistence && origin !== RELAYED);
		});

		// Hear the other nodes before reading storage, so nothing stored or relayed in between is missed.
		if (relay) {
			room.stopRelay = await relay.join(name, {
				update: (update) => {
					Y.applyUpdate(doc, update, RELAYED);
					room.size += update.byteLength;
				},
				awareness: (update) => presence.applyRelayed(update),
				resync: () => {
					persistence.load().catch((error: unknown) => log.error({ err: error, document: name }, 'could not resync a document'));
				},
				state: () => Y.encodeStateAsUpdate(doc)
			});
		}
		try {
			room.size = await persistence.load();
		} catch (error) {
			await room.stopRelay?.();
			throw error;
		}
		return room;
	}

	async function unload(room: Room): Promise<void> {
		room.closed = true;
		rooms.delete(room.name);
		room.persistence.stop();
		await room.stopRelay?.().catch((error: unknown) => log.warn({ err: error, document: room.name }, 'could not leave the relay'));
		room.presence.destroy();
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

	/** Every open connection of every loaded room. */
	async function* everyConnection(): AsyncGenerator<OpenConnection> {
		for (const result of await Promise.allSettled(rooms.values())) {
			if (result.status !== 'fulfilled') continue;
			for (const connection of result.value.connections.values()) yield { document: result.value.name, connection };
		}
	}
	const sessions = createSessionFollower(app, log, everyConnection);

	async function leave(room: Room, connection: Connection): Promise<void> {
		if (!room.connections.delete(connection.socket)) return;
		admissions.get(connection)?.release();
		room.presence.leave(connection);
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
		room.batch.flush();
		let stored = true;
		try {
			await room.persistence.compact();
		} catch (error) {
			stored = false;
			log.error({ err: error, document: room.name }, 'could not store a document; keeping it loaded and retrying');
		}
		// Also store the updates of anyone who joined and left while it compacted.
		room.batch.flush();
		await room.persistence.flush();
		room.compacting = false;
		if (!stored) {
			setTimeout(() => void unloadIfIdle(room), UNLOAD_RETRY_MS).unref();
			return;
		}
		if (room.connections.size > 0 || shuttingDown) return;
		await unload(room);
	}

	function onSync(room: Room, connection: Connection, decoder: decoding.Decoder): void {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_SYNC);
		const verdict = readSyncMessage(room, connection.readOnly, decoder, encoder);
		switch (verdict.kind) {
			case 'answered':
				send(connection, encoding.toUint8Array(encoder));
				return;
			case 'dropped':
				return;
			case 'apply':
				Y.applyUpdate(room.doc, verdict.update, connection);
				room.size += verdict.update.byteLength;
				return;
			case 'refuse':
				log.info({ document: room.name, code: verdict.code, reason: verdict.reason }, 'refused a Yjs update; closing that connection');
				closeConnection(connection, verdict.code, verdict.reason);
		}
	}

	function onMessage(room: Room, connection: Connection, data: RawData): void {
		// Past a shutdown nothing new is stored; the client resends its state to the next server it syncs with.
		if (shuttingDown || connection.closing) return;
		try {
			const decoder = decoding.createDecoder(toBytes(data));
			const messageType = decoding.readVarUint(decoder);
			switch (messageType) {
				case MESSAGE_SYNC:
					onSync(room, connection, decoder);
					break;
				case MESSAGE_AWARENESS:
					room.presence.receive(connection, decoding.readVarUint8Array(decoder));
					break;
				case MESSAGE_QUERY_AWARENESS: {
					const states = room.presence.snapshot();
					if (states) send(connection, awarenessMessage(states));
					break;
				}
				default:
					throw new Error(`unknown message type ${messageType}`);
			}
		} catch (error) {
			log.warn({ err: error, document: room.name }, 'malformed Yjs message; closing that connection');
			closeConnection(connection, YJS_CLOSE.malformed, 'malformed message');
		}
	}

	function accept(socket: WebSocket, room: Room, admission: Admission, since: number): void {
		const connection: Connection = {
			socket,
			actor: admission.actor,
			sessionToken: admission.sessionToken,
			sessionKey: admission.sessionKey,
			expiresAt: admission.expiresAt,
			readOnly: admission.readOnly,
			presence: {
				ids: new Set(),
				bucket: createTokenBucket(PRESENCE_LIMITS.messagesPerSecond, PRESENCE_LIMITS.burst, performance.now()),
				deferred: null,
				timer: null
			},
			alive: true,
			closing: false
		};
		admissions.set(connection, admission);
		room.connections.set(socket, connection);
		socket.binaryType = 'nodebuffer';
		socket.on('message', (data) => onMessage(room, connection, data));
		socket.on('pong', () => (connection.alive = true));
		socket.on('close', () => void leave(room, connection));
		socket.on('error', (error) => log.warn({ err: error, document: room.name }, 'Yjs socket error'));
		send(connection, syncStep1Message(room.doc));
		const states = room.presence.snapshot();
		if (states) send(connection, awarenessMessage(states));
		sessions.opened(room.name, connection, since);
	}

	const pinger = setInterval(() => {
		void (async () => {
			for await (const { connection } of everyConnection()) {
				if (!connection.alive) connection.socket.terminate();
				else {
					connection.alive = false;
					connection.socket.ping();
				}
			}
		})();
	}, PING_INTERVAL_MS);
	pinger.unref();

	/** `handedOver` runs once ws owns the socket (and listens for its errors). */
	async function join(request: IncomingMessage, socket: Duplex, head: Buffer, admission: Admission, since: number, handedOver: () => void): Promise<void> {
		let room: Room;
		try {
			room = await roomFor(admission.document);
			// The room may have been unloaded while this upgrade was checked; handleUpgrade then accepts synchronously.
			while (room.closed && !shuttingDown) room = await roomFor(admission.document);
		} catch (error) {
			admission.settle(false);
			throw error;
		}
		if (shuttingDown) {
			admission.settle(false);
			refuseUpgrade(socket, 503, 'The server is restarting. Please try again in a moment.');
			return;
		}
		// ws drops a bad handshake without calling back: a room loaded for it must not stay loaded for nobody, and the
		// slots it holds must be given back. A client that left while it was checked has already closed its socket.
		if (socket.destroyed) {
			admission.settle(false);
			void unloadIfIdle(room);
			return;
		}
		let accepted = false;
		socket.once('close', () => {
			if (accepted) return;
			admission.settle(false);
			void unloadIfIdle(room);
		});
		wss.handleUpgrade(request, socket, head, (webSocket) => {
			accepted = true;
			handedOver();
			admission.settle(true);
			accept(webSocket, room, admission, since);
		});
	}

	/**
	 * LiveDocuments (ports.ts): a server-made edit goes through the loaded room, judged like a writer's update (Y3, Y9),
	 * or, with the document unloaded here, to storage and to the nodes that have it loaded.
	 */
	async function apply(name: string, update: Uint8Array, origin: ServerEdit): Promise<void> {
		const loading = rooms.get(name);
		const room = loading ? await loading : null;
		if (!room || room.closed) {
			await app.services.documents.append(name, update);
			relay?.publishUpdate(name, update);
			return;
		}
		const verdict = judgeUpdate(room, update);
		if (verdict.kind === 'refuse') throw new Error(`a server-made update of ${name} was refused: ${verdict.reason}`);
		Y.applyUpdate(room.doc, update, origin);
		room.size += update.byteLength;
		room.batch.flush();
		await room.persistence.flush();
	}
	const detachLiveDocuments = app.liveDocuments.attach({ apply });

	return {
		handleUpgrade(request, socket, head) {
			const url = new URL(request.url ?? '/', 'http://localhost');
			if (!url.pathname.startsWith(YJS_PATH_PREFIX)) return false;
			if (shuttingDown) {
				refuseUpgrade(socket, 503, 'The server is restarting. Please try again in a moment.');
				return true;
			}
			// Node's HTTP server stops listening for errors on a socket it hands over for an upgrade, and the checks below
			// take a while: a client resetting its connection meanwhile would be an uncaught error, ending the process.
			const onEarlyError = (error: Error) => log.debug({ err: error }, 'a Yjs handshake ended early');
			socket.on('error', onEarlyError);
			const path = url.pathname.slice(YJS_PATH_PREFIX.length);
			const since = sessions.mark();
			gate
				.admit(request, socket, path)
				.then((admission) => admission && join(request, socket, head, admission, since, () => socket.off('error', onEarlyError)))
				.catch((error: unknown) => {
					log.error({ err: error, path }, 'Yjs upgrade failed');
					if (!socket.destroyed) refuseUpgrade(socket, 500, 'Could not open the document.');
				});
			return true;
		},
		async close() {
			shuttingDown = true;
			detachLiveDocuments();
			clearInterval(pinger);
			sessions.stop();
			const loaded = await Promise.allSettled(rooms.values());
			for (const result of loaded) {
				if (result.status !== 'fulfilled') continue;
				const room = result.value;
				room.batch.flush();
				for (const connection of room.connections.values()) closeConnection(connection, YJS_CLOSE.goingAway, 'server shutting down');
				try {
					await room.persistence.compact();
				} catch (error) {
					log.error({ err: error, document: room.name }, 'could not compact a document at shutdown');
				}
				await unload(room);
			}
			wss.close();
		},
		closeSession: (sessionKey) => sessions.closeSession(sessionKey),
		refreshUser: (userId) => sessions.refreshUser(userId),
		refreshDocument: (name) => sessions.refreshDocument(name)
	};
}
