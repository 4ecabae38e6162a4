/**
 * V6: an idea's counts go out as its latest versioned snapshot, at most once per window. A storm of votes on one idea
 * then costs each watcher one delivery per window instead of one per vote.
 *
 * Per idea: a snapshot of a quiet idea (nothing sent in the last window) goes out at once (leading edge), so a single
 * vote is as fast as before. Later snapshots within the window replace one another, and the newest goes out when the
 * window ends (trailing edge), which opens the next window. A change therefore waits at most one window: the least
 * staleness for at most one message per window. Snapshots are whole (all counts and their version), so skipping the
 * ones in between loses nothing; clients keep the higher version (V5), and so does the coalescer: an older snapshot
 * arriving after a newer one (two transactions publishing out of order) is dropped.
 *
 * Each node coalesces what its own services publish, then broadcasts through the adapter; with N nodes voting on one
 * idea, a watcher receives at most N messages per window for it.
 */

/** The timers the coalescer runs on: real ones in the server, hand-moved ones in tests. */
export interface Scheduler {
	/** Runs `task` after `delayMs`; returns what cancels it. */
	schedule(delayMs: number, task: () => void): () => void;
}

export interface VersionedSnapshot {
	readonly ideaId: string;
	readonly votesVersion: number;
}

export interface CountCoalescer<Snapshot extends VersionedSnapshot> {
	/** Takes an idea's new snapshot: sends it now, or keeps it (replacing an older one) for the end of the window. */
	offer(snapshot: Snapshot): void;
	/** Sends every kept snapshot now, and from then on sends each snapshot at once (shutdown: nothing is left behind). */
	close(): void;
}

interface IdeaWindow<Snapshot> {
	/** Highest version sent or kept for this idea. */
	highestVersion: number;
	pending: Snapshot | null;
	cancel: () => void;
}

export const REAL_TIMERS: Scheduler = {
	schedule(delayMs, task) {
		const timer = setTimeout(task, delayMs);
		return () => clearTimeout(timer);
	}
};

export function createCountCoalescer<Snapshot extends VersionedSnapshot>(options: {
	/** 0 sends every snapshot at once. */
	readonly windowMs: number;
	readonly send: (snapshot: Snapshot) => void;
	readonly scheduler?: Scheduler;
}): CountCoalescer<Snapshot> {
	const { windowMs, send } = options;
	const scheduler = options.scheduler ?? REAL_TIMERS;
	// Only ideas sent in the last window are here: memory follows the ideas being voted on right now.
	const windows = new Map<string, IdeaWindow<Snapshot>>();
	let closed = false;

	function openWindow(ideaId: string, state: IdeaWindow<Snapshot>): void {
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
		offer(snapshot) {
			if (closed || windowMs <= 0) {
				send(snapshot);
				return;
			}
			const state = windows.get(snapshot.ideaId);
			if (state === undefined) {
				const fresh: IdeaWindow<Snapshot> = { highestVersion: snapshot.votesVersion, pending: null, cancel: () => {} };
				windows.set(snapshot.ideaId, fresh);
				send(snapshot);
				openWindow(snapshot.ideaId, fresh);
				return;
			}
			if (snapshot.votesVersion <= state.highestVersion) return;
			state.highestVersion = snapshot.votesVersion;
			state.pending = snapshot;
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
