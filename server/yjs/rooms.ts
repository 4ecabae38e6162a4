import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import * as Y from 'yjs';
import { MAX_DOCUMENT_UPDATE_BYTES, PRESENCE_LIMITS } from '../../src/lib/domain/documents';
import { isDomainError } from '../../src/lib/domain/errors';
import type { App } from '../../src/lib/server/app';
import { YJS_PATH_PREFIX } from '../../src/lib/realtime/protocol';
import { YJS_CLOSE } from '../../src/lib/realtime/yjs-close-reasons';
import { createRoomPresence, type RoomPresence } from './awareness';
import { createTokenBucket } from './awareness-guard';
import { closeConnection, send, type Connection } from './connection';
import { awarenessMessage, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC, syncStep1Message, toBytes, updateMessage } from './messages';
import { createDocumentPersistence, type DocumentPersistence } from './persistence';
import type { DocumentRelay } from './relay';
import { readSyncMessage } from './sync';
import { createUpgradeGate, refuseUpgrade, type Admission } from './upgrade';

const PING_INTERVAL_MS = 30_000;
/** A5: how often open connections are checked against their session's expiry. */
const EXPIRY_SWEEP_MS = 1_000;
/** A5: how long a sign-out or account change is remembered for the handshakes that were in flight meanwhile. */
const CHANGE_MEMORY_MS = 60_000;
/** A document whose storage failed when its last connection left stays loaded and tries again after this long. */
const UNLOAD_RETRY_MS = 30_000;

interface Room {
	readonly name: string;
	readonly doc: Y.Doc;
	readonly presence: RoomPresence;
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

/** The origin of updates that other nodes relayed: applied and shown here, stored by their own node. */
const RELAYED = Symbol('relayed from another node');

export interface YjsRooms {
	/** Handles the HTTP upgrade if the path is ours; returns false otherwise so another handler can take it. */
	handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
	/** Closes every connection and flushes every room to storage. */
	close(): Promise<void>;
	/** Closes every connection opened with this session (it was signed out). */
	closeSession(sessionKey: string): void;
	/**
	 * A5: re-reads the live session of each of this user's connections and what it may do with its document: a writer
	 * who may now only read becomes read-only, one who may not even read (or whose session is gone) is closed.
	 * Rights gained apply from the next connection: this one's dropped edits must not slip in with them.
	 */
	refreshUser(userId: string): Promise<void>;
}

/** The y-websocket endpoint: per-document rooms, read-only enforcement, limits, sessions followed, persistence. */
export function createYjsRooms(app: App, log: Logger, relay: DocumentRelay | null): YjsRooms {
	const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_DOCUMENT_UPDATE_BYTES + 64 });
	const gate = createUpgradeGate(app);
	const rooms = new Map<string, Promise<Room>>();
	/** Each connection's admission, which holds its connection slots (Y8) until it leaves. */
	const admissions = new WeakMap<Connection, Admission>();
	let shuttingDown = false;
	/**
	 * A5: sessions that ended and accounts that changed, by sequence number. A handshake reads the session before it
	 * joins: if either changed since it started, the new connection is re-checked at once instead of living on stale
	 * rights.
	 */
	let changeSequence = 0;
	const recentChanges = new Map<string, { sequence: number; at: number }>();
	function noteChange(key: string): void {
		recentChanges.delete(key);
		recentChanges.set(key, { sequence: ++changeSequence, at: Date.now() });
	}
	const changedSince = (sequence: number, connection: Connection) =>
		[`user:${connection.actor.userId}`, `session:${connection.sessionKey}`].some((key) => (recentChanges.get(key)?.sequence ?? 0) > sequence);

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
		const room: Room = { name, doc, presence, connections, persistence, size: 0, compacting: false, closed: false, stopRelay: null };

		doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin !== persistence && origin !== RELAYED) {
				persistence.append(update);
				relay?.publishUpdate(name, update);
			}
			broadcast(room, updateMessage(update));
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
	async function* everyConnection(): AsyncGenerator<{ room: Room; connection: Connection }> {
		for (const result of await Promise.allSettled(rooms.values())) {
			if (result.status !== 'fulfilled') continue;
			for (const connection of result.value.connections.values()) yield { room: result.value, connection };
		}
	}

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
		let stored = true;
		try {
			await room.persistence.compact();
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
		if (changedSince(since, connection)) void recheckOrClose(room, connection);
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

	const expirySweep = setInterval(() => {
		// Oldest first (re-noted keys move to the end), so the scan stops at the first one still remembered.
		for (const [key, change] of recentChanges) {
			if (Date.now() - change.at < CHANGE_MEMORY_MS) break;
			recentChanges.delete(key);
		}
		void (async () => {
			const now = Date.now();
			for await (const { connection } of everyConnection()) {
				if (connection.expiresAt.getTime() <= now) closeConnection(connection, YJS_CLOSE.signedOut, 'session expired');
			}
		})();
	}, EXPIRY_SWEEP_MS);
	expirySweep.unref();

	async function join(request: IncomingMessage, socket: Duplex, head: Buffer, admission: Admission, since: number): Promise<void> {
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
		// ws drops a bad handshake without calling back: a room loaded for it must not stay loaded for nobody.
		let accepted = false;
		socket.once('close', () => {
			if (accepted) return;
			admission.settle(false);
			void unloadIfIdle(room);
		});
		wss.handleUpgrade(request, socket, head, (webSocket) => {
			accepted = true;
			admission.settle(true);
			accept(webSocket, room, admission, since);
		});
	}

	/** A5: one connection against its live session; see refreshUser. */
	async function recheck(room: Room, connection: Connection): Promise<void> {
		const session = await app.services.accounts.liveSession(connection.sessionToken);
		if (session.actor.kind !== 'user' || !session.expiresAt) {
			closeConnection(connection, YJS_CLOSE.signedOut, 'session ended');
			return;
		}
		let access: 'read' | 'write';
		try {
			access = await app.services.documents.access(session.actor, room.name);
		} catch (error) {
			if (!isDomainError(error)) throw error;
			closeConnection(connection, error.code === 'unauthenticated' ? YJS_CLOSE.signedOut : YJS_CLOSE.forbidden, 'access withdrawn');
			return;
		}
		connection.actor = session.actor;
		connection.expiresAt = session.expiresAt;
		if (access === 'read') connection.readOnly = true;
	}

	function recheckOrClose(room: Room, connection: Connection): Promise<void> {
		return recheck(room, connection).catch((error: unknown) => {
			// Unsure who it acts for now: it must not keep acting; the client reconnects and is checked afresh.
			log.error({ err: error, document: room.name }, 'could not re-check a Yjs connection; closing it');
			closeConnection(connection, YJS_CLOSE.goingAway, 'could not re-check');
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
			const path = url.pathname.slice(YJS_PATH_PREFIX.length);
			const since = changeSequence;
			gate
				.admit(request, socket, path)
				.then((admission) => admission && join(request, socket, head, admission, since))
				.catch((error: unknown) => {
					log.error({ err: error, path }, 'Yjs upgrade failed');
					if (!socket.destroyed) refuseUpgrade(socket, 500, 'Could not open the document.');
				});
			return true;
		},
		async close() {
			shuttingDown = true;
			clearInterval(pinger);
			clearInterval(expirySweep);
			const loaded = await Promise.allSettled(rooms.values());
			for (const result of loaded) {
				if (result.status !== 'fulfilled') continue;
				const room = result.value;
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
		closeSession(sessionKey) {
			noteChange(`session:${sessionKey}`);
			void (async () => {
				for await (const { connection } of everyConnection()) {
					if (connection.sessionKey === sessionKey) closeConnection(connection, YJS_CLOSE.signedOut, 'signed out');
				}
			})();
		},
		async refreshUser(userId) {
			noteChange(`user:${userId}`);
			const checks: Promise<void>[] = [];
			for await (const { room, connection } of everyConnection()) {
				if (connection.actor.userId === userId && !connection.closing) checks.push(recheckOrClose(room, connection));
			}
			await Promise.all(checks);
		}
	};
}
