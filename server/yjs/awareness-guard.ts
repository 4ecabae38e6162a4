import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { z } from 'zod';
import { PRESENCE_LIMITS, type PresenceUser } from '../../src/lib/domain/documents';

/** The client ids an awareness update speaks for (its format: count, then per entry id, clock, JSON state). */
export function clientIdsOf(update: Uint8Array): number[] {
	return readEntries(update).map((entry) => entry.clientId);
}

interface AwarenessEntry {
	readonly clientId: number;
	readonly clock: number;
	readonly state: string;
}

function readEntries(update: Uint8Array): AwarenessEntry[] {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	const entries: AwarenessEntry[] = [];
	for (let i = 0; i < count; i++) {
		entries.push({ clientId: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder), state: decoding.readVarString(decoder) });
	}
	return entries;
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
	if (update.byteLength > PRESENCE_LIMITS.maxMessageBytes) return false;
	const ids = clientIdsOf(update);
	const unclaimed = ids.filter((id) => !owned.has(id));
	if (unclaimed.some(ownedByOthers)) return false;
	if (owned.size + new Set(unclaimed).size > PRESENCE_LIMITS.maxIdsPerConnection) return false;
	for (const id of unclaimed) owned.add(id);
	return true;
}

/** A cursor as the y-codemirror / y-prosemirror bindings publish it: two relative positions, as JSON. */
const cursorSchema = z.object({ anchor: z.json(), head: z.json() }).nullable();
/** A client's presence: null when it leaves, else an object of which only the cursor is kept. */
const clientStateSchema = z.union([z.null(), z.looseObject({ cursor: z.unknown().optional() })]);

/**
 * Y6: the update with every state's `user` set to `user` and nothing else of the client's but its cursor, so a
 * person's name, colour and role on screen are always the server's. Throws on a state that is not JSON (malformed).
 */
export function withServerPresence(update: Uint8Array, user: PresenceUser): Uint8Array {
	const entries = readEntries(update);
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const entry of entries) {
		const parsed = clientStateSchema.safeParse(JSON.parse(entry.state));
		// A state that is neither null nor an object still means "present"; it just carries no cursor.
		const state = parsed.success ? parsed.data : {};
		let rewritten: Record<string, unknown> | null = null;
		if (state !== null) {
			const cursor = cursorSchema.safeParse(state.cursor);
			rewritten = cursor.success && cursor.data !== undefined ? { user, cursor: cursor.data } : { user };
		}
		encoding.writeVarUint(encoder, entry.clientId);
		encoding.writeVarUint(encoder, entry.clock);
		encoding.writeVarString(encoder, JSON.stringify(rewritten));
	}
	return encoding.toUint8Array(encoder);
}

/** Y6: a token bucket, `rate` tokens a second up to `burst`; times are milliseconds from any monotonic clock. */
export interface TokenBucket {
	/** Takes a token if there is one. */
	take(now: number): boolean;
	/** Milliseconds until the next token. */
	waitMs(now: number): number;
}

export function createTokenBucket(rate: number, burst: number, start: number): TokenBucket {
	let tokens = burst;
	let last = start;
	const refill = (now: number) => {
		tokens = Math.min(burst, tokens + ((now - last) * rate) / 1000);
		last = now;
	};
	return {
		take(now) {
			refill(now);
			if (tokens < 1) return false;
			tokens -= 1;
			return true;
		},
		waitMs(now) {
			refill(now);
			return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) * 1000) / rate);
		}
	};
}
