import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { acknowledgedClockIn, isSyncStep2 } from './yjs-acknowledged';

function syncMessage(write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 0);
	write(encoder);
	return encoding.toUint8Array(encoder);
}

describe('acknowledgedClockIn (Y15)', () => {
	it('[Y15] reads the clock of a client’s structs in an update or a sync step 2, and null when it has none', () => {
		const doc = new Y.Doc();
		doc.getText('t').insert(0, 'hello');
		const other = new Y.Doc();
		other.getText('t').insert(0, 'x');
		const update = Y.encodeStateAsUpdate(doc);
		expect(acknowledgedClockIn(syncMessage((e) => syncProtocol.writeUpdate(e, update)), doc.clientID)).toBe(5);
		expect(acknowledgedClockIn(syncMessage((e) => syncProtocol.writeSyncStep2(e, doc)), doc.clientID)).toBe(5);
		expect(acknowledgedClockIn(syncMessage((e) => syncProtocol.writeUpdate(e, update)), other.clientID)).toBeNull();
		expect(acknowledgedClockIn(syncMessage((e) => syncProtocol.writeSyncStep1(e, doc)), doc.clientID)).toBeNull();
	});

	it('[Y15] reads the clock of an update that does not start at clock 0 (the echo of a later edit)', () => {
		const doc = new Y.Doc();
		const updates: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => updates.push(update));
		for (let i = 0; i < 10; i++) doc.getText('t').insert(i, 'a');
		const later = Y.mergeUpdates(updates.slice(3));
		expect(acknowledgedClockIn(syncMessage((e) => syncProtocol.writeUpdate(e, later)), doc.clientID)).toBe(10);
	});

	it('never throws on garbage', () => {
		for (const garbage of [new Uint8Array(0), Uint8Array.of(1, 2, 3), Uint8Array.of(0, 2, 200, 1), Uint8Array.of(0, 1, 3, 9, 9, 9)]) {
			expect(acknowledgedClockIn(garbage, 1)).toBeNull();
		}
	});
});

describe('isSyncStep2 (D43)', () => {
	it('[D43] tells a sync step 2 (the answer to a step 1) from an update, a step 1, awareness and garbage', () => {
		const doc = new Y.Doc();
		doc.getText('t').insert(0, 'hello');
		expect(isSyncStep2(syncMessage((e) => syncProtocol.writeSyncStep2(e, doc)))).toBe(true);
		expect(isSyncStep2(syncMessage((e) => syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(doc))))).toBe(false);
		expect(isSyncStep2(syncMessage((e) => syncProtocol.writeSyncStep1(e, doc)))).toBe(false);
		expect(isSyncStep2(new Uint8Array([1, 1]))).toBe(false);
		expect(isSyncStep2(new Uint8Array([]))).toBe(false);
	});
});
