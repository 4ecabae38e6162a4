import * as Y from 'yjs';

/**
 * Y11: the updates a room sees within one turn of the event loop go out as one merged update (Y.mergeUpdates), to
 * every connection in one frame, and to storage and the relay as one row and one message. Two hundred editors typing
 * once a second each then cost every client a frame per turn instead of two hundred, which is what lets the stock
 * y-websocket client keep up; it applies merged updates like any other.
 */
export interface UpdateBatch {
	/** Queues an update; `local` when it came from this node's clients (to be stored and relayed), not from storage or another node. */
	push(update: Uint8Array, local: boolean): void;
	/** Sends what is queued now, instead of at the end of this turn (before storing or unloading a room). */
	flush(): void;
}

export function createUpdateBatch(targets: {
	/** Every update of the turn, merged: for this node's connections. */
	broadcast(update: Uint8Array): void;
	/** The local updates of the turn, merged: for storage and the other nodes. */
	keep(update: Uint8Array): void;
}): UpdateBatch {
	let all: Uint8Array[] = [];
	let local: Uint8Array[] = [];
	let scheduled: NodeJS.Immediate | null = null;
	const merged = (updates: Uint8Array[]) => (updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));

	function flush(): void {
		if (scheduled) clearImmediate(scheduled);
		scheduled = null;
		const [toSend, toKeep] = [all, local];
		all = [];
		local = [];
		if (toKeep.length > 0) targets.keep(merged(toKeep));
		if (toSend.length > 0) targets.broadcast(merged(toSend));
	}

	return {
		push(update, isLocal) {
			all.push(update);
			if (isLocal) local.push(update);
			scheduled ??= setImmediate(flush);
		},
		flush
	};
}
