import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { acknowledgedClockIn, isSyncStep2 } from './yjs-acknowledged';

/** What an editor's status line says once loaded (D26). */
export type SaveStatus = 'saving' | 'saved' | 'offline' | 'reconnecting';

export interface SaveFollower {
	/** Edits the server has not acknowledged yet (they are safe in the browser meanwhile, D26). */
	readonly unsaved: boolean;
	readonly status: SaveStatus;
	/** Looks again (the browser's idea of the network changed). */
	refresh(): void;
	destroy(): void;
}

/** How often a connected editor with edits in flight looks again (the socket's buffer empties without an event). */
const RECHECK_MS = 200;

/** A sync step 1 (y-protocols), as the stock provider sends on connecting. */
function syncStep1(doc: Y.Doc): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 0);
	syncProtocol.writeSyncStep1(encoder, doc);
	return encoding.toUint8Array(encoder);
}

/** Whether the server's echo of `update` tells that it is stored: it adds structs of `clientId` only, and deletes nothing. */
function echoable(update: Uint8Array, clientId: number): boolean {
	const { structs, ds } = Y.decodeUpdate(update);
	return ds.clients.size === 0 && structs.every((struct) => struct.id.client === clientId);
}

interface Barrier {
	/** The first was sent (behind the provider's answer to the server's sync step 1). */
	opened: boolean;
	/** One was sent and its answer has not arrived. */
	waiting: boolean;
	/** At least one was answered. */
	answered: boolean;
}

/**
 * D43: whether a stock y-websocket provider's document is saved on an Agora server. What this client types is saved
 * once the server's echo of this client's clock arrives (Y15). What an echo cannot tell (edits restored from the
 * browser's copy, made in an earlier session under another Yjs client id, and deletions, which carry no clock) is
 * saved once the server answered a sync step 1 sent after it: the server answers one only once everything sent
 * before it is stored (Y15). So after each sync the follower sends one such barrier on the socket (covering what the
 * document held before it connected), and one more whenever such an edit was made since the last, one at a time.
 */
export function followSaves(
	doc: Y.Doc,
	provider: WebsocketProvider,
	options: {
		readonly online: () => boolean;
		/** The status may have changed. */
		readonly changed: (status: SaveStatus) => void;
		/** Edits that were unsaved are now saved. */
		readonly saved: () => void;
	}
): SaveFollower {
	// What the document already holds (the browser's copy may have loaded first) may be news to the server.
	let unsaved = doc.store.clients.size > 0;
	/** An edit an echo cannot acknowledge was made after the last barrier was sent. */
	let owed = false;
	let acknowledged = 0;
	let status: SaveStatus = 'reconnecting';
	let timer: ReturnType<typeof setTimeout> | undefined;
	const barriers = new WeakMap<WebSocket, Barrier>();

	function sendBarrier(socket: WebSocket, barrier: Barrier): void {
		if (socket.readyState !== socket.OPEN) return;
		// Everything the document holds was written to this socket before this (the provider sends each update as it
		// happens, and its sync answered for what came before), so one answer covers it all.
		owed = false;
		barrier.waiting = true;
		socket.send(syncStep1(doc));
	}

	function refresh(): void {
		const socket = provider.ws;
		const barrier = socket ? barriers.get(socket) : undefined;
		const connected = provider.wsconnected && provider.synced && socket !== null;
		const sent =
			connected && barrier?.answered === true && !barrier.waiting && !owed && socket.bufferedAmount === 0 && acknowledged >= Y.getState(doc.store, doc.clientID);
		if (unsaved && sent) {
			unsaved = false;
			options.saved();
		}
		status = connected ? (unsaved || !sent ? 'saving' : 'saved') : !options.online() || !provider.shouldConnect ? 'offline' : 'reconnecting';
		clearTimeout(timer);
		if ((unsaved || !sent) && provider.wsconnected) timer = setTimeout(refresh, RECHECK_MS);
		options.changed(status);
	}

	function hear(socket: WebSocket | null): void {
		if (!socket || barriers.has(socket)) return;
		const barrier: Barrier = { opened: false, waiting: false, answered: false };
		barriers.set(socket, barrier);
		socket.addEventListener('message', (event: MessageEvent) => {
			if (!(event.data instanceof ArrayBuffer)) return;
			const message = new Uint8Array(event.data);
			if (isSyncStep2(message)) {
				// The first answers the provider's own step 1, sent after its answer to the server's: the first barrier goes
				// behind both. Every later step 2 answers a barrier, in order.
				if (!barrier.opened) {
					barrier.opened = true;
					sendBarrier(socket, barrier);
				} else {
					barrier.waiting = false;
					barrier.answered = true;
					if (owed) sendBarrier(socket, barrier);
				}
			}
			const clock = acknowledgedClockIn(message, doc.clientID);
			if (clock !== null && clock > acknowledged) acknowledged = clock;
			queueMicrotask(refresh);
		});
	}

	const onUpdate = (update: Uint8Array, origin: unknown) => {
		// The server's own updates are saved; anything else (typing, the browser's copy) is not until acknowledged.
		if (origin === provider) return;
		unsaved = true;
		if (!echoable(update, doc.clientID)) {
			owed = true;
			const socket = provider.ws;
			const barrier = socket ? barriers.get(socket) : undefined;
			if (socket && barrier?.opened && !barrier.waiting) sendBarrier(socket, barrier);
		}
		clearTimeout(timer);
		queueMicrotask(refresh);
	};
	const onStatus = () => {
		hear(provider.ws);
		refresh();
	};
	doc.on('update', onUpdate);
	provider.on('status', onStatus);
	provider.on('sync', refresh);
	hear(provider.ws);
	refresh();

	return {
		get unsaved() {
			return unsaved;
		},
		get status() {
			return status;
		},
		refresh,
		destroy() {
			clearTimeout(timer);
			doc.off('update', onUpdate);
			provider.off('status', onStatus);
			provider.off('sync', refresh);
		}
	};
}
