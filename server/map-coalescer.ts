import { MAP_CHANGES, type MapChange } from '../src/lib/domain/map-live';
import { REAL_TIMERS, type Scheduler } from './count-coalescer';

/**
 * M7: at most one `map:changed` per idea per window and node. The first change of a quiet idea goes out at once;
 * later ones within the window are kept as one, sent when the window ends. Of the changes kept, the one that matters
 * most to a map wins (withdrawn > created > edited > counted): a map refetches its view on any of them, and a pin
 * that appeared or left must not be reported as a mere count.
 */
export interface MapChangeCoalescer<Change extends { readonly ideaId: string; readonly change: MapChange }> {
	offer(change: Change): void;
	/** Sends what is kept now, and every later change at once (shutdown). */
	close(): void;
}

const rank = (change: MapChange) => MAP_CHANGES.indexOf(change);

export function createMapChangeCoalescer<Change extends { readonly ideaId: string; readonly change: MapChange }>(options: {
	/** 0 sends every change at once. */
	readonly windowMs: number;
	readonly send: (change: Change) => void;
	readonly scheduler?: Scheduler;
}): MapChangeCoalescer<Change> {
	const { windowMs, send } = options;
	const scheduler = options.scheduler ?? REAL_TIMERS;
	// Only ideas that changed in the last window are kept.
	const windows = new Map<string, { pending: Change | null; cancel: () => void }>();
	let closed = false;

	function openWindow(ideaId: string, state: { pending: Change | null; cancel: () => void }): void {
		state.cancel = scheduler.schedule(windowMs, () => {
			const due = state.pending;
			if (due === null) {
				windows.delete(ideaId);
				return;
			}
			state.pending = null;
			send(due);
			openWindow(ideaId, state);
		});
	}

	return {
		offer(change) {
			if (closed || windowMs <= 0) return send(change);
			const state = windows.get(change.ideaId);
			if (state === undefined) {
				const fresh = { pending: null, cancel: () => {} };
				windows.set(change.ideaId, fresh);
				send(change);
				openWindow(change.ideaId, fresh);
				return;
			}
			if (state.pending === null || rank(change.change) >= rank(state.pending.change)) state.pending = change;
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
