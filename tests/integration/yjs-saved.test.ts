import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { followSaves, type SaveStatus } from '../../src/lib/realtime/yjs-saved';
import { aProject } from '../support/builders';
import { signIn } from '../support/personas';
import { startTestServer } from '../support/server';
import { createScratchDatabase, TEST_DATABASE_URL } from '../support/services';
import { createProvider, storedText, whenSynced, withTimeout } from '../support/yjs';

/**
 * D43 with the editor's own save follower (src/lib/realtime/yjs-saved.ts) on a stock y-websocket provider: what the
 * browser's copy brings into a new session (edits made under an earlier client id, deletions) counts as saved only
 * once the server stored it. Storage is held with a table lock on PostgreSQL (a second connection), so the server
 * takes the edits and cannot store them until the test lets it: without D43 the editor says "saved" at its sync.
 */
let cleanups: (() => unknown)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.reverse()) await cleanup();
	cleanups = [];
});

/** The origin y-indexeddb gives what it loads from the browser. */
const RESTORED = Symbol('the browser’s copy');

describe.skipIf(!TEST_DATABASE_URL)('saved, with edits from an earlier session (PostgreSQL)', () => {
	it('[D43] edits restored under an earlier client id, and a restored deletion, are saved only once stored', async () => {
		const database = await createScratchDatabase(TEST_DATABASE_URL!);
		cleanups.push(() => database.drop());
		const server = await startTestServer({ env: { DATABASE_URL: database.url } });
		cleanups.push(() => server.close());
		const docName = `notes:${(await aProject(server.app)).id}`;
		const fatou = await signIn(server.app, 'fatou');

		// The earlier session, offline: it wrote two sentences and deleted one, under its own client id, and left.
		const earlier = new Y.Doc();
		earlier.getText('notes').insert(0, 'Written on the tram. Not this one.');
		earlier.getText('notes').delete('Written on the tram.'.length, ' Not this one.'.length);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(earlier), RESTORED);
		expect(doc.clientID).not.toBe(earlier.clientID);

		const lock = new pg.Client({ connectionString: database.url });
		await lock.connect();
		cleanups.push(() => lock.end());
		await lock.query('begin');
		await lock.query('lock table document_updates in exclusive mode');
		let released = false;

		const seen: { status: SaveStatus; released: boolean }[] = [];
		let savedWhileHeld = false;
		let resolveSaved: () => void;
		const saved = new Promise<void>((resolve) => (resolveSaved = resolve));
		const provider = createProvider(server.url, docName, fatou.cookie, doc);
		cleanups.push(() => provider.destroy());
		const saves = followSaves(doc, provider, {
			online: () => true,
			changed: (status) => {
				seen.push({ status, released });
				if (status === 'saved' && !released) savedWhileHeld = true;
			},
			saved: () => resolveSaved()
		});
		cleanups.push(() => saves.destroy());
		expect(saves.unsaved).toBe(true);

		await whenSynced(provider, 'the provider to sync');
		// Synced: the server has the restored edits in memory and is waiting to store them.
		expect(saves.status).toBe('saving');
		expect(saves.unsaved).toBe(true);

		released = true;
		await lock.query('commit');
		await withTimeout(saved, 'the restored edits to count as saved');
		expect(saves.status).toBe('saved');
		expect(savedWhileHeld).toBe(false);
		expect(seen.some((entry) => entry.status === 'saving' && !entry.released)).toBe(true);
		expect(await storedText(server.app, docName)).toBe('Written on the tram.');
	});
});
