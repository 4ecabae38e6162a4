import type { Logger } from 'pino';
import type { DocumentsService } from '../../src/lib/server/services/documents';
import { YJS_CLOSE } from '../../src/lib/realtime/yjs-close-reasons';
import { closeConnection, type Connection } from './connection';
import type { DocumentRelay } from './relay';
import { closeRoom, openRoom, type Room } from './room';
import type { OpenConnection } from './sessions';

/** A document whose storage failed when its last connection left stays loaded and tries again after this long. */
const UNLOAD_RETRY_MS = 30_000;

/**
 * Which documents are loaded on this node: a room is loaded once for every connection that opens it, and stored
 * and unloaded when its last connection leaves.
 */
export function createRoomLifecycle(documents: DocumentsService, log: Logger, relay: DocumentRelay | null, options: { unloadGraceMs: number }) {
	const rooms = new Map<string, Promise<Room>>();
	/** Y14: rooms nobody is connected to, waiting out their grace period before they are stored and unloaded. */
	const idle = new Map<Room, NodeJS.Timeout>();
	let shuttingDown = false;

	function stopWaiting(room: Room): void {
		const timer = idle.get(room);
		if (timer) clearTimeout(timer);
		idle.delete(room);
	}

	/** Y14: the last connection left; its updates go to storage now, and the room unloads after the grace period. */
	function whenIdle(room: Room): void {
		if (room.connections.size > 0 || room.closed || shuttingDown || idle.has(room)) return;
		room.batch.flush();
		if (options.unloadGraceMs === 0) {
			void unloadIfIdle(room);
			return;
		}
		const timer = setTimeout(() => {
			idle.delete(room);
			void unloadIfIdle(room);
		}, options.unloadGraceMs);
		timer.unref();
		idle.set(room, timer);
	}

	function roomFor(name: string): Promise<Room> {
		let room = rooms.get(name);
		if (!room) {
			room = openRoom(name, documents, log, relay);
			rooms.set(name, room);
			room.catch(() => rooms.delete(name));
		}
		return room;
	}

	async function unload(room: Room): Promise<void> {
		stopWaiting(room);
		rooms.delete(room.name);
		await closeRoom(room, log);
	}

	/**
	 * Stores (compacts) and unloads a room nobody is connected to. It stays loaded until its state is stored: whoever (re)joins
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

	return {
		/** The room of `name`, loaded if need be; never one that was unloaded meanwhile. */
		async join(name: string): Promise<Room> {
			let room = await roomFor(name);
			// The room may have been unloaded while the handshake waited for it.
			while (room.closed && !shuttingDown) room = await roomFor(name);
			stopWaiting(room);
			return room;
		},
		/** The room of `name` if it is loaded (or loading) here, else null. */
		async loaded(name: string): Promise<Room | null> {
			const loading = rooms.get(name);
			const room = loading ? await loading.catch(() => null) : null;
			return room && !room.closed ? room : null;
		},
		/** A connection left (or a handshake for the room failed): the room unloads once nobody is left (Y14). */
		leave(room: Room, connection: Connection | null): void {
			if (connection) {
				if (!room.connections.delete(connection.socket)) return;
				room.presence.leave(connection);
			}
			whenIdle(room);
		},
		/** Every open connection of every loaded room. */
		async *connections(): AsyncGenerator<OpenConnection> {
			for (const result of await Promise.allSettled(rooms.values())) {
				if (result.status !== 'fulfilled') continue;
				for (const connection of result.value.connections.values()) yield { document: result.value.name, connection };
			}
		},
		get shuttingDown() {
			return shuttingDown;
		},
		/** Closes every connection (1001), stores every room and unloads it; nothing joins afterwards. */
		async close(): Promise<void> {
			shuttingDown = true;
			for (const result of await Promise.allSettled(rooms.values())) {
				if (result.status !== 'fulfilled') continue;
				const room = result.value;
				stopWaiting(room);
				room.batch.flush();
				// A write that cannot land gives up after a few attempts instead of holding the shutdown for ever.
				room.persistence.stop();
				for (const connection of room.connections.values()) closeConnection(connection, YJS_CLOSE.goingAway, 'server shutting down');
				try {
					await room.persistence.compact();
				} catch (error) {
					log.error({ err: error, document: room.name }, 'could not compact a document at shutdown');
				}
				await unload(room);
			}
		}
	};
}

export type RoomLifecycle = ReturnType<typeof createRoomLifecycle>;
