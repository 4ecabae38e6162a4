import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { PRESENCE_LIMITS } from '../../src/lib/domain/documents';
import { claimAwareness, clientIdsOf, createTokenBucket, withServerPresence } from './awareness-guard';

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
		expect(claimAwareness(awarenessUpdate([{ id: 1, state: 'x'.repeat(PRESENCE_LIMITS.maxMessageBytes) }]), owned, () => false)).toBe(false);
		const many = Array.from({ length: 5 }, (_, id) => ({ id, state: {} }));
		expect(claimAwareness(awarenessUpdate(many), owned, () => false)).toBe(false);
	});

	it('throws on a truncated update, which the room treats as malformed', () => {
		expect(() => clientIdsOf(new Uint8Array([3, 1]))).toThrow();
	});

	it('[Y6] keeps only the cursor of a client state and sets the server’s user fields', () => {
		const user = { name: 'Amira (citizen)', color: '#1f77b4', role: 'citizen' as const };
		const cursor = { anchor: { type: null, tname: 'notes', item: null, assoc: 0 }, head: { assoc: 0 } };
		const spoofed = awarenessUpdate([
			{ id: 7, state: { user: { name: 'Mayor', color: '#000', role: 'admin' }, cursor, name: 'Mayor', html: '<b>x</b>' } },
			{ id: 8, state: null },
			{ id: 9, state: 'present' }
		]);
		const decoder = decoding.createDecoder(withServerPresence(spoofed, user));
		expect(decoding.readVarUint(decoder)).toBe(3);
		const states: unknown[] = [];
		for (let i = 0; i < 3; i++) {
			decoding.readVarUint(decoder);
			expect(decoding.readVarUint(decoder)).toBe(1);
			states.push(JSON.parse(decoding.readVarString(decoder)));
		}
		expect(states).toEqual([{ user, cursor }, null, { user }]);
	});

	it('throws on a state that is not JSON', () => {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 1);
		encoding.writeVarUint(encoder, 7);
		encoding.writeVarUint(encoder, 1);
		encoding.writeVarString(encoder, '{not json');
		expect(() => withServerPresence(encoding.toUint8Array(encoder), { name: 'A', color: '#000', role: 'citizen' })).toThrow();
	});

	it('[Y6] a token bucket lets a burst through, then the sustained rate', () => {
		const bucket = createTokenBucket(10, 20, 0);
		let taken = 0;
		for (let i = 0; i < 100; i++) if (bucket.take(0)) taken++;
		expect(taken).toBe(20);
		expect(bucket.waitMs(0)).toBe(100);
		expect(bucket.take(50)).toBe(false);
		expect(bucket.take(100)).toBe(true);
		// A second later there are ten more, never more than the burst after a long pause.
		taken = 0;
		for (let i = 0; i < 100; i++) if (bucket.take(1_100)) taken++;
		expect(taken).toBe(10);
		taken = 0;
		for (let i = 0; i < 100; i++) if (bucket.take(1_000_000)) taken++;
		expect(taken).toBe(20);
	});
});
