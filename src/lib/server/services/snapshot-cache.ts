import type { Logger } from 'pino';
import type { Clock } from '../ports';

/** One derived view as built, with the newest change it holds (null: the database held none). */
export interface Snapshot<Value> {
	readonly value: Value;
	readonly marker: string | null;
	/** Grows with every build of any key: part of an ETag. */
	readonly generation: number;
}

interface Slot<Value> {
	current: (Snapshot<Value> & { builtAt: number }) | null;
	building: Promise<Snapshot<Value> & { builtAt: number }> | null;
}

/** Runs a build when its turn comes (builds of views derived from every idea go one at a time, M21). */
export type BuildTurn = <T>(build: () => Promise<T>) => Promise<T>;

/**
 * M4's freshness for any view derived from every idea (district numbers, heat grids): built once per key while the
 * first caller waits, then served as is while the database holds nothing newer; when it does, rebuilt in the
 * background at most every `minIntervalMs`, the older snapshot served meanwhile. Freshness is read from the database,
 * so a change made on any node is seen. The least recently used keys beyond `capacity` are dropped. Every build
 * waits for its `turn`, so a flood of new keys queues builds instead of running them all at once.
 */
export function createSnapshotCache<Value>(options: { clock: Clock; log: Logger; capacity: number; minIntervalMs: number; what: string; turn: BuildTurn }) {
	const slots = new Map<string, Slot<Value>>();
	let generations = 0;

	function slotFor(key: string): Slot<Value> {
		let slot = slots.get(key);
		if (slot) {
			slots.delete(key);
		} else {
			slot = { current: null, building: null };
			if (slots.size >= options.capacity) slots.delete(slots.keys().next().value!);
		}
		slots.set(key, slot);
		return slot;
	}

	function rebuild(slot: Slot<Value>, readMarker: () => Promise<string | null>, compute: () => Promise<Value>) {
		slot.building ??= options
			.turn(async () => {
				// The marker first: whatever the build then reads is at least as new as it says.
				const marker = await readMarker();
				const value = await compute();
				generations += 1;
				return { value, marker, generation: generations, builtAt: options.clock.now().getTime() };
			})
			.then((snapshot) => (slot.current = snapshot))
			.finally(() => {
				slot.building = null;
			});
		return slot.building;
	}

	return {
		/**
		 * The snapshot of `key`, current as of `marker` (the database's newest change now) or being rebuilt. `admit`
		 * runs first when the key is neither held nor being built, and may refuse the caller (M21's limit).
		 */
		async get(
			key: string,
			marker: string | null,
			readMarker: () => Promise<string | null>,
			compute: () => Promise<Value>,
			admit: () => Promise<void>
		): Promise<Snapshot<Value>> {
			const held = slots.get(key);
			if (!held?.current && !held?.building) await admit();
			const slot = slotFor(key);
			const current = slot.current ?? (await rebuild(slot, readMarker, compute));
			const stale = marker !== null && (current.marker === null || marker > current.marker);
			if (stale && !slot.building && options.clock.now().getTime() - current.builtAt >= options.minIntervalMs) {
				rebuild(slot, readMarker, compute).catch((error: unknown) => options.log.warn({ err: error }, `could not rebuild ${options.what}`));
			}
			return current;
		}
	};
}
