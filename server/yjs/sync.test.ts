import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { lacksPredecessors } from './sync';

/** Every update `edit` makes on `doc`, in order. */
function updatesOf(doc: Y.Doc, edit: (text: Y.Text) => void): Uint8Array[] {
	const updates: Uint8Array[] = [];
	const record = (update: Uint8Array) => updates.push(update);
	doc.on('update', record);
	edit(doc.getText('notes'));
	doc.off('update', record);
	return updates;
}

describe('lacksPredecessors (Y9)', () => {
	it('accepts an update whose predecessors the document holds, and one it already has', () => {
		const client = new Y.Doc();
		const [first, second] = updatesOf(client, (text) => {
			text.insert(0, 'a');
			text.insert(1, 'b');
		}) as [Uint8Array, Uint8Array];
		const server = new Y.Doc();
		expect(lacksPredecessors(server, first)).toBe(false);
		Y.applyUpdate(server, first);
		expect(lacksPredecessors(server, second)).toBe(false);
		Y.applyUpdate(server, second);
		expect(lacksPredecessors(server, first)).toBe(false);
		expect(lacksPredecessors(server, Y.encodeStateAsUpdate(client))).toBe(false);
	});

	it('refuses a gap in a client’s clocks', () => {
		const client = new Y.Doc();
		const [, second] = updatesOf(client, (text) => {
			text.insert(0, 'a');
			text.insert(1, 'b');
		});
		expect(lacksPredecessors(new Y.Doc(), second!)).toBe(true);
	});

	it('refuses an item placed next to another client’s item the document lacks', () => {
		const alice = new Y.Doc();
		const [aliceUpdate] = updatesOf(alice, (text) => text.insert(0, 'alice'));
		const bob = new Y.Doc();
		Y.applyUpdate(bob, aliceUpdate!);
		const [bobUpdate] = updatesOf(bob, (text) => text.insert(2, 'bob'));
		expect(lacksPredecessors(new Y.Doc(), bobUpdate!)).toBe(true);
		const server = new Y.Doc();
		Y.applyUpdate(server, aliceUpdate!);
		expect(lacksPredecessors(server, bobUpdate!)).toBe(false);
	});

	it('refuses the deletion of content the document lacks', () => {
		const alice = new Y.Doc();
		const [aliceUpdate] = updatesOf(alice, (text) => text.insert(0, 'alice'));
		const [deletion] = updatesOf(alice, (text) => text.delete(0, 2));
		expect(lacksPredecessors(new Y.Doc(), deletion!)).toBe(true);
		const server = new Y.Doc();
		Y.applyUpdate(server, aliceUpdate!);
		expect(lacksPredecessors(server, deletion!)).toBe(false);
	});

	it('refuses a merged update with a hole in it', () => {
		const client = new Y.Doc();
		const [first, , third] = updatesOf(client, (text) => {
			text.insert(0, 'a');
			text.insert(1, 'b');
			text.insert(2, 'c');
		});
		expect(lacksPredecessors(new Y.Doc(), Y.mergeUpdates([first!, third!]))).toBe(true);
	});

	it('matches what Yjs itself would leave pending', () => {
		const client = new Y.Doc();
		const updates = updatesOf(client, (text) => {
			for (let i = 0; i < 20; i++) text.insert(i % 3 === 0 ? 0 : text.length, String(i));
			text.delete(2, 5);
		});
		for (let skip = 0; skip < updates.length; skip++) {
			const server = new Y.Doc();
			updates.forEach((update, index) => index < skip && Y.applyUpdate(server, update));
			for (const update of updates.slice(skip + 1)) {
				const predicted = lacksPredecessors(server, update);
				const scratch = new Y.Doc();
				Y.applyUpdate(scratch, Y.encodeStateAsUpdate(server));
				Y.applyUpdate(scratch, update);
				expect(predicted, `update after skipping #${skip}`).toBe(scratch.store.pendingStructs !== null || scratch.store.pendingDs !== null);
			}
		}
	});
});
