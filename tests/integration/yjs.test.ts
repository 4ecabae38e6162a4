import { rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket as WsWebSocket, type RawData } from 'ws';
import * as Y from 'yjs';
import { MAX_DOCUMENT_UPDATE_BYTES } from '../../src/lib/domain/documents';
import { YJS_CLOSE } from '../../src/lib/realtime/yjs-close-reasons';
import { aProject } from '../support/builders';
import { signIn, type SignedInPersona } from '../support/personas';
import { startTestServer, type TestServer } from '../support/server';
import { seededRandom } from '../../src/lib/server/demo/seeded-random';
import {
	bytesOf,
	closeOf,
	connectRawSocket,
	connectYClient,
	refusedUpgrade as refusedUpgradeOf,
	roundTrip,
	storedText,
	updateMessage,
	waitForDocs,
	withTimeout,
	yjsBase,
	type YClient
} from '../support/yjs';

/**
 * The Yjs endpoint (`/yjs/<document>`) driven by the real y-websocket client (`WebsocketProvider`) and by raw `ws`
 * sockets for what a well-behaved client never sends. Rule ids (Y1–Y4) are those of src/lib/domain/documents.ts and
 * server/yjs/rooms.ts.
 */

/** ws closes a frame above its payload limit with 1009 itself, before any of our code reads it. */
const WS_FRAME_TOO_BIG = 1009;

// ---------------------------------------------------------------------------------------------------------------
// Clients

let server: TestServer | null = null;
let cleanups: (() => unknown)[] = [];

/** A real y-websocket client; resolves once its first sync with the server is complete. */
function connectProvider(target: TestServer, docName: string, persona: SignedInPersona, label: string, offlineEdits?: (doc: Y.Doc) => void): Promise<YClient> {
	return connectYClient(target.url, docName, persona.cookie, label, (client) => cleanups.push(() => client.destroy()), offlineEdits);
}

/** A raw `ws` socket on a document, open; for messages the real client never sends. */
function connectRaw(target: TestServer, docName: string, persona: SignedInPersona): Promise<WsWebSocket> {
	return connectRawSocket(target.url, docName, persona.cookie, (socket) => cleanups.push(() => socket.terminate()));
}

function refusedUpgrade(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
	return refusedUpgradeOf(url, headers, (socket) => cleanups.push(() => socket.terminate()));
}

async function healthStatus(target: TestServer): Promise<number> {
	const response = await fetch(`${target.url}/healthz`);
	await response.body?.cancel();
	return response.status;
}

async function runCleanups(): Promise<void> {
	const pending = cleanups.reverse();
	cleanups = [];
	for (const cleanup of pending) {
		try {
			await cleanup();
		} catch {
			// best effort: one failed cleanup must not keep the others from running
		}
	}
}

beforeEach(async () => {
	server = await startTestServer();
});

afterEach(async () => {
	await runCleanups();
	await server?.close();
	server = null;
});

function running(): TestServer {
	if (!server) throw new Error('no server');
	return server;
}

/** Stops the running server, keeping its data folder, and starts a new one on it (cleaned up after the test). */
async function restartOnSameData(first: TestServer): Promise<TestServer> {
	const dataDir = first.app.config.dataDir;
	await first.close({ keepData: true });
	server = null;
	const restarted = await startTestServer({ dataDir });
	cleanups.push(async () => {
		await restarted.close();
		rmSync(dataDir, { recursive: true, force: true });
	});
	return restarted;
}

/** A fresh project's notes, opened by Fatou (facilitator), holding `text` once the server has applied it. */
async function notesWrittenByFatou(text: string) {
	const target = running();
	const project = await aProject(target.app);
	const docName = `notes:${project.id}`;
	const fatouPersona = await signIn(target.app, 'fatou');
	const fatou = await connectProvider(target, docName, fatouPersona, 'fatou (facilitator)');
	fatou.text.insert(0, text);
	await fatou.barrier('after writing');
	return { target, docName, fatouPersona, fatou };
}

// ---------------------------------------------------------------------------------------------------------------

describe('Yjs endpoint', () => {
	it('[Y2] two staff clients editing one Y.Text concurrently converge to the same text with every piece', async () => {
		const app = running().app;
		const project = await aProject(app);
		const docName = `notes:${project.id}`;
		const fatou = await connectProvider(running(), docName, await signIn(app, 'fatou'), 'fatou (facilitator)');
		const max = await connectProvider(running(), docName, await signIn(app, 'max'), 'max (moderator)');

		const seed = Date.now() % 1_000_000;
		const random = seededRandom(seed);
		const PIECES = 50;
		// Every piece has the same width and goes between two pieces, so no insert ever splits another piece.
		const piece = (who: string, index: number) => `[${who}${String(index).padStart(2, '0')}]`;
		const WIDTH = piece('a', 0).length;
		const insertSomewhere = (text: Y.Text, content: string) => text.insert(WIDTH * Math.floor(random() * (text.length / WIDTH + 1)), content);
		for (let index = 0; index < PIECES; index += 1) {
			insertSomewhere(fatou.text, piece('f', index));
			insertSomewhere(max.text, piece('m', index));
			// Mostly blind concurrent edits; now and then let the other side's updates arrive mid-burst.
			if (index % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
		}

		const expected = [...Array.from({ length: PIECES }, (_, i) => piece('f', i)), ...Array.from({ length: PIECES }, (_, i) => piece('m', i))].sort();
		await waitForDocs(
			[fatou.doc, max.doc],
			() => fatou.text.toString() === max.text.toString() && fatou.text.length === expected.length * WIDTH,
			() => `convergence (seed ${seed}): fatou has ${fatou.text.length} chars, max has ${max.text.length}, expected ${expected.length * WIDTH}`
		);
		const merged = fatou.text.toString();
		expect(merged, `seed ${seed}`).toBe(max.text.toString());
		expect(merged.match(/\[[fm]\d\d\]/g)?.sort(), `seed ${seed}`).toEqual(expected);
		expect(merged.length).toBe(expected.length * WIDTH);
	});

	it('[Y11] updates that arrive in one turn reach each watcher as one merged frame and storage as one row', async () => {
		const { target, docName, fatouPersona } = await notesWrittenByFatou('Start. ');
		const watcher = await connectProvider(target, docName, await signIn(target.app, 'max'), 'max (moderator)');
		let updateFrames = 0;
		watcher.socket().on('message', (data: RawData) => {
			const bytes = bytesOf(data);
			// A sync message (0) whose inner type is an update (2).
			if (bytes[0] === 0 && bytes[1] === 2) updateFrames += 1;
		});
		const rowsBefore = (await target.app.services.documents.load(docName)).updates.length;

		// Forty edits written in one go by a raw socket: the server reads them within a turn or two.
		const writer = await connectRaw(target, docName, fatouPersona);
		const local = new Y.Doc();
		const text = local.getText('notes');
		const frames: Uint8Array[] = [];
		local.on('update', (update: Uint8Array) => frames.push(updateMessage(update)));
		Y.applyUpdate(local, Y.encodeStateAsUpdate(watcher.doc));
		frames.length = 0;
		for (let index = 0; index < 40; index += 1) text.insert(text.length, `${index} `);
		for (const frame of frames) writer.send(frame);
		await roundTrip(writer, local, 'after forty edits');

		await waitForDocs([watcher.doc], () => watcher.text.toString() === text.toString(), () => `the watcher has "${watcher.text.toString()}"`);
		expect(updateFrames, 'frames the watcher received for 40 edits').toBeLessThan(40);
		expect(updateFrames).toBeGreaterThan(0);
		const rows = (await target.app.services.documents.load(docName)).updates.length - rowsBefore;
		expect(rows, 'rows stored for 40 edits').toBeLessThan(40);
		expect(await storedText(target.app, docName)).toBe(text.toString());
	});

	it('[Y1] refuses the upgrade before any WebSocket exists: guest 401, unknown document 404, cross-origin 403', async () => {
		const target = running();
		const project = await aProject(target.app);
		const fatou = await signIn(target.app, 'fatou');
		const base = yjsBase(target.url);

		const guest = await refusedUpgrade(`${base}/notes:${project.id}`, {});
		expect(guest.status).toBe(401);
		expect(JSON.parse(guest.body)).toHaveProperty('error');

		expect((await refusedUpgrade(`${base}/nope:abc`, { cookie: fatou.cookie })).status).toBe(404);
		expect((await refusedUpgrade(`${base}/notes:doesnotexist`, { cookie: fatou.cookie })).status).toBe(404);
		expect((await refusedUpgrade(`${base}/notes:has%20space`, { cookie: fatou.cookie })).status).toBe(404);
		expect((await refusedUpgrade(`${base}/notes`, { cookie: fatou.cookie })).status).toBe(404);
		expect((await refusedUpgrade(`${base}/notes:%E0%A4%A`, { cookie: fatou.cookie })).status).toBe(400);
		// A forged, expired or malformed session is a guest, and a guest is refused before the name is even read.
		expect((await refusedUpgrade(`${base}/notes:${project.id}`, { cookie: `${fatou.cookie}x` })).status).toBe(401);
		expect((await refusedUpgrade(`${base}/notes:${project.id}`, { cookie: 'agora_session=%ff' })).status).toBe(401);
		expect((await refusedUpgrade(`${base}/nope:abc`, {})).status).toBe(401);

		const evil = await refusedUpgrade(`${base}/notes:${project.id}`, { cookie: fatou.cookie, origin: 'http://evil.example' });
		expect(evil.status).toBe(403);

		// Control: the same request from our own origin opens.
		const sameOrigin = new WsWebSocket(`${base}/notes:${project.id}`, { headers: { cookie: fatou.cookie, origin: target.url } });
		cleanups.push(() => sameOrigin.terminate());
		await withTimeout(
			new Promise<void>((resolve, reject) => {
				sameOrigin.once('open', () => resolve());
				sameOrigin.once('error', reject);
				sameOrigin.once('unexpected-response', (_request, response: IncomingMessage) => reject(new Error(`refused: ${response.statusCode}`)));
			}),
			'a same-origin upgrade to open'
		);
	});

	it('[A4] signing out closes that session’s document connections (4401) and a reconnect is refused with 401', async () => {
		const app = running().app;
		const project = await aProject(app);
		const docName = `notes:${project.id}`;
		const fatou = await signIn(app, 'fatou');
		const otherSession = await signIn(app, 'fatou');
		const raw = await connectRaw(running(), docName, fatou);
		const kept = await connectRaw(running(), docName, otherSession);
		const closed = closeOf(raw, 'the signed-out connection');
		await app.services.accounts.signOut(fatou.token);
		expect((await closed).code).toBe(4401);
		expect(kept.readyState).toBe(WsWebSocket.OPEN);
		expect((await refusedUpgrade(`${yjsBase(running().url)}/${docName}`, { cookie: fatou.cookie })).status).toBe(401);
	});

	it('[Y2] a citizen reads the notes live, but its own edits never reach the server or anyone else', async () => {
		const target = running();
		const project = await aProject(target.app);
		const docName = `notes:${project.id}`;
		const fatou = await connectProvider(target, docName, await signIn(target.app, 'fatou'), 'fatou (facilitator)');
		fatou.text.insert(0, 'Agenda: trees on the square.');

		const amira = await connectProvider(target, docName, await signIn(target.app, 'amira'), 'amira (citizen)');
		expect(amira.text.toString()).toBe('Agenda: trees on the square.');

		// Live: a later staff edit reaches the reader too.
		fatou.text.insert(fatou.text.length, ' Then benches.');
		await waitForDocs([amira.doc], () => amira.text.toString().endsWith('Then benches.'), () => `amira to see the new edit (has "${amira.text}")`);

		amira.text.insert(0, 'HACKED ');
		amira.text.insert(amira.text.length, ' (citizen scribble)');
		// The server has handled amira's updates once it answers her next message, and had broadcast anything it
		// applied to fatou before it answers hers.
		await amira.barrier('after her edits');
		await fatou.barrier('after amira edited');

		expect(fatou.text.toString()).toBe('Agenda: trees on the square. Then benches.');
		expect(amira.socket().readyState, 'a reader is ignored, not disconnected').toBe(WsWebSocket.OPEN);
		// A reader's edits made offline arrive as its sync step 2 answer: dropped too.
		const bruno = await connectProvider(target, docName, await signIn(target.app, 'bruno'), 'bruno (citizen, offline edits)', (doc) =>
			doc.getText('notes').insert(0, 'OFFLINE ')
		);
		expect(bruno.text.toString()).toContain('OFFLINE ');
		await bruno.barrier('after his offline edits');
		await fatou.barrier('after bruno synced');
		expect(fatou.text.toString()).toBe('Agenda: trees on the square. Then benches.');

		const third = await connectProvider(target, docName, await signIn(target.app, 'max'), 'a third client');
		expect(third.text.toString()).toBe('Agenda: trees on the square. Then benches.');
		expect(await storedText(target.app, docName)).toBe('Agenda: trees on the square. Then benches.');
	});

	it('[Y4] a malformed message closes only that connection (4400); the document and the server are intact', async () => {
		const { target, docName, fatouPersona, fatou } = await notesWrittenByFatou('Intact content.');

		const random = seededRandom(42);
		const garbage: Record<string, Uint8Array> = {
			'an unknown sync message type': Uint8Array.of(0, 9, 9, 9),
			'an unknown message type': Uint8Array.of(7, 1, 2, 3),
			'an empty message': new Uint8Array(0),
			'an update claiming about 2 GiB': Uint8Array.of(0, 2, 0xff, 0xff, 0xff, 0xff, 0x07, 1, 2, 3),
			'an update claiming more bytes than it has': Uint8Array.of(0, 2, 100, 1, 2, 3),
			'an update of random bytes': Uint8Array.of(0, 2, 64, ...Array.from({ length: 64 }, () => Math.floor(random() * 256))),
			'a truncated sync step 1': Uint8Array.of(0, 0, 5, 1)
		};
		for (const [what, bytes] of Object.entries(garbage)) {
			const raw = await connectRaw(target, docName, fatouPersona);
			const closed = closeOf(raw, `a socket that sent ${what}`);
			raw.send(bytes);
			expect((await closed).code, what).toBe(YJS_CLOSE.malformed);
		}

		expect(fatou.socket().readyState).toBe(WsWebSocket.OPEN);
		expect(fatou.text.toString()).toBe('Intact content.');
		expect(await healthStatus(target)).toBe(200);
		// The room still works for everyone else.
		const max = await connectProvider(target, docName, await signIn(target.app, 'max'), 'max (moderator)');
		expect(max.text.toString()).toBe('Intact content.');
		max.text.insert(max.text.length, ' Still editable.');
		await waitForDocs([fatou.doc], () => fatou.text.toString() === 'Intact content. Still editable.', () => `fatou to see max's edit (has "${fatou.text}")`);
		expect(await storedText(target.app, docName)).toBe('Intact content. Still editable.');
	});

	it('[Y3] an update above MAX_DOCUMENT_UPDATE_BYTES closes that connection (4413, or 1009 for a frame above it); the server stays up', async () => {
		const { target, docName, fatouPersona, fatou } = await notesWrittenByFatou('Before the flood.');

		/** A valid Yjs update of exactly `bytes` bytes, inserting into the Y.Text `name`. */
		const updateOfSize = (name: string, bytes: number): Uint8Array => {
			let length = bytes;
			for (;;) {
				const doc = new Y.Doc();
				doc.getText(name).insert(0, 'x'.repeat(length));
				const update = Y.encodeStateAsUpdate(doc);
				doc.destroy();
				if (update.byteLength === bytes) return update;
				length -= update.byteLength - bytes;
			}
		};

		// At the limit: accepted.
		const atLimit = await connectRaw(target, docName, fatouPersona);
		atLimit.send(updateMessage(updateOfSize('atLimit', MAX_DOCUMENT_UPDATE_BYTES)));
		await roundTrip(atLimit, new Y.Doc(), 'after an update of exactly the limit');
		expect(atLimit.readyState).toBe(WsWebSocket.OPEN);
		await waitForDocs([fatou.doc], () => fatou.doc.getText('atLimit').length > 0, () => 'the update at the limit to reach fatou');

		// One byte above: refused, though its frame is still under the WebSocket's own payload limit.
		const justAbove = await connectRaw(target, docName, fatouPersona);
		const justAboveClosed = closeOf(justAbove, 'a socket that sent an update 1 byte too large');
		justAbove.send(updateMessage(updateOfSize('justAbove', MAX_DOCUMENT_UPDATE_BYTES + 1)));
		expect((await justAboveClosed).code).toBe(YJS_CLOSE.tooLarge);

		// Far above: the frame itself is refused.
		const farAbove = await connectRaw(target, docName, fatouPersona);
		const farAboveClosed = closeOf(farAbove, 'a socket that sent a 300 KiB message');
		farAbove.send(updateMessage(updateOfSize('farAbove', 300 * 1024)));
		expect((await farAboveClosed).code).toBe(WS_FRAME_TOO_BIG);

		expect(await healthStatus(target)).toBe(200);
		await fatou.barrier('after the large messages');
		expect(fatou.socket().readyState).toBe(WsWebSocket.OPEN);
		expect(fatou.text.toString()).toBe('Before the flood.');
		expect(fatou.doc.getText('justAbove').length).toBe(0);
		expect(fatou.doc.getText('farAbove').length).toBe(0);
		const max = await connectProvider(target, docName, await signIn(target.app, 'max'), 'max (moderator)');
		expect(max.text.toString()).toBe('Before the flood.');
		expect(max.doc.getText('justAbove').length).toBe(0);
	});

	it('persists: a client that reconnects while the room is still storing sees every edit, and so does a restart', async () => {
		const first = running();
		const project = await aProject(first.app);
		const docName = `notes:${project.id}`;
		const fatouPersona = await signIn(first.app, 'fatou');
		// A slow database (e.g. PostgreSQL under load): each stored update takes a while.
		const documents = first.app.services.documents;
		const append = documents.append.bind(documents);
		documents.append = async (name, update) => {
			await new Promise((resolve) => setTimeout(resolve, 300));
			return append(name, update);
		};

		const before = await connectProvider(first, docName, fatouPersona, 'fatou (before reloading)');
		before.text.insert(0, 'Typed just before reloading the page.');
		await before.barrier('after typing');
		const left = withTimeout(new Promise<void>((resolve) => before.socket().once('close', () => resolve())), 'the old tab to close');
		before.destroy();
		await left;
		// Let the server handle the close too; the update is still being stored for another ~300 ms.
		await new Promise((resolve) => setTimeout(resolve, 50));

		const after = await connectProvider(first, docName, fatouPersona, 'fatou (after reloading)');
		expect(after.text.toString()).toBe('Typed just before reloading the page.');
		after.text.insert(after.text.length, ' And after.');
		await after.barrier('after typing again');
		after.destroy();
		const restarted = await restartOnSameData(first);
		expect(await storedText(restarted.app, docName)).toBe('Typed just before reloading the page. And after.');
	});

	it('persists: the text survives a server restart on the same data folder', async () => {
		const first = running();
		const project = await aProject(first.app);
		const docName = `notes:${project.id}`;
		const fatouPersona = await signIn(first.app, 'fatou');

		// Part 1 is stored while connected, then the last client leaves (the room compacts its log).
		const writer = await connectProvider(first, docName, fatouPersona, 'fatou (first session)');
		writer.text.insert(0, 'Minutes: ');
		for (let i = 0; i < 20; i += 1) writer.text.insert(writer.text.length, `item ${i}; `);
		await writer.barrier('after writing part 1');
		const left = withTimeout(new Promise<void>((resolve) => writer.socket().once('close', () => resolve())), 'the first session to close');
		writer.destroy();
		await left;

		// Part 2 is written by a client still connected when the server stops (the room flushes on close).
		const second = await connectProvider(first, docName, fatouPersona, 'fatou (second session)');
		expect(second.text.toString()).toMatch(/^Minutes: item 0; .*item 19; $/);
		second.text.insert(second.text.length, 'END');
		await second.barrier('after writing part 2');
		const expected = second.text.toString();

		second.destroy();
		const restarted = await restartOnSameData(first);
		const reader = await connectProvider(restarted, docName, await signIn(restarted.app, 'fatou'), 'fatou (after restart)');
		expect(reader.text.toString()).toBe(expected);
	});
});
