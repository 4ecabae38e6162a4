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

/** Y11: the connections above which a room merges its updates over a display frame instead of one event-loop turn. */
export const CROWDED_ROOM = 64;
export const CROWDED_FRAME_MS = 16;
/**
 * A batch this full is sent at once: `Y.mergeUpdates` grows faster than the updates it merges when they come from
 * many clients (6,000 at once took 632 ms, in tens 18 ms), so one writer flooding a window must not stall the loop.
 */
export const BATCH_MAX_UPDATES = 256;
export const BATCH_MAX_BYTES = 1024 * 1024;

export function createUpdateBatch(targets: {
	/** Every update of the turn, merged: for this node's connections. */
	broadcast(update: Uint8Array): void;
	/** The local updates of the turn, merged: for storage and the other nodes; resolves once stored. */
	keep(update: Uint8Array): Promise<void>;
	/** Storing a turn failed for good (the room is going away): its frame is never sent. */
	failed(error: unknown): void;
	/** How many connections the frame goes to now: a crowded room merges over a display frame (Y11). */
	audience(): number;
}): UpdateBatch {
	let all: Uint8Array[] = [];
	let allBytes = 0;
	let local: Uint8Array[] = [];
	let scheduled: { cancel(): void } | null = null;
	/** Every turn so far, stored and sent; storing fails for good only when the room goes away, and so do later turns. */
	let sent: Promise<void> = Promise.resolve();
	/** Work waiting for the turn in progress. */
	let waiting: Waiter[] = [];
	const merged = (updates: Uint8Array[]) => (updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));

	function flush(): void {
		scheduled?.cancel();
		scheduled = null;
		const [toSend, toKeep, waiters] = [all, local, waiting];
		all = [];
		allBytes = 0;
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

	/**
	 * A frame costs every receiving client a decode and an apply, so what a crowded room sends is bounded by time,
	 * not by the event loop: above CROWDED_ROOM connections the turn lasts one display frame, which nobody can see,
	 * and 200 editors typing once a second cost each client ~60 frames a second instead of ~200. A small room still
	 * sends at the end of the event-loop turn, within a millisecond.
	 */
	function schedule(audience: number): { cancel(): void } {
		if (audience > CROWDED_ROOM) {
			const timer = setTimeout(flush, CROWDED_FRAME_MS);
			return { cancel: () => clearTimeout(timer) };
		}
		const immediate = setImmediate(flush);
		return { cancel: () => clearImmediate(immediate) };
	}

	/** Waits for the turn in progress, or for the turns already sent when none is in progress. */
	function wait(waiter: Waiter): void {
		if (all.length > 0) waiting.push(waiter);
		else sent.then(waiter.ok, waiter.fail);
	}

	return {
		push(update, isLocal) {
			all.push(update);
			allBytes += update.byteLength;
			if (isLocal) local.push(update);
			if (all.length >= BATCH_MAX_UPDATES || allBytes >= BATCH_MAX_BYTES) flush();
			else scheduled ??= schedule(targets.audience());
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
