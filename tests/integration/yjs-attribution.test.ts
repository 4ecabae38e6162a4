import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket as WsWebSocket } from 'ws';
import * as Y from 'yjs';
import { YJS_CLOSE } from '../../src/lib/realtime/yjs-close-reasons';
import { aProject } from '../support/builders';
import { signIn, type SignedInPersona } from '../support/personas';
import { startTestServer, type TestServer } from '../support/server';
import { awarenessMessageOf, closeOf, connectRawSocket, connectYClient, roundTrip, storedText, updateMessage, waitForDocs, type YClient } from '../support/yjs';

/**
 * Y16: the server records which user owns each Yjs client id that appears in an authenticated writer's updates
 * (`document_clients`), refuses structs under an id another user owns, and answers `documents.authorsOf(name)`.
 * Real server on port 0, real SQLite file, real y-websocket providers and raw `ws` sockets for the forgeries.
 */

let server: TestServer | null = null;
let cleanups: (() => unknown)[] = [];

beforeEach(async () => {
	server = await startTestServer();
});

afterEach(async () => {
	for (const cleanup of cleanups.reverse()) {
		try {
			await cleanup();
		} catch {
			// best effort: one failed cleanup must not keep the others from running
		}
	}
	cleanups = [];
	await server?.close();
	server = null;
});

function running(): TestServer {
	if (!server) throw new Error('no server');
	return server;
}

function connect(target: TestServer, docName: string, persona: SignedInPersona, label: string, offlineEdits?: (doc: Y.Doc) => void): Promise<YClient> {
	return connectYClient(target.url, docName, persona.cookie, label, (client) => cleanups.push(() => client.destroy()), offlineEdits);
}

/** An update inserting `text` under `clientId`, on top of `state` (so it lacks no predecessor, Y9). */
function writtenAs(clientId: number, state: Uint8Array, text: string): { update: Uint8Array; doc: Y.Doc } {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	// Set after applying: Yjs gives a doc a new id when a remote update carries structs under its own.
	doc.clientID = clientId;
	const before = Y.encodeStateVector(doc);
	doc.getText('notes').insert(0, text);
	return { update: Y.encodeStateAsUpdate(doc, before), doc };
}

describe('attribution (Y16)', () => {
	it('[Y16] each writer’s client ids are credited to the user of its connection, offline edits and later edits too', async () => {
		const target = running();
		const docName = `notes:${(await aProject(target.app)).id}`;
		const fatouPersona = await signIn(target.app, 'fatou');
		const maxPersona = await signIn(target.app, 'max');
		const fatou = await connect(target, docName, fatouPersona, 'fatou (facilitator)');
		const max = await connect(target, docName, maxPersona, 'max (moderator, offline edits)', (doc) => doc.getText('notes').insert(0, 'Offline. '));
		fatou.text.insert(fatou.text.length, 'Fatou. ');
		await fatou.barrier('after her first edit');
		// Later edits start past clock 0, where a state vector read from the update alone would miss them.
		fatou.text.insert(fatou.text.length, 'Again.');
		max.text.insert(max.text.length, ' Max again.');
		await fatou.barrier('after her second edit');
		await max.barrier('after his second edit');

		const authors = await target.app.services.documents.authorsOf(docName);
		expect(authors.get(fatou.doc.clientID)).toBe(fatouPersona.actor.userId);
		expect(authors.get(max.doc.clientID)).toBe(maxPersona.actor.userId);
		expect(authors.size).toBe(2);
	});

	it('[Y16] structs under a client id another user owns are refused (4409): never applied, stored or sent, even after a restart', async () => {
		const first = running();
		const docName = `notes:${(await aProject(first.app)).id}`;
		const fatouPersona = await signIn(first.app, 'fatou');
		const maxPersona = await signIn(first.app, 'max');
		const fatou = await connect(first, docName, fatouPersona, 'fatou (facilitator)');
		fatou.text.insert(0, 'Signed by Fatou.');
		await fatou.barrier('after writing');
		const watcher = await connect(first, docName, await signIn(first.app, 'ada'), 'ada (admin, watching)');

		// Max, a writer himself, continues Fatou's client id to put words in her name.
		const forger = await connectRawSocket(first.url, docName, maxPersona.cookie, (socket) => cleanups.push(() => socket.terminate()));
		const closed = closeOf(forger, 'the socket that wrote under fatou’s client id');
		forger.send(updateMessage(writtenAs(fatou.doc.clientID, Y.encodeStateAsUpdate(fatou.doc), 'FORGED ').update));
		expect((await closed).code).toBe(YJS_CLOSE.foreignClient);

		// His own client id still works, on a fresh connection.
		const honest = await connectRawSocket(first.url, docName, maxPersona.cookie, (socket) => cleanups.push(() => socket.terminate()));
		const own = writtenAs(424242, Y.encodeStateAsUpdate(fatou.doc), 'Max. ');
		honest.send(updateMessage(own.update));
		await roundTrip(honest, own.doc, 'after his own edit');
		await waitForDocs([watcher.doc], () => watcher.text.toString() === 'Max. Signed by Fatou.', () => `ada to see max's own edit (has "${watcher.text}")`);
		expect(fatou.socket().readyState).toBe(WsWebSocket.OPEN);
		expect(await storedText(first.app, docName)).toBe('Max. Signed by Fatou.');
		honest.terminate();
		fatou.destroy();
		watcher.destroy();

		// A restarted server knows the owners from storage, not from memory.
		const dataDir = first.app.config.dataDir;
		await first.close({ keepData: true });
		server = null;
		const restarted = await startTestServer({ dataDir });
		cleanups.push(async () => {
			await restarted.close();
			rmSync(dataDir, { recursive: true, force: true });
		});
		const reader = await connect(restarted, docName, await signIn(restarted.app, 'ada'), 'ada after the restart');
		const again = await connectRawSocket(restarted.url, docName, maxPersona.cookie, (socket) => cleanups.push(() => socket.terminate()));
		const closedAgain = closeOf(again, 'the forgery after a restart');
		again.send(updateMessage(writtenAs(fatou.doc.clientID, Y.encodeStateAsUpdate(reader.doc), 'FORGED ').update));
		expect((await closedAgain).code).toBe(YJS_CLOSE.foreignClient);
		await reader.barrier('after the second forgery');
		expect(reader.text.toString()).toBe('Max. Signed by Fatou.');
		expect(await storedText(restarted.app, docName)).toBe('Max. Signed by Fatou.');
	});

	it('[Y18] a client id seen in someone’s presence is theirs before they write: a co-author writing under it is refused, not them', async () => {
		const target = running();
		const docName = `notes:${(await aProject(target.app)).id}`;
		const fatouPersona = await signIn(target.app, 'fatou');
		const maxPersona = await signIn(target.app, 'max');
		// Fatou is here (her editor publishes presence) but has not written a word.
		const fatou = await connect(target, docName, fatouPersona, 'fatou (present, not writing yet)');
		for (let attempt = 0; attempt < 200 && (await target.app.services.documents.authorsOf(docName)).get(fatou.doc.clientID) !== fatouPersona.actor.userId; attempt++) {
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		expect((await target.app.services.documents.authorsOf(docName)).get(fatou.doc.clientID)).toBe(fatouPersona.actor.userId);

		const forger = await connectRawSocket(target.url, docName, maxPersona.cookie, (socket) => cleanups.push(() => socket.terminate()));
		const closed = closeOf(forger, 'the socket that wrote under the id in fatou’s presence');
		forger.send(updateMessage(writtenAs(fatou.doc.clientID, Y.encodeStateAsUpdate(fatou.doc), 'FORGED ').update));
		expect((await closed).code).toBe(YJS_CLOSE.foreignClient);

		fatou.text.insert(0, 'Fatou writes at last.');
		await fatou.barrier('after her first words');
		expect(fatou.socket().readyState).toBe(WsWebSocket.OPEN);
		expect(await storedText(target.app, docName)).toBe('Fatou writes at last.');
	});

	it('[Y18] a connection’s presence claims at most 8 client ids over its life, however often it clears and republishes', async () => {
		const target = running();
		const docName = `notes:${(await aProject(target.app)).id}`;
		const fatouPersona = await signIn(target.app, 'fatou');
		const socket = await connectRawSocket(target.url, docName, fatouPersona.cookie, (opened) => cleanups.push(() => opened.terminate()));
		// Four ids at a time (Y5), each set cleared and replaced by four new ones: 40 ids in 10 messages.
		for (let round = 0; round < 10; round++) {
			const ids = [1, 2, 3, 4].map((n) => 900_000 + round * 10 + n);
			socket.send(awarenessMessageOf(ids.map((id) => ({ id, clock: 1, state: { cursor: null } }))));
			socket.send(awarenessMessageOf(ids.map((id) => ({ id, clock: 2, state: null }))));
			await new Promise((resolve) => setTimeout(resolve, 120));
		}
		await roundTrip(socket, new Y.Doc(), 'after the presence messages');
		await new Promise((resolve) => setTimeout(resolve, 200));
		const owned = [...(await target.app.services.documents.authorsOf(docName)).values()].filter((owner) => owner === fatouPersona.actor.userId);
		expect(owned.length).toBeGreaterThan(0);
		expect(owned.length).toBeLessThanOrEqual(8);
	});

	it('[Y16] a server-made edit is credited to the user it acts for, and refused under another user’s client id', async () => {
		const target = running();
		const docName = `notes:${(await aProject(target.app)).id}`;
		const fatouPersona = await signIn(target.app, 'fatou');
		const amiraPersona = await signIn(target.app, 'amira');
		const fatou = await connect(target, docName, fatouPersona, 'fatou (facilitator)');
		fatou.text.insert(0, 'Hers.');
		await fatou.barrier('after writing');

		const restore = writtenAs(777, Y.encodeStateAsUpdate(fatou.doc), 'Restored. ');
		await target.app.liveDocuments.apply(docName, restore.update, { userId: amiraPersona.actor.userId });
		expect((await target.app.services.documents.authorsOf(docName)).get(777)).toBe(amiraPersona.actor.userId);

		const forged = writtenAs(fatou.doc.clientID, Y.encodeStateAsUpdate(restore.doc), 'Not hers. ');
		await expect(target.app.liveDocuments.apply(docName, forged.update, { userId: amiraPersona.actor.userId })).rejects.toThrow(/another user/);
		expect(await storedText(target.app, docName)).toBe('Restored. Hers.');
	});
});
