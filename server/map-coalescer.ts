import { MAP_CHANGES, type MapChange } from '../src/lib/domain/map-live';
import { createCoalescer, type Coalescer, type Scheduler } from './coalescer';

/**
 * M7: at most one `map:changed` per idea per window and node (see coalescer.ts). Of the changes kept, the one that
 * matters most to a map wins (withdrawn > created > edited > counted): a map refetches its view on any of them, and a
 * pin that appeared or left must not be reported as a mere count.
 */
const rank = (change: MapChange) => MAP_CHANGES.indexOf(change);

export function createMapChangeCoalescer<Change extends { readonly ideaId: string; readonly change: MapChange }>(options: {
	/** 0 sends every change at once. */
	readonly windowMs: number;
	readonly send: (change: Change) => void;
	readonly scheduler?: Scheduler;
}): Coalescer<Change> {
	return createCoalescer<Change>({
		...options,
		keyOf: (change) => change.ideaId,
		merge: (pending, offered) => (pending === null || rank(offered.change) >= rank(pending.change) ? offered : pending)
	});
}
