import * as Y from 'yjs';

/**
 * Y11: the updates a room sees within one turn of the event loop go out as one merged update (Y.mergeUpdates), to
 * every connection in one frame, and to storage and the relay as one row and one message. Two hundred editors typing
 * once a second each then cost every client a frame per turn instead of two hundred, which is what lets the stock
 * y-websocket client keep up; it applies merged updates like any other.
 *
 * Y15 (acknowledged): nothing of a turn leaves the node before its local updates are stored. The merged frame goes to
 * the connections, the sender's included (its acknowledgement), only once `keep` resolved, and turns go out in order;
 * `after` runs something (a sync step 2 answer) once everything pushed before it is stored and sent.
 */
export interface UpdateBatch {
	/** Queues an update; `local` when it came from this node's clients (to be stored and relayed), not from storage or another node. */
	push(update: Uint8Array, local: boolean): void;
	/** Ends the turn now instead of at the end of this event-loop turn (before storing or unloading a room). */
	flush(): void;
	/** Runs `then` once every update pushed so far is stored and broadcast (never, if storing them failed). */
	after(then: () => void): void;
	/** Resolves once every update pushed so far is stored and broadcast; rejects if storing them failed. */
	settled(): Promise<void>;
}

export function createUpdateBatch(targets: {
	/** Every update of the turn, merged: for this node's connections. */
	broadcast(update: Uint8Array): void;
	/** The local updates of the turn, merged: for storage and the other nodes; resolves once stored. */
	keep(update: Uint8Array): Promise<void>;
	/** Storing a turn failed for good (the room is going away): its frame is never sent. */
	failed(error: unknown): void;
}): UpdateBatch {
	let all: Uint8Array[] = [];
	let local: Uint8Array[] = [];
	let scheduled: NodeJS.Immediate | null = null;
	/** Every turn so far, stored and sent; storing fails for good only when the room goes away, and so do later turns. */
	let sent: Promise<void> = Promise.resolve();
	/** Work waiting for the turn in progress. */
	let waiting: Waiter[] = [];
	const merged = (updates: Uint8Array[]) => (updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));

	function flush(): void {
		if (scheduled) clearImmediate(scheduled);
		scheduled = null;
		const [toSend, toKeep, waiters] = [all, local, waiting];
		all = [];
		local = [];
		waiting = [];
		if (toSend.length === 0) return;
		// Most turns hold only this node's clients' updates: one merge serves storage and the connections.
		const update = merged(toSend);
		const stored = toKeep.length === 0 ? Promise.resolve() : targets.keep(toKeep.length === toSend.length ? update : merged(toKeep));
		sent = Promise.all([sent, stored]).then(() => targets.broadcast(update));
		sent.then(
			() => waiters.forEach((waiter) => waiter.ok()),
			(error: unknown) => {
				targets.failed(error);
				waiters.forEach((waiter) => waiter.fail(error));
			}
		);
	}

	/** Waits for the turn in progress, or for the turns already sent when none is in progress. */
	function wait(waiter: Waiter): void {
		if (all.length > 0) waiting.push(waiter);
		else sent.then(waiter.ok, waiter.fail);
	}

	return {
		push(update, isLocal) {
			all.push(update);
			if (isLocal) local.push(update);
			scheduled ??= setImmediate(flush);
		},
		flush,
		after(then) {
			// What it waited for was never stored: it must not run.
			wait({ ok: then, fail: () => {} });
		},
		settled: () => new Promise((resolve, reject) => wait({ ok: resolve, fail: reject }))
	};
}

interface Waiter {
	ok(): void;
	fail(error: unknown): void;
}
