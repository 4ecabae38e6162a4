import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import type { DocumentsService } from '../../src/lib/server/services/documents';
import { createRoomPresence, type RoomPresence } from './awareness';
import { send, type Connection } from './connection';
import { updateMessage } from './messages';
import { createDocumentPersistence, type DocumentPersistence } from './persistence';
import type { DocumentRelay } from './relay';
import { createUpdateBatch, type UpdateBatch } from './update-batch';
import { PRESENCE_LIMITS } from '../../src/lib/domain/documents';

/** One loaded document: its Y.Doc, who is connected, their presence, and how its updates are stored and relayed. */
export interface Room {
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
	/** Y16: the owners of client ids known here (stored in document_clients, which decides when this lacks one). */
	readonly clients: Map<number, string>;
}

/** The origin of updates that other nodes relayed: applied and shown here, stored by their own node. */
const RELAYED = Symbol('relayed from another node');

export function broadcast(room: Room, message: Uint8Array): void {
	for (const connection of room.connections.values()) send(connection, message);
}

/**
 * Loads `name` from storage into a new room. Every update with another origin than storage and the relay (a client's,
 * a server-made edit) is this node's to store and relay.
 */
export async function openRoom(name: string, documents: DocumentsService, log: Logger, relay: DocumentRelay | null): Promise<Room> {
	const doc = new Y.Doc({ gc: true });
	const persistence = createDocumentPersistence(name, doc, documents, log);
	const connections = new Map<WebSocket, Connection>();
	const presence = createRoomPresence(doc, {
		broadcast: (message) => broadcast(room, message),
		publish: relay ? (update) => relay.publishAwareness(name, update) : null,
		claim: (connection, clientIds) => {
			if (connection.readOnly || connection.actor.kind !== 'user') return;
			const { userId } = connection.actor;
			// Bounded per connection (Y18): ids cleared and republished cannot be turned into a stream of new rows.
			const budget = PRESENCE_LIMITS.maxPresenceClaimsPerConnection - connection.presence.claimed;
			const unknown = clientIds.filter((clientId) => !room.clients.has(clientId)).slice(0, Math.max(0, budget));
			if (unknown.length === 0) return;
			connection.presence.claimed += unknown.length;
			documents
				.claimClients(name, userId, unknown)
				.then((claimed) => {
					// All of them this user's now; else one was someone's before, and writes will ask storage who.
					if (claimed) for (const clientId of unknown) room.clients.set(clientId, userId);
				})
				.catch((error: unknown) => log.warn({ err: error, document: name }, 'could not claim presence client ids'));
		}
	});
	const batch = createUpdateBatch({
		broadcast: (update) => broadcast(room, updateMessage(update)),
		// Y15: relayed only once stored, like everything else that leaves the node.
		keep: async (update) => {
			await persistence.append(update);
			relay?.publishUpdate(name, update);
		},
		failed: (error) => log.warn({ err: error, document: name }, 'updates not stored before the room closed; never sent'),
		audience: () => connections.size
	});
	const room: Room = {
		name,
		doc,
		presence,
		connections,
		persistence,
		batch,
		size: 0,
		compacting: false,
		closed: false,
		stopRelay: null,
		clients: new Map()
	};

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
			// Y15: the state as it is now, sent once every update it holds is stored.
			state: async () => {
				const state = Y.encodeStateAsUpdate(doc);
				await batch.settled();
				return state;
			}
		});
	}
	try {
		for (const [clientId, userId] of await documents.authorsOf(name)) room.clients.set(clientId, userId);
		room.size = await persistence.load();
	} catch (error) {
		await room.stopRelay?.();
		throw error;
	}
	return room;
}

/** Frees what a room holds; its state must be stored first. */
export async function closeRoom(room: Room, log: Logger): Promise<void> {
	room.closed = true;
	room.persistence.stop();
	await room.stopRelay?.().catch((error: unknown) => log.warn({ err: error, document: room.name }, 'could not leave the relay'));
	room.presence.destroy();
	room.doc.destroy();
}
