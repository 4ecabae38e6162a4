import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { App } from '../../src/lib/server/app';
import { createHandshakes } from './handshake';
import { createLiveEdits } from './live-edits';
import type { DocumentRelay } from './relay';
import { createRoomLifecycle } from './room-lifecycle';
import { createSessionFollower } from './sessions';

const PING_INTERVAL_MS = 30_000;

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

/**
 * The y-websocket endpoint, assembled: handshakes (handshake.ts, upgrade.ts) put connections into rooms
 * (room-lifecycle.ts, room.ts) whose messages receive.ts reads (sync.ts, awareness.ts); sessions.ts follows each
 * connection's session; live-edits.ts is the services' way in (LiveDocuments).
 */
export function createYjsRooms(app: App, log: Logger, relay: DocumentRelay | null): YjsRooms {
	const lifecycle = createRoomLifecycle(app.services.documents, log, relay, { unloadGraceMs: app.config.yjsUnloadGraceMs });
	const sessions = createSessionFollower(app, log, () => lifecycle.connections());
	const handshakes = createHandshakes(app, log, lifecycle, sessions);
	const detachLiveDocuments = app.liveDocuments.attach(createLiveEdits(lifecycle, app.services.documents, relay));

	const pinger = setInterval(() => {
		void (async () => {
			for await (const { connection } of lifecycle.connections()) {
				if (!connection.alive) connection.socket.terminate();
				else {
					connection.alive = false;
					connection.socket.ping();
				}
			}
		})();
	}, PING_INTERVAL_MS);
	pinger.unref();

	return {
		handleUpgrade: (request, socket, head) => handshakes.handleUpgrade(request, socket, head),
		async close() {
			detachLiveDocuments();
			clearInterval(pinger);
			sessions.stop();
			await lifecycle.close();
			handshakes.close();
		},
		closeSession: (sessionKey) => sessions.closeSession(sessionKey),
		refreshUser: (userId) => sessions.refreshUser(userId),
		refreshDocument: (name) => sessions.refreshDocument(name)
	};
}
