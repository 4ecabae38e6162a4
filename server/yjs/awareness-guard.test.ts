import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import { claimAwareness, clientIdsOf, MAX_AWARENESS_BYTES } from './awareness-guard';

function awarenessUpdate(entries: { id: number; state: unknown }[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const { id, state } of entries) {
		encoding.writeVarUint(encoder, id);
		encoding.writeVarUint(encoder, 1);
		encoding.writeVarString(encoder, JSON.stringify(state));
	}
	return encoding.toUint8Array(encoder);
}

describe('awareness guard', () => {
	it('reads the client ids of an update', () => {
		expect(clientIdsOf(awarenessUpdate([{ id: 7, state: {} }, { id: 9, state: null }]))).toEqual([7, 9]);
	});

	it('[Y5] lets a connection claim fresh ids and keep speaking for them', () => {
		const owned = new Set<number>();
		expect(claimAwareness(awarenessUpdate([{ id: 7, state: { name: 'Amira' } }]), owned, () => false)).toBe(true);
		expect(owned).toEqual(new Set([7]));
		expect(claimAwareness(awarenessUpdate([{ id: 7, state: { name: 'Amira', cursor: 3 } }]), owned, () => false)).toBe(true);
	});

	it('[Y5] refuses to speak for another connection’s id', () => {
		const owned = new Set<number>();
		expect(claimAwareness(awarenessUpdate([{ id: 8, state: {} }]), owned, (id) => id === 8)).toBe(false);
		expect(owned.size).toBe(0);
	});

	it('[Y5] refuses oversized updates and too many ids', () => {
		const owned = new Set<number>();
		expect(claimAwareness(awarenessUpdate([{ id: 1, state: 'x'.repeat(MAX_AWARENESS_BYTES) }]), owned, () => false)).toBe(false);
		const many = Array.from({ length: 5 }, (_, id) => ({ id, state: {} }));
		expect(claimAwareness(awarenessUpdate(many), owned, () => false)).toBe(false);
	});

	it('throws on a truncated update, which the room treats as malformed', () => {
		expect(() => clientIdsOf(new Uint8Array([3, 1]))).toThrow();
	});
});
