import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_DOCUMENT_UPDATE_BYTES, PRESENCE_LIMITS } from '../../src/lib/domain/documents';
import type { App } from '../../src/lib/server/app';
import { YJS_PATH_PREFIX } from '../../src/lib/realtime/protocol';
import { createTokenBucket } from './awareness-guard';
import { send, type Connection } from './connection';
import { awarenessMessage, syncStep1Message } from './messages';
import { receiveMessage } from './receive';
import type { Room } from './room';
import type { RoomLifecycle } from './room-lifecycle';
import type { createSessionFollower } from './sessions';
import { createUpgradeGate, refuseUpgrade, type Admission } from './upgrade';

const RESTARTING = 'The server is restarting. Please try again in a moment.';

/**
 * From an HTTP upgrade on `/yjs/<document>` to an open connection in its room: the gate's checks (upgrade.ts), the
 * room loaded, the WebSocket accepted, the first sync step sent, and the connection's slots given back when it ends.
 */
export function createHandshakes(app: App, log: Logger, lifecycle: RoomLifecycle, sessions: ReturnType<typeof createSessionFollower>) {
	const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_DOCUMENT_UPDATE_BYTES + 64 });
	const gate = createUpgradeGate(app);

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
				claimed: 0,
				bucket: createTokenBucket(PRESENCE_LIMITS.messagesPerSecond, PRESENCE_LIMITS.burst, performance.now()),
				deferred: null,
				timer: null
			},
			alive: true,
			closing: false,
			inbox: null
		};
		room.connections.set(socket, connection);
		socket.binaryType = 'nodebuffer';
		socket.on('message', (data) => {
			// Past a shutdown nothing new is stored; the client resends its state to the next server it syncs with.
			if (lifecycle.shuttingDown || connection.closing) return;
			receiveMessage(room, connection, data, { documents: app.services.documents, log });
		});
		socket.on('pong', () => (connection.alive = true));
		socket.on('close', () => {
			admission.release();
			lifecycle.leave(room, connection);
		});
		socket.on('error', (error) => log.warn({ err: error, document: room.name }, 'Yjs socket error'));
		send(connection, syncStep1Message(room.doc));
		const states = room.presence.snapshot();
		if (states) send(connection, awarenessMessage(states));
		sessions.opened(room.name, connection, since);
	}

	/** `handedOver` runs once ws owns the socket (and listens for its errors). */
	async function join(request: IncomingMessage, socket: Duplex, head: Buffer, admission: Admission, since: number, handedOver: () => void): Promise<void> {
		let room: Room;
		try {
			room = await lifecycle.join(admission.document);
		} catch (error) {
			admission.settle(false);
			throw error;
		}
		if (lifecycle.shuttingDown) {
			admission.settle(false);
			refuseUpgrade(socket, 503, RESTARTING);
			return;
		}
		// ws drops a bad handshake without calling back: a room loaded for it must not stay loaded for nobody, and the
		// slots it holds must be given back. A client that left while it was checked has already closed its socket.
		if (socket.destroyed) {
			admission.settle(false);
			lifecycle.leave(room, null);
			return;
		}
		let accepted = false;
		socket.once('close', () => {
			if (accepted) return;
			admission.settle(false);
			lifecycle.leave(room, null);
		});
		// The room is not closed here, and handleUpgrade accepts synchronously: nothing can unload it in between.
		wss.handleUpgrade(request, socket, head, (webSocket) => {
			accepted = true;
			handedOver();
			admission.settle(true);
			accept(webSocket, room, admission, since);
		});
	}

	return {
		/** Handles the HTTP upgrade if the path is ours; returns false otherwise so another handler can take it. */
		handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
			const url = new URL(request.url ?? '/', 'http://localhost');
			if (!url.pathname.startsWith(YJS_PATH_PREFIX)) return false;
			if (lifecycle.shuttingDown) {
				refuseUpgrade(socket, 503, RESTARTING);
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
		close: () => wss.close()
	};
}
