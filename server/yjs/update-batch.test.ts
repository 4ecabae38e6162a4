import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BATCH_MAX_UPDATES, createUpdateBatch, CROWDED_ROOM } from './update-batch';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** Five edits pushed one event-loop turn apart into a batch that goes to `audience` connections. */
async function framesFor(audience: number): Promise<{ frames: Uint8Array[]; stored: Uint8Array[]; text: string }> {
	const frames: Uint8Array[] = [];
	const stored: Uint8Array[] = [];
	const batch = createUpdateBatch({
		broadcast: (update) => frames.push(update),
		keep: async (update) => void stored.push(update),
		failed: () => {},
		audience: () => audience
	});
	const author = new Y.Doc();
	author.on('update', (update: Uint8Array) => batch.push(update, true));
	for (let edit = 0; edit < 5; edit += 1) {
		author.getText('body').insert(edit, String(edit));
		await nextTurn();
	}
	await batch.settled();
	const reader = new Y.Doc();
	for (const frame of frames) Y.applyUpdate(reader, frame);
	return { frames, stored, text: reader.getText('body').toString() };
}

describe('the update batch (Y11)', () => {
	it('sends a small room’s edits at the end of each turn', async () => {
		const { frames, stored, text } = await framesFor(CROWDED_ROOM);
		expect(frames).toHaveLength(5);
		expect(stored).toHaveLength(5);
		expect(text).toBe('01234');
	});

	it('merges a crowded room’s edits of several turns into fewer frames and rows, losing none', async () => {
		const { frames, stored, text } = await framesFor(CROWDED_ROOM + 1);
		expect(frames.length).toBeLessThan(5);
		expect(stored.length).toBe(frames.length);
		expect(text).toBe('01234');
	});

	it('flushes a crowded room at once when asked (before storing or unloading it)', async () => {
		const frames: Uint8Array[] = [];
		const batch = createUpdateBatch({ broadcast: (update) => frames.push(update), keep: async () => {}, failed: () => {}, audience: () => CROWDED_ROOM + 1 });
		const author = new Y.Doc();
		author.on('update', (update: Uint8Array) => batch.push(update, true));
		author.getText('body').insert(0, 'now');
		batch.flush();
		await batch.settled();
		expect(frames).toHaveLength(1);
	});

	it('sends a full batch at once instead of merging a flood of one window', async () => {
		const frames: Uint8Array[] = [];
		const batch = createUpdateBatch({ broadcast: (update) => frames.push(update), keep: async () => {}, failed: () => {}, audience: () => CROWDED_ROOM + 1 });
		const authors = Array.from({ length: BATCH_MAX_UPDATES * 2 + 1 }, () => new Y.Doc());
		for (const author of authors) {
			author.on('update', (update: Uint8Array) => batch.push(update, true));
			author.getText('body').insert(0, 'x');
		}
		await batch.settled();
		expect(frames).toHaveLength(3);
		const reader = new Y.Doc();
		for (const frame of frames) Y.applyUpdate(reader, frame);
		expect(reader.getText('body').length).toBe(authors.length);
	});
});
