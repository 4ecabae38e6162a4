import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket as WsWebSocket } from 'ws';
import * as Y from 'yjs';
import { MAX_DOCUMENT_UPDATE_BYTES } from '../../src/lib/domain/documents';
import { YJS_CLOSE } from '../../src/lib/realtime/yjs-close-reasons';
import { createTestApp } from '../support/app';
import { aProject } from '../support/builders';
import { signIn, type SignedInPersona } from '../support/personas';
import { startTestServer, type TestServer } from '../support/server';
import { closeOf, connectYClient, storedText, waitForDocs, type YClient } from '../support/yjs';

/**
 * What services do to live documents without a transport: the `document.access-changed` event re-checks every open
 * connection of a document (Y12), and the LiveDocuments port applies server-made edits (Y13). Real server on port 0,
 * real SQLite file, real y-websocket providers.
 */

let server: TestServer | null = null;
let cleanups: (() => unknown)[] = [];

beforeEach(async () => {
	server = await startTestServer();
});

afterEach(async () => {
	for (const cleanup of cleanups.reverse()) await cleanup();
	cleanups = [];
	await server?.close();
	server = null;
});

function running(): TestServer {
	if (!server) throw new Error('no server');
	return server;
}

function connect(docName: string, persona: SignedInPersona, label: string): Promise<YClient> {
	return connectYClient(running().url, docName, persona.cookie, label, (client) => cleanups.push(() => client.destroy()));
}

/** Re-checks `predicate` every 20 ms until it holds; rejects with `what()` after `timeoutMs`. */
async function until(predicate: () => boolean | Promise<boolean>, what: () => string, timeoutMs = 5_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await predicate())) {
		if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what()}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** An update that appends `text` to the Y.Text `notes` of a document holding `state`, made by a doc of its own. */
function appendUpdate(state: Uint8Array, text: string): Uint8Array {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	const before = Y.encodeStateVector(doc);
	doc.getText('notes').insert(doc.getText('notes').length, text);
	const update = Y.encodeStateAsUpdate(doc, before);
	doc.destroy();
	return update;
}

describe('document.access-changed (Y12)', () => {
	it('[Y12] a writer who may now only read keeps reading, and its later edits reach neither others nor storage', async () => {
		const { app } = running();
		const docName = `notes:${(await aProject(app)).id}`;
		const fatouPersona = await signIn(app, 'fatou');
		const fatou = await connect(docName, fatouPersona, 'fatou (facilitator)');
		const max = await connect(docName, await signIn(app, 'max'), 'max (moderator)');
		fatou.text.insert(0, 'Before.');
		await waitForDocs([max.doc], () => max.text.toString() === 'Before.', () => `max to see fatou's edit (has "${max.text}")`);

		// The rule's inputs change without an account event (as a draft's co-author list would): only the document's
		// own event tells the room.
		await app.store.users.setRole(fatouPersona.actor.userId, 'citizen');
		app.events.publish({ type: 'document.access-changed', name: docName });
		let move = 0;
		await until(
			() => {
				fatou.provider.awareness.setLocalStateField('cursor', { anchor: ++move, head: move });
				const state = max.provider.awareness.getStates().get(fatou.doc.clientID) as { user?: { role?: string } } | undefined;
				return state?.user?.role === 'citizen';
			},
			() => 'max to see fatou re-checked as a citizen'
		);

		fatou.text.insert(fatou.text.length, ' After.');
		await fatou.barrier('after her edit');
		await max.barrier('after fatou edited');
		expect(max.text.toString()).toBe('Before.');
		expect(await storedText(app, docName)).toBe('Before.');
		expect(fatou.socket().readyState, 'a reader stays connected').toBe(WsWebSocket.OPEN);
	});

	it('[Y12] a connection that may no longer open the document is closed with 4403; other documents are left alone', async () => {
		const { app } = running();
		const gone = await aProject(app);
		const kept = await aProject(app);
		const maxPersona = await signIn(app, 'max');
		const onGone = await connect(`notes:${gone.id}`, maxPersona, 'max on the removed project');
		const onKept = await connect(`notes:${kept.id}`, maxPersona, 'max on another project');
		const closed = closeOf(onGone.socket(), 'the connection to a document nobody may open any more');

		// The project is removed (straight in the database: no service removes projects yet), so its notes name nothing.
		const sqlite = new Database(join(app.config.dataDir, 'agora.sqlite'));
		sqlite.prepare('delete from projects where id = ?').run(gone.id);
		sqlite.close();
		app.events.publish({ type: 'document.access-changed', name: `notes:${gone.id}` });

		expect((await closed).code).toBe(YJS_CLOSE.forbidden);
		await onKept.barrier('after the other document was re-checked');
		expect(onKept.socket().readyState).toBe(WsWebSocket.OPEN);
	});
});

describe('LiveDocuments (Y13)', () => {
	it('[Y13] a server-made edit of a loaded document reaches every connection and storage, and resolves once stored', async () => {
		const { app } = running();
		const docName = `notes:${(await aProject(app)).id}`;
		const fatouPersona = await signIn(app, 'fatou');
		const fatou = await connect(docName, fatouPersona, 'fatou (facilitator)');
		const amira = await connect(docName, await signIn(app, 'amira'), 'amira (citizen)');
		fatou.text.insert(0, 'Written by hand.');
		await waitForDocs([amira.doc], () => amira.text.toString() === 'Written by hand.', () => `amira to see fatou's text (has "${amira.text}")`);

		await app.liveDocuments.apply(docName, appendUpdate(Y.encodeStateAsUpdate(fatou.doc), ' Restored.'), { userId: fatouPersona.actor.userId });
		expect(await storedText(app, docName)).toBe('Written by hand. Restored.');
		await waitForDocs(
			[fatou.doc, amira.doc],
			() => fatou.text.toString() === 'Written by hand. Restored.' && amira.text.toString() === fatou.text.toString(),
			() => `both to see the server's edit (fatou "${fatou.text}", amira "${amira.text}")`
		);
	});

	it('[Y13] a server-made edit of an unloaded document is stored, and the next client opens it with the edit', async () => {
		const { app } = running();
		const docName = `notes:${(await aProject(app)).id}`;
		const fatouPersona = await signIn(app, 'fatou');
		await app.liveDocuments.apply(docName, appendUpdate(new Uint8Array([0, 0]), 'Made on the server.'), { userId: fatouPersona.actor.userId });
		expect(await storedText(app, docName)).toBe('Made on the server.');
		const fatou = await connect(docName, fatouPersona, 'fatou (facilitator)');
		expect(fatou.text.toString()).toBe('Made on the server.');
	});

	it('[Y13] a server-made edit whose predecessors the loaded document lacks is refused, and nothing is stored', async () => {
		const { app } = running();
		const docName = `notes:${(await aProject(app)).id}`;
		const fatouPersona = await signIn(app, 'fatou');
		const fatou = await connect(docName, fatouPersona, 'fatou (facilitator)');
		fatou.text.insert(0, 'Live.');
		await fatou.barrier('after writing');
		// Made on a state the document never had: its first half is missing.
		const elsewhere = new Y.Doc();
		elsewhere.getText('notes').insert(0, 'Missing part. ');
		const update = appendUpdate(Y.encodeStateAsUpdate(elsewhere), 'Orphan.');
		elsewhere.destroy();
		await expect(app.liveDocuments.apply(docName, update, { userId: fatouPersona.actor.userId })).rejects.toThrow(/missing predecessors/);
		expect(await storedText(app, docName)).toBe('Live.');
	});

	it('[Y13] a server-made edit of an unloaded document is judged like one of a loaded document: too large or with a gap, it is refused', async () => {
		const { app } = running();
		const docName = `notes:${(await aProject(app)).id}`;
		const fatou = (await signIn(app, 'fatou')).actor.userId;
		await app.liveDocuments.apply(docName, appendUpdate(new Uint8Array([0, 0]), 'Stored first.'), { userId: fatou });
		const tooLarge = appendUpdate(new Uint8Array([0, 0]), 'x'.repeat(MAX_DOCUMENT_UPDATE_BYTES + 1));
		await expect(app.liveDocuments.apply(docName, tooLarge, { userId: fatou })).rejects.toThrow(/too large/);
		const elsewhere = new Y.Doc();
		elsewhere.getText('notes').insert(0, 'Missing part. ');
		const orphan = appendUpdate(Y.encodeStateAsUpdate(elsewhere), 'Orphan.');
		elsewhere.destroy();
		await expect(app.liveDocuments.apply(docName, orphan, { userId: fatou })).rejects.toThrow(/missing predecessors/);
		expect(await storedText(app, docName)).toBe('Stored first.');
	});

	it('[Y13] without a realtime layer (operator tools), the port appends to storage', async () => {
		const app = await createTestApp();
		cleanups.push(() => app.close());
		const docName = `notes:${(await aProject(app)).id}`;
		await app.liveDocuments.apply(docName, appendUpdate(new Uint8Array([0, 0]), 'Stored alone.'), { userId: (await signIn(app, 'fatou')).actor.userId });
		expect(await storedText(app, docName)).toBe('Stored alone.');
	});
});

describe('guests (Y1)', () => {
	it('[Y1] a guest opens a document its access lets guests read: it follows the text live, its edits and presence are dropped', async () => {
		const { app, url } = running();
		const docName = `notes:${(await aProject(app)).id}`;
		// No document kind lets guests read yet (public drafts will): the access rule answers as theirs will.
		const documents = app.services.documents;
		const access = documents.access.bind(documents);
		documents.access = async (actor, name) => (actor.kind === 'guest' && name === docName ? 'read' : access(actor, name));

		const fatou = await connect(docName, await signIn(app, 'fatou'), 'fatou (facilitator)');
		fatou.text.insert(0, 'Public.');
		await fatou.barrier('after writing');
		const guest = await connectYClient(url, docName, '', 'a guest', (client) => cleanups.push(() => client.destroy()));
		expect(guest.text.toString()).toBe('Public.');
		fatou.text.insert(fatou.text.length, ' Live.');
		await waitForDocs([guest.doc], () => guest.text.toString() === 'Public. Live.', () => `the guest to see the edit (has "${guest.text}")`);

		guest.text.insert(0, 'GUEST ');
		guest.provider.awareness.setLocalStateField('cursor', { anchor: 1, head: 1 });
		await guest.barrier('after the guest edited');
		await fatou.barrier('after the guest edited');
		expect(fatou.text.toString()).toBe('Public. Live.');
		expect(await storedText(app, docName)).toBe('Public. Live.');
		expect(fatou.provider.awareness.getStates().has(guest.doc.clientID)).toBe(false);
		expect(guest.socket().readyState).toBe(WsWebSocket.OPEN);
	});
});
