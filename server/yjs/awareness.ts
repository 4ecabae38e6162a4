import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { PRESENCE_LIMITS, presenceUserOf } from '../../src/lib/domain/documents';
import { claimAwareness, withServerPresence } from './awareness-guard';
import { YJS_CLOSE } from '../../src/lib/realtime/yjs-close-reasons';
import { closeConnection, type Connection } from './connection';
import { awarenessMessage } from './messages';

/** The origin of awareness that other nodes relayed: shown here, published by their own node. */
export const RELAYED_PRESENCE = Symbol('presence relayed from another node');

/** One room's presence: who is here and where their cursor is, guarded (Y5, Y6) and sent out in batches (Y7). */
export interface RoomPresence {
	/**
	 * A connection's awareness message: claimed (Y5), rewritten with the server's user fields (Y6), applied now or,
	 * past the rate, as soon as a token is there (Y6). Throws on a malformed update.
	 */
	receive(connection: Connection, update: Uint8Array): void;
	/** Another node's awareness update (already guarded there). */
	applyRelayed(update: Uint8Array): void;
	/** Y18: the user whose connection here speaks for this presence client id, if one does. */
	holderOf(clientId: number): string | undefined;
	/** Every current state as one awareness update, or null when nobody is present. */
	snapshot(): Uint8Array | null;
	/** Removes what a departing connection published. */
	leave(connection: Connection): void;
	destroy(): void;
}

interface PresenceOutlets {
	/** Sends one message to every connection of the room. */
	broadcast(message: Uint8Array): void;
	/** Sends this node's own clients' changes to the other nodes; null without Redis. */
	publish: ((update: Uint8Array) => void) | null;
	/**
	 * Y18: a connection began to speak for these client ids. A writer's are claimed for its user at once, while its
	 * presence waits for its batch (Y7), so that nobody who sees it can copy an id from it and write under it first.
	 */
	claim: (connection: Connection, clientIds: readonly number[]) => void;
}

export function createRoomPresence(doc: Y.Doc, outlets: PresenceOutlets): RoomPresence {
	const awareness = new awarenessProtocol.Awareness(doc);
	awareness.setLocalState(null);
	// Y7: changes are gathered and sent once per window, so a room of N people moving cursors costs about N
	// messages per window instead of one message to all N for every single move (N² a second).
	const changed = new Set<number>();
	const changedHere = new Set<number>();
	let flushTimer: NodeJS.Timeout | null = null;
	let destroyed = false;
	/** Which connection speaks for each awareness client id of this node's clients. */
	const owners = new Map<number, Connection>();

	function flush(): void {
		flushTimer = null;
		if (changed.size > 0) outlets.broadcast(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(awareness, [...changed])));
		if (changedHere.size > 0 && outlets.publish) outlets.publish(awarenessProtocol.encodeAwarenessUpdate(awareness, [...changedHere]));
		changed.clear();
		changedHere.clear();
	}

	awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
		// A client that cleared its presence gives its id back (ids are claimed in claimAwareness).
		if (typeof origin === 'object' && origin !== null && 'presence' in origin) {
			for (const id of removed) {
				(origin as Connection).presence.ids.delete(id);
				owners.delete(id);
			}
		}
		if (destroyed) return;
		for (const id of [...added, ...updated, ...removed]) {
			changed.add(id);
			if (origin !== RELAYED_PRESENCE) changedHere.add(id);
		}
		flushTimer ??= setTimeout(flush, PRESENCE_LIMITS.broadcastWindowMs);
	});

	/** Y5, Y6: claims the ids, rewrites the user fields and applies; throws on a malformed update. */
	function accept(connection: Connection, update: Uint8Array): void {
		// A guest has no name the server could show: it sees everyone's presence and shows none.
		if (connection.closing || connection.actor.kind !== 'user') return;
		const { presence } = connection;
		// An id is taken when another connection here holds it, or when it is present and nobody here holds it (it
		// came from another node).
		const taken = (clientId: number) => owners.has(clientId) || awareness.getStates().has(clientId);
		const before = presence.ids.size;
		if (!claimAwareness(update, presence.ids, taken)) return;
		for (const id of presence.ids) owners.set(id, connection);
		if (presence.ids.size > before) outlets.claim(connection, [...presence.ids]);
		awarenessProtocol.applyAwarenessUpdate(awareness, withServerPresence(update, presenceUserOf(connection.actor)), connection);
	}

	function acceptDeferred(connection: Connection): void {
		const { presence } = connection;
		presence.timer = null;
		if (!presence.deferred) return;
		if (!presence.bucket.take(performance.now())) {
			presence.timer = setTimeout(() => acceptDeferred(connection), presence.bucket.waitMs(performance.now()));
			return;
		}
		const update = presence.deferred;
		presence.deferred = null;
		try {
			accept(connection, update);
		} catch {
			closeConnection(connection, YJS_CLOSE.malformed, 'malformed awareness');
		}
	}

	return {
		receive(connection, update) {
			const { presence } = connection;
			if (update.byteLength > PRESENCE_LIMITS.maxMessageBytes) return;
			// Y6: checked before any decoding, so a flood costs little; past the rate only the latest state is kept, and
			// it is taken as soon as a token is there.
			if (presence.deferred || !presence.bucket.take(performance.now())) {
				presence.deferred = update;
				presence.timer ??= setTimeout(() => acceptDeferred(connection), presence.bucket.waitMs(performance.now()));
				return;
			}
			accept(connection, update);
		},
		applyRelayed(update) {
			awarenessProtocol.applyAwarenessUpdate(awareness, update, RELAYED_PRESENCE);
		},
		holderOf(clientId) {
			const owner = owners.get(clientId);
			return owner && owner.actor.kind === 'user' ? owner.actor.userId : undefined;
		},
		snapshot() {
			const states = awareness.getStates();
			return states.size > 0 ? awarenessProtocol.encodeAwarenessUpdate(awareness, [...states.keys()]) : null;
		},
		leave(connection) {
			const { presence } = connection;
			if (presence.timer) clearTimeout(presence.timer);
			presence.timer = null;
			presence.deferred = null;
			for (const id of presence.ids) owners.delete(id);
			awarenessProtocol.removeAwarenessStates(awareness, [...presence.ids], connection);
		},
		destroy() {
			destroyed = true;
			if (flushTimer) clearTimeout(flushTimer);
			flushTimer = null;
			awareness.destroy();
		}
	};
}
