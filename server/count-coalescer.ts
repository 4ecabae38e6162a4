import { createCoalescer, type Coalescer, type Scheduler } from './coalescer';

/**
 * V6: an idea's counts go out as its latest versioned snapshot, at most once per window (see coalescer.ts). A storm
 * of votes on one idea then costs each watcher one delivery per window instead of one per vote. Snapshots are whole
 * (all counts and their version), so skipping the ones in between loses nothing; clients keep the higher version
 * (V5), and so does the coalescer: an older snapshot arriving after a newer one (two transactions publishing out of
 * order) is dropped.
 *
 * Each node coalesces what its own services publish, then broadcasts through the adapter; with N nodes voting on one
 * idea, a watcher receives at most N messages per window for it.
 */
export interface VersionedSnapshot {
	readonly ideaId: string;
	readonly votesVersion: number;
}

export function createCountCoalescer<Snapshot extends VersionedSnapshot>(options: {
	/** 0 sends every snapshot at once. */
	readonly windowMs: number;
	readonly send: (snapshot: Snapshot) => void;
	readonly scheduler?: Scheduler;
}): Coalescer<Snapshot> {
	return createCoalescer<Snapshot>({
		...options,
		keyOf: (snapshot) => snapshot.ideaId,
		merge: (pending, offered, lastSent) =>
			offered.votesVersion > Math.max(pending?.votesVersion ?? -Infinity, lastSent.votesVersion) ? offered : pending
	});
}
