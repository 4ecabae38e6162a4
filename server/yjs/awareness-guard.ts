import * as decoding from 'lib0/decoding';

/** Y5: one awareness message carries at most this much (a cursor and a name need far less). */
export const MAX_AWARENESS_BYTES = 16 * 1024;
/** Y5: a connection speaks for at most this many awareness client ids (one per editor it hosts). */
export const MAX_AWARENESS_IDS_PER_CONNECTION = 4;

/** The client ids an awareness update speaks for (its format: count, then per entry id, clock, JSON state). */
export function clientIdsOf(update: Uint8Array): number[] {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	const ids: number[] = [];
	for (let i = 0; i < count; i++) {
		ids.push(decoding.readVarUint(decoder));
		decoding.readVarUint(decoder);
		decoding.readVarString(decoder);
	}
	return ids;
}

/**
 * Y5: whether a connection may publish this awareness update: it must be small and speak only for client ids that
 * are its own or nobody's yet (which it then claims), so no one can impersonate another person's presence.
 * `owned` is the connection's set, `ownedByOthers` tells whether another connection of the room holds an id.
 */
export function claimAwareness(
	update: Uint8Array,
	owned: Set<number>,
	ownedByOthers: (clientId: number) => boolean
): boolean {
	if (update.byteLength > MAX_AWARENESS_BYTES) return false;
	const ids = clientIdsOf(update);
	const unclaimed = ids.filter((id) => !owned.has(id));
	if (unclaimed.some(ownedByOthers)) return false;
	if (owned.size + new Set(unclaimed).size > MAX_AWARENESS_IDS_PER_CONNECTION) return false;
	for (const id of unclaimed) owned.add(id);
	return true;
}
