import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket as WsWebSocket, type RawData } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { CONNECTION_LIMITS, MAX_DOCUMENT_UPDATE_BYTES, PRESENCE_LIMITS, presenceColourOf } from '../../src/lib/domain/documents';
import { COMPACT_LOADED } from '../../src/lib/server/services/documents';
import { shouldReconnectYjs, YJS_CLOSE } from '../../src/lib/realtime/yjs-close-reasons';
import { aProject } from '../support/builders';
import { signIn, type SignedInPersona } from '../support/personas';
import { startTestServer, type TestServer } from '../support/server';
import {
	aCrowd,
	awarenessMessageOf,
	bytesOf,
	closeOf,
	connectRawSocket,
	connectYClient,
	MESSAGE_AWARENESS,
	refusedUpgrade as refusedUpgradeOf,
	roundTrip,
	storedText,
	updateMessage,
	waitForDocs,
	webSocketWithCookie,
	withTimeout,
	yjsBase,
	type YClient
} from '../support/yjs';

/**
 * Trust on the Yjs path: presence set by the server and rate-limited (Y5–Y7), connection limits (Y8), connections
 * that follow their session (A5), documents that stay healthy (Y9, Y10) and close codes that stop a client's
 * reconnect loop. Real servers on port 0, real y-websocket providers and raw `ws` sockets.
 */

let server: TestServer | null = null;
let cleanups: (() => unknown)[] = [];

beforeEach(async () => {
	server = await startTestServer();
});

afterEach(async () => {
	const pending = cleanups.reverse();
	cleanups = [];
	for (const cleanup of pending) {
		try {
			await cleanup();
		} catch {
			// best effort: one failed cleanup must not keep the others from running
		}
	}
	await server?.close();
	server = null;
});

function running(): TestServer {
	if (!server) throw new Error('no server');
	return server;
}

const track = (socket: WsWebSocket) => cleanups.push(() => socket.terminate());

function connectProvider(docName: string, persona: SignedInPersona, label: string, offlineEdits?: (doc: Y.Doc) => void): Promise<YClient> {
	return connectYClient(running().url, docName, persona.cookie, label, (client) => cleanups.push(() => client.destroy()), offlineEdits);
}

function connectRaw(docName: string, persona: SignedInPersona): Promise<WsWebSocket> {
	return connectRawSocket(running().url, docName, persona.cookie, track);
}

function refusedUpgrade(docName: string, persona: SignedInPersona): Promise<{ status: number; body: string }> {
	return refusedUpgradeOf(`${yjsBase(running().url)}/${docName}`, { cookie: persona.cookie }, track);
}

async function aNotesDocument(): Promise<string> {
	return `notes:${(await aProject(running().app)).id}`;
}

/** The awareness states in one awareness message (client id → state). */
function awarenessStatesOf(message: Uint8Array): Map<number, unknown> {
	const decoder = decoding.createDecoder(message);
	decoding.readVarUint(decoder);
	const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
	const states = new Map<number, unknown>();
	const count = decoding.readVarUint(update);
	for (let i = 0; i < count; i++) {
		const id = decoding.readVarUint(update);
		decoding.readVarUint(update);
		states.set(id, JSON.parse(decoding.readVarString(update)));
	}
	return states;
}

/** Records every awareness message a raw socket receives. */
function recordAwareness(socket: WsWebSocket): { messages: Map<number, unknown>[] } {
	const record = { messages: [] as Map<number, unknown>[] };
	socket.on('message', (data: RawData) => {
		const bytes = bytesOf(data);
		if (bytes[0] === MESSAGE_AWARENESS) record.messages.push(awarenessStatesOf(bytes));
	});
	return record;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Re-checks `predicate` every 20 ms until it holds; rejects with `what()` after `timeoutMs`. */
async function until(predicate: () => boolean | Promise<boolean>, what: () => string, timeoutMs = 5_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await predicate())) {
		if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what()}`);
		await sleep(20);
	}
}

/** One y-websocket-style update per character typed into `notes`, as a provider would send them. */
function typedUpdates(count: number): { updates: Uint8Array[]; text: string } {
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	const text = doc.getText('notes');
	for (let i = 0; i < count; i++) text.insert(text.length, String.fromCharCode(97 + (i % 26)));
	const result = { updates, text: text.toString() };
	doc.destroy();
	return result;
}

describe('presence (awareness)', () => {
	it('[Y6] name, colour and role come from the server, whatever the client claims; a reader shows presence too', async () => {
		const app = running().app;
		const docName = await aNotesDocument();
		const amiraPersona = await signIn(app, 'amira');
		const fatou = await connectProvider(docName, await signIn(app, 'fatou'), 'fatou (facilitator)');
		const amira = await connectProvider(docName, amiraPersona, 'amira (citizen, reader)');
		const cursor = { anchor: { type: null, tname: 'notes', item: null, assoc: 0 }, head: { type: null, tname: 'notes', item: null, assoc: 0 } };
		amira.provider.awareness.setLocalState({ user: { name: 'Mayor', color: '#000000', role: 'admin' }, cursor, badge: 'official' });

		const seen = () => fatou.provider.awareness.getStates().get(amira.doc.clientID) as Record<string, unknown> | undefined;
		await until(() => seen() !== undefined, () => 'fatou to see amira’s presence');
		expect(seen()).toEqual({
			user: { name: amiraPersona.actor.displayName, color: presenceColourOf(amiraPersona.actor.userId), role: 'citizen' },
			cursor
		});
	});

	it('[Y6] a flood of awareness messages is cut: the room hears a handful, and the latest state still arrives', async () => {
		const app = running().app;
		const docName = await aNotesDocument();
		const observer = await connectRaw(docName, await signIn(app, 'fatou'));
		const received = recordAwareness(observer);
		const flooder = await connectRaw(docName, await signIn(app, 'amira'));
		const FLOOD = 1_000;
		for (let n = 1; n <= FLOOD; n++) flooder.send(awarenessMessageOf([{ id: 4242, clock: n, state: { cursor: { anchor: n, head: n } } }]));
		await roundTrip(flooder, new Y.Doc(), 'after the flood');

		const latest = () => {
			const state = received.messages.at(-1)?.get(4242) as { cursor?: { anchor: number } } | undefined;
			return state?.cursor?.anchor;
		};
		await until(() => latest() === FLOOD, () => `the latest state to arrive (last seen ${latest()})`);
		// The burst goes through at once and the rest waits for tokens; the room sends one message per window.
		expect(received.messages.length).toBeLessThanOrEqual(10);
		expect(flooder.readyState).toBe(WsWebSocket.OPEN);
	});

	it('[Y5] an awareness message above 2 KiB is ignored', async () => {
		const app = running().app;
		const docName = await aNotesDocument();
		const observer = await connectRaw(docName, await signIn(app, 'fatou'));
		const received = recordAwareness(observer);
		const sender = await connectRaw(docName, await signIn(app, 'amira'));
		sender.send(awarenessMessageOf([{ id: 7, clock: 1, state: { cursor: { anchor: 'x'.repeat(PRESENCE_LIMITS.maxMessageBytes), head: 0 } } }]));
		sender.send(awarenessMessageOf([{ id: 7, clock: 2, state: { cursor: { anchor: 1, head: 1 } } }]));
		await until(() => received.messages.some((states) => states.has(7)), () => 'the small state to arrive');
		expect(received.messages.flatMap((states) => [...states.values()])).toEqual([expect.objectContaining({ cursor: { anchor: 1, head: 1 } })]);
	});

	it('[Y7] fan-out grows with the room, not with its square: N people moving cursors cost about N messages a window', async () => {
		const app = running().app;
		const docName = await aNotesDocument();
		const PEOPLE = 20;
		const MOVES = 10;
		const sockets: WsWebSocket[] = [];
		const records: { messages: unknown[] }[] = [];
		for (const person of await aCrowd(app, PEOPLE)) sockets.push(await connectRaw(docName, person));
		// Let the greetings (presence snapshots) pass before counting.
		await sleep(PRESENCE_LIMITS.broadcastWindowMs * 3);
		for (const socket of sockets) records.push(recordAwareness(socket));
		const started = performance.now();
		for (let move = 1; move <= MOVES; move++) {
			sockets.forEach((socket, i) => socket.send(awarenessMessageOf([{ id: 1000 + i, clock: move, state: { cursor: { anchor: move, head: move } } }])));
		}
		const total = () => records.reduce((sum, record) => sum + record.messages.length, 0);
		const lastSeenEverywhere = () =>
			records.every((record) => {
				const last = new Map<number, unknown>();
				for (const message of record.messages as Map<number, unknown>[]) for (const [id, state] of message) last.set(id, state);
				return sockets.every((_, i) => (last.get(1000 + i) as { cursor?: { anchor: number } } | undefined)?.cursor?.anchor === MOVES);
			});
		await until(lastSeenEverywhere, () => `every move to reach everyone (${total()} messages so far)`);
		const elapsed = performance.now() - started;
		const naive = PEOPLE * MOVES * PEOPLE;
		console.info(`[Y7] ${PEOPLE} people × ${MOVES} moves: ${total()} awareness messages sent (one per move to everyone would be ${naive}), in ${Math.round(elapsed)} ms`);
		expect(total()).toBeLessThanOrEqual(PEOPLE * Math.ceil(elapsed / PRESENCE_LIMITS.broadcastWindowMs + 1));
		expect(total()).toBeLessThan(naive / 10);
	});
});

describe('connection limits', () => {
	it(`[Y8] one account holds at most ${CONNECTION_LIMITS.openPerAccount} open connections; the next is refused with 429 before any WebSocket`, async () => {
		const app = running().app;
		const docName = await aNotesDocument();
		const fatou = await signIn(app, 'fatou');
		const otherSession = await signIn(app, 'fatou');
		const open: WsWebSocket[] = [];
		for (let i = 0; i < CONNECTION_LIMITS.openPerAccount; i++) open.push(await connectRaw(docName, i % 2 === 0 ? fatou : otherSession));
		const refused = await refusedUpgrade(docName, otherSession);
		expect(refused.status).toBe(429);
		expect(JSON.parse(refused.body)).toHaveProperty('error');
		// Someone else is not affected, and a slot given back can be taken again.
		await connectRaw(docName, await signIn(app, 'max'));
		const closed = new Promise((resolve) => open[0]!.once('close', resolve));
		open[0]!.close();
		await withTimeout(closed, 'a connection to close');
		await until(async () => {
			const socket = new WsWebSocket(`${yjsBase(running().url)}/${docName}`, { headers: { cookie: fatou.cookie } });
			track(socket);
			return withTimeout(
				new Promise<boolean>((resolve) => {
					socket.once('open', () => resolve(true));
					socket.once('unexpected-response', () => resolve(false));
					socket.once('error', () => resolve(false));
				}),
				'an upgrade to be answered'
			);
		}, () => 'the freed slot to be taken');
	});

	it('[Y8] handshakes dropped (FIN or RST) while the session is read give their slots back and leave the server up', async () => {
		const app = running().app;
		const docName = await aNotesDocument();
		const fatou = await signIn(app, 'fatou');
		const accounts = app.services.accounts;
		const liveSession = accounts.liveSession.bind(accounts);
		let reads = 0;
		accounts.liveSession = async (token) => {
			reads++;
			await sleep(200);
			return liveSession(token);
		};
		// Some walk away politely (FIN), some drop the connection (RST); both while the server reads the session.
		const port = new URL(running().url).port;
		const abandoned = Array.from({ length: CONNECTION_LIMITS.openPerAccount }, () => {
			const socket = connect({ host: '127.0.0.1', port: Number(port) });
			socket.on('error', () => {});
			socket.write(
				`GET /yjs/${docName} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
					`Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nCookie: ${fatou.cookie}\r\n\r\n`
			);
			return socket;
		});
		await until(() => reads === abandoned.length, () => `every handshake to reach the session store (${reads})`);
		abandoned.forEach((socket, i) => (i % 2 === 0 ? socket.end() : socket.resetAndDestroy()));
		await sleep(400);
		accounts.liveSession = liveSession;
		for (let i = 0; i < CONNECTION_LIMITS.openPerAccount; i++) await connectRaw(docName, fatou);
		expect((await fetch(`${running().url}/healthz`)).status).toBe(200);
	});

	it(`[Y8] one address holds at most ${CONNECTION_LIMITS.openPerAddress} open connections and ${CONNECTION_LIMITS.handshakesPerAddress} handshakes in flight`, async () => {
		const app = running().app;
		const docName = await aNotesDocument();
		const accounts = Math.ceil(CONNECTION_LIMITS.openPerAddress / CONNECTION_LIMITS.openPerAccount);
		const people = await aCrowd(app, accounts + 1);

		// Handshakes in flight: a slow session store holds them open.
		const accountsService = app.services.accounts;
		const liveSession = accountsService.liveSession.bind(accountsService);
		accountsService.liveSession = async (token) => {
			await sleep(300);
			return liveSession(token);
		};
		const burst = CONNECTION_LIMITS.handshakesPerAddress + 10;
		const outcomes = await Promise.all(
			Array.from({ length: burst }, (_, i) =>
				withTimeout(
					new Promise<number>((resolve) => {
						const socket = new WsWebSocket(`${yjsBase(running().url)}/${docName}`, { headers: { cookie: people[i % accounts]!.cookie } });
						track(socket);
						// An accepted one is closed again, and counts once the server has seen it go.
						socket.once('open', () => {
							socket.once('close', () => resolve(101));
							socket.close();
						});
						socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
						socket.once('error', () => resolve(0));
					}),
					'a burst of upgrades to be answered'
				)
			)
		);
		expect(outcomes.filter((status) => status === 101)).toHaveLength(CONNECTION_LIMITS.handshakesPerAddress);
		expect(outcomes.filter((status) => status === 429)).toHaveLength(burst - CONNECTION_LIMITS.handshakesPerAddress);
		accountsService.liveSession = liveSession;

		// Open connections: fill the address in batches that stay under the handshake limit.
		await sleep(100);
		const open: WsWebSocket[] = [];
		for (let batch = 0; open.length < CONNECTION_LIMITS.openPerAddress; batch++) {
			const size = Math.min(40, CONNECTION_LIMITS.openPerAddress - open.length);
			const start = open.length;
			open.push(...(await Promise.all(Array.from({ length: size }, (_, i) => connectRaw(docName, people[Math.floor((start + i) / CONNECTION_LIMITS.openPerAccount)]!)))));
		}
		const refused = await refusedUpgrade(docName, people[accounts]!);
		expect(refused.status).toBe(429);
		expect(JSON.parse(refused.body)).toHaveProperty('error');
	});
});

describe('connections follow their session (A5)', () => {
	it('[A5] a writer demoted mid-edit cannot write any more: its edits reach neither another client nor storage', async () => {
		const app = running().app;
		const docName = await aNotesDocument();
		const fatouPersona = await signIn(app, 'fatou');
		const fatou = await connectProvider(docName, fatouPersona, 'fatou (facilitator)');
		const max = await connectProvider(docName, await signIn(app, 'max'), 'max (moderator)');
		fatou.text.insert(0, 'Before.');
		await waitForDocs([max.doc], () => max.text.toString() === 'Before.', () => `max to see fatou's edit (has "${max.text}")`);

		await app.services.accounts.changeRole(fatouPersona.actor.userId, 'citizen');
		// Her presence shows the new role once the server has re-read her session, and with it her rights.
		let move = 0;
		await until(
			() => {
				fatou.provider.awareness.setLocalStateField('cursor', { anchor: ++move, head: move });
				const state = max.provider.awareness.getStates().get(fatou.doc.clientID) as { user?: { role?: string } } | undefined;
				return state?.user?.role === 'citizen';
			},
			() => 'max to see fatou as a citizen'
		);

		fatou.text.insert(fatou.text.length, ' After demotion.');
		await fatou.barrier('after her edit');
		await max.barrier('after fatou edited');
		expect(max.text.toString()).toBe('Before.');
		expect(await storedText(app, docName)).toBe('Before.');
		expect(fatou.socket().readyState, 'a citizen may still read the notes').toBe(WsWebSocket.OPEN);
		// A fresh connection is read-only too.
		const again = await connectProvider(docName, fatouPersona, 'fatou (reconnected)');
		expect(again.text.toString()).toBe('Before.');
	});

	it('[A5] a sign-out while the handshake is in flight still closes the connection it opens (4401)', async () => {
		const app = running().app;
		const docName = await aNotesDocument();
		const fatou = await signIn(app, 'fatou');
		// A slow session store: the handshake has read a valid session when the sign-out lands.
		const accounts = app.services.accounts;
		const liveSession = accounts.liveSession.bind(accounts);
		let read: () => void = () => {};
		const sessionRead = new Promise<void>((resolve) => (read = resolve));
		accounts.liveSession = async (token) => {
			const session = await liveSession(token);
			read();
			await sleep(300);
			return session;
		};
		const opening = connectRaw(docName, fatou);
		await withTimeout(sessionRead, 'the handshake to read the session');
		await accounts.signOut(fatou.token);
		const socket = await opening;
		expect((await closeOf(socket, 'the connection opened on a session that ended')).code).toBe(YJS_CLOSE.signedOut);
	});

	it('[A5] a session that expires mid-connection is closed (4401) within 5 s, and a reconnect is refused', async () => {
		const app = running().app;
		const docName = await aNotesDocument();
		// A session that expires 1.5 s from now, written straight to the store.
		const now = Date.now();
		const [persona] = await aCrowd(app, 1, 1_500);
		const socket = await connectRaw(docName, persona!);
		const closed = await closeOf(socket, 'the expired session’s connection', 5_000);
		expect(closed.code).toBe(YJS_CLOSE.signedOut);
		expect(Date.now() - now).toBeLessThan(5_000);
		expect((await refusedUpgrade(docName, persona!)).status).toBe(401);
	});
});

describe('documents stay healthy', () => {
	it('[Y9] an update whose predecessors never arrived is refused (4400): never applied, stored or relayed, even once they come', async () => {
		const app = running().app;
		const docName = await aNotesDocument();
		const fatouPersona = await signIn(app, 'fatou');
		const observer = await connectProvider(docName, await signIn(app, 'max'), 'max (observer)');

		const { updates } = typedUpdates(2);
		const [first, second] = updates as [Uint8Array, Uint8Array];
		const gapper = await connectRaw(docName, fatouPersona);
		const closed = closeOf(gapper, 'the socket that sent an update without its predecessor');
		gapper.send(updateMessage(second));
		expect(await closed).toEqual({ code: YJS_CLOSE.malformed, reason: 'missing predecessors' });

		// The predecessor arrives later from someone else: the refused update must not come to life with it.
		const writer = await connectRaw(docName, fatouPersona);
		writer.send(updateMessage(first));
		await roundTrip(writer, new Y.Doc(), 'after the predecessor');
		await waitForDocs([observer.doc], () => observer.text.length > 0, () => 'the predecessor to reach the observer');
		await observer.barrier('after the predecessor');
		expect(observer.text.toString()).toBe('a');
		expect(observer.doc.store.pendingStructs).toBeNull();
		expect(await storedText(app, docName)).toBe('a');
	});

	it('[Y9] a document stored with pending structs is repaired at load: clients never receive them, the log is rewritten', async () => {
		const app = running().app;
		const docName = await aNotesDocument();
		const { updates } = typedUpdates(3);
		await app.services.documents.append(docName, updates[0]!);
		// The second update is lost; the third depends on it.
		await app.services.documents.append(docName, updates[2]!);

		const reader = await connectProvider(docName, await signIn(app, 'fatou'), 'fatou');
		expect(reader.text.toString()).toBe('a');
		expect(reader.doc.store.pendingStructs).toBeNull();
		const stored = new Y.Doc();
		for (const update of (await app.services.documents.load(docName)).updates) Y.applyUpdate(stored, update);
		expect(stored.getText('notes').toString()).toBe('a');
		expect(stored.store.pendingStructs).toBeNull();
	});

	it(`[Y10] a room that stays open under 10,000 small updates keeps its stored log bounded (compacted every ${COMPACT_LOADED.everyUpdates})`, async () => {
		const app = running().app;
		const docName = await aNotesDocument();
		const fatouPersona = await signIn(app, 'fatou');
		// The projector: always in the room, so it never unloads.
		const projector = await connectProvider(docName, await signIn(app, 'max'), 'the projector');
		const writer = await connectRaw(docName, fatouPersona);
		const { updates, text } = typedUpdates(10_000);
		// The log is longest just before a compaction replaces it: record how many rows each one replaced.
		const documents = app.services.documents;
		const compact = documents.compact.bind(documents);
		const replaced: number[] = [];
		documents.compact = async (name, snapshot, ids) => {
			replaced.push(ids.length);
			return compact(name, snapshot, ids);
		};
		const rows = async () => (await documents.load(docName)).ids.length;
		for (let i = 0; i < updates.length; i += 500) {
			for (const update of updates.slice(i, i + 500)) writer.send(updateMessage(update));
			await roundTrip(writer, new Y.Doc(), `after update ${i + 500}`);
		}
		await waitForDocs([projector.doc], () => projector.text.length === text.length, () => `the projector to have every character (${projector.text.length})`, 15_000);
		await until(async () => (await storedText(app, docName)) === text, () => 'every update to be stored', 15_000);
		let last = 0;
		await until(async () => (last = await rows()) <= COMPACT_LOADED.everyUpdates, () => `the log to be compacted (${last} rows)`, 15_000);
		const largest = Math.max(...replaced, last);
		console.info(`[Y10] 10,000 updates into an open room: ${replaced.length} compactions, the log never above ${largest} rows, ${last} at the end`);
		expect(largest).toBeLessThanOrEqual(2 * COMPACT_LOADED.everyUpdates);
	});
});

describe('terminal close codes', () => {
	/** A provider (with the client helper when given) whose offline edits make its first sync `bytes` large. */
	function providerWithOfflineEdits(docName: string, persona: SignedInPersona, bytes: number, shouldReconnect?: typeof shouldReconnectYjs) {
		// The overhead depends on the client id's varint, so the length is found on the doc itself.
		let doc = new Y.Doc();
		for (let length = bytes, attempt = 0; attempt < 5; attempt++) {
			doc.getText('notes').insert(0, 'x'.repeat(length));
			const size = Y.encodeStateAsUpdate(doc).byteLength;
			if (size === bytes) break;
			const clientID = doc.clientID;
			doc.destroy();
			doc = new Y.Doc();
			doc.clientID = clientID;
			length -= size - bytes;
		}
		expect(Y.encodeStateAsUpdate(doc).byteLength).toBe(bytes);
		let connects = 0;
		class CountingWebSocket extends webSocketWithCookie(persona.cookie) {
			constructor(address: string | URL, protocols?: string | string[]) {
				super(address, protocols);
				connects++;
			}
		}
		const provider = new WebsocketProvider(yjsBase(running().url), docName, doc, {
			WebSocketPolyfill: CountingWebSocket,
			disableBc: true,
			maxBackoffTime: 100,
			...(shouldReconnect ? { shouldReconnect } : {})
		});
		cleanups.push(() => {
			provider.destroy();
			doc.destroy();
		});
		return { provider, connects: () => connects };
	}

	function closedEvent(provider: WebsocketProvider): Promise<{ code: number; reason: string }> {
		return withTimeout(new Promise((resolve) => provider.once('closed', (event) => resolve(event))), 'the provider to give up');
	}

	it('[Y3] a first sync above the update limit closes with 4413, and the provider stops reconnecting', async () => {
		const app = running().app;
		const docName = await aNotesDocument();
		// Just above the update limit, under ws's frame limit: the server reads it and says why.
		const { provider, connects } = providerWithOfflineEdits(docName, await signIn(app, 'fatou'), MAX_DOCUMENT_UPDATE_BYTES + 10, shouldReconnectYjs);
		const closed = await closedEvent(provider);
		expect(closed.code).toBe(YJS_CLOSE.tooLarge);
		await sleep(500);
		expect(connects()).toBe(1);
		expect(provider.shouldConnect).toBe(false);
	});

	it('[Y3] a first sync above ws’s frame limit (1009) stops the provider with the helper, and loops without it', async () => {
		const app = running().app;
		const docName = await aNotesDocument();
		const fatou = await signIn(app, 'fatou');
		const withHelper = providerWithOfflineEdits(docName, fatou, 300 * 1024, shouldReconnectYjs);
		expect((await closedEvent(withHelper.provider)).code).toBe(1009);
		const without = providerWithOfflineEdits(docName, fatou, 300 * 1024);
		await until(() => without.connects() >= 3, () => `the plain provider to keep reconnecting (${without.connects()})`);
		expect(withHelper.connects()).toBe(1);
	});
});
