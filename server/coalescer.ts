/**
 * At most one delivery per key per window, for a stream where a later item can stand for the earlier ones (V6's
 * count snapshots, M7's map changes).
 *
 * Per key: the first item of a quiet key (nothing sent in the last window) goes out at once (leading edge), so a
 * lone change is as fast as without coalescing. Items offered within the window are folded into one kept item by
 * `merge`, which goes out when the window ends (trailing edge) and opens the next window. A change therefore waits at
 * most one window: the least staleness for at most one message per window and key. Only keys that sent something in
 * the last window are held, so memory follows what is changing right now.
 */

/** The timers a coalescer runs on: real ones in the server, hand-moved ones in tests. */
export interface Scheduler {
	/** Runs `task` after `delayMs`; returns what cancels it. */
	schedule(delayMs: number, task: () => void): () => void;
}

export const REAL_TIMERS: Scheduler = {
	schedule(delayMs, task) {
		const timer = setTimeout(task, delayMs);
		return () => clearTimeout(timer);
	}
};

export interface Coalescer<Item> {
	/** Sends the item now, or folds it into what is kept for the end of its key's window. */
	offer(item: Item): void;
	/** Sends everything kept now, and from then on every item at once (shutdown: nothing is left behind). */
	close(): void;
}

interface KeyWindow<Item> {
	lastSent: Item;
	pending: Item | null;
	cancel: () => void;
}

export function createCoalescer<Item>(options: {
	/** 0 sends every item at once. */
	readonly windowMs: number;
	readonly keyOf: (item: Item) => string;
	/** What to keep after `offered` arrives while `pending` (or nothing) waits and `lastSent` went out last. */
	readonly merge: (pending: Item | null, offered: Item, lastSent: Item) => Item | null;
	readonly send: (item: Item) => void;
	readonly scheduler?: Scheduler;
}): Coalescer<Item> {
	const { windowMs, keyOf, merge, send } = options;
	const scheduler = options.scheduler ?? REAL_TIMERS;
	const windows = new Map<string, KeyWindow<Item>>();
	let closed = false;

	function openWindow(key: string, state: KeyWindow<Item>): void {
		state.cancel = scheduler.schedule(windowMs, () => {
			const due = state.pending;
			if (due === null) {
				windows.delete(key);
				return;
			}
			state.pending = null;
			state.lastSent = due;
			send(due);
			openWindow(key, state);
		});
	}

	return {
		offer(item) {
			if (closed || windowMs <= 0) {
				send(item);
				return;
			}
			const key = keyOf(item);
			const state = windows.get(key);
			if (state === undefined) {
				const fresh: KeyWindow<Item> = { lastSent: item, pending: null, cancel: () => {} };
				windows.set(key, fresh);
				send(item);
				openWindow(key, fresh);
				return;
			}
			state.pending = merge(state.pending, item, state.lastSent);
		},
		close() {
			closed = true;
			for (const state of windows.values()) {
				state.cancel();
				if (state.pending !== null) send(state.pending);
			}
			windows.clear();
		}
	};
}
