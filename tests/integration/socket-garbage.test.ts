import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgoraClientSocket } from '../../src/lib/realtime/client';
import type { ClientToServerEvents } from '../../src/lib/realtime/protocol';
import { aProject } from '../support/builders';
import { signIn } from '../support/personas';
import { connectClient, emitRaw, startTestServer, type TestServer } from '../support/server';
import { MAX_SOCKET_MESSAGE_BYTES } from '../../server/realtime';

/** A field as large as a frame can carry: the parse, not the frame limit, must refuse it. */
const FRAME_SIZED_STRING = 'x'.repeat(MAX_SOCKET_MESSAGE_BYTES - 4 * 1024);

/** Payloads no client should send: wrong shapes, wrong types, missing fields, huge strings, prototype tricks. */
const GARBAGE: Record<string, unknown> = {
	undefined: undefined,
	null: null,
	number: 42,
	string: 'hello',
	array: [1, 2, 3],
	'empty object': {},
	'wrong types': { projectId: 7, ideaId: false, title: [], body: {}, topic: 1, location: 'here', value: 'up' },
	'prototype pollution': JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'),
	'deep nesting': JSON.parse('['.repeat(500) + ']'.repeat(500))
};

/** A well-formed payload of each command; each of its fields in turn is replaced by a frame-sized string. */
const WELL_FORMED: Record<keyof ClientToServerEvents, Record<string, unknown>> = {
	'project:join': { projectId: 'p' },
	'project:leave': { projectId: 'p' },
	'idea:join': { ideaId: 'i' },
	'idea:leave': { ideaId: 'i' },
	'idea:create': { projectId: 'p', title: 'A fine title', body: 'A body that is long enough.', topic: 'mobility', location: { lat: 50.85, lng: 4.35 } },
	'idea:edit': { ideaId: 'i', title: 'A fine title', body: '<p>A body that is <strong>long</strong> enough.</p>', topic: 'mobility' },
	'idea:withdraw': { ideaId: 'i', reason: 'Posted twice by mistake.' },
	'idea:mark-duplicate': { ideaId: 'i', duplicateOf: 'j' },
	'idea:unmark-duplicate': { ideaId: 'i' },
	'vote:cast': { ideaId: 'i', value: 1 },
	'vote:withdraw': { ideaId: 'i' },
	'comment:create': { ideaId: 'i', body: 'A fine comment', parentId: 'c' },
	'comment:edit': { commentId: 'c', body: 'A fine comment' },
	'comment:delete': { commentId: 'c' },
	'comment:upvote': { commentId: 'c', value: true },
	'comment:thread': { ideaId: 'i', sort: 'newest', cursor: 'eyJ9' },
	'comment:history': { commentId: 'c' },
	'map:watch': { projectId: null, bbox: [4.3, 50.8, 4.4, 50.9], zoom: 12 },
	'map:unwatch': {},
	'draft:request-join': { draftId: 'd', message: 'I live next to it.' },
	'draft:answer-join': { requestId: 'r', accept: true },
	'draft:watch-history': { draftId: 'd' },
	'draft:unwatch-history': { draftId: 'd' },
	'idea:answer': { ideaId: 'i', status: 'under_review', department: 'Mobility department', message: 'We are looking at it with the traffic team.' },
	'follow:idea': { ideaId: 'i', following: true },
	'follow:project': { projectId: 'p', following: true },
	'notification:read': { factIds: ['f'] },
	'report:create': { targetKind: 'comment', targetId: 'c', reason: 'spam', note: 'Selling things.', idempotencyKey: 'report-key-0123456789' },
	'moderation:watch': {},
	'moderation:unwatch': {},
	'moderation:hide': { targetKind: 'comment', targetId: 'c', reason: 'spam', note: 'Advertising.' },
	'moderation:restore': { targetKind: 'comment', targetId: 'c', reason: 'other', note: 'Reviewed again.' },
	'moderation:dismiss': { targetKind: 'idea', targetId: 'i', note: 'Within the rules.' },
	'moderation:block': { userId: 'u', reason: 'harassment', note: 'Repeated insults.' },
	'moderation:unblock': { userId: 'u', note: 'Appeal accepted.' },
	// Every filter is optional: its garbage (fields of the wrong kind) is in tests/integration/moderation.test.ts.
	'moderation:audit': {},
	'leaderboard:watch': { board: 'all' },
	'leaderboard:unwatch': { board: 'all' }
};
const COMMANDS = Object.keys(WELL_FORMED) as (keyof ClientToServerEvents)[];

function garbageFor(command: keyof ClientToServerEvents): [string, unknown][] {
	// A command that carries nothing takes an empty object; every other shape is still garbage to it.
	const garbage = Object.entries(GARBAGE).filter(([label]) => label !== 'empty object' || Object.keys(WELL_FORMED[command]).length > 0);
	const oversized = Object.keys(WELL_FORMED[command]).map((field): [string, unknown] => [
		`a frame-sized ${field}`,
		{ ...WELL_FORMED[command], [field]: FRAME_SIZED_STRING }
	]);
	return [...garbage, ...oversized];
}

describe('garbage on every socket command', () => {
	let server: TestServer;
	let socket: AgoraClientSocket;

	beforeAll(async () => {
		server = await startTestServer();
		await aProject(server.app);
		socket = await connectClient(server.url, (await signIn(server.app, 'amira')).cookie);
	});
	afterAll(async () => {
		socket.disconnect();
		await server.close();
	});

	for (const command of COMMANDS) {
		for (const [label, payload] of garbageFor(command)) {
			it(`${command} with ${label} answers a clear invalid error`, async () => {
				const ack = (await emitRaw(socket, command, payload)) as { ok: boolean; error?: { code: string; message: string } };
				expect(ack.ok).toBe(false);
				expect(ack.error?.code).toBe('invalid');
				expect(ack.error?.message.length).toBeGreaterThan(0);
				expect(ack.error?.message.length).toBeLessThan(2_000);
			});
		}

		it(`${command} without an ack callback is ignored without harm`, async () => {
			(socket as unknown as { emit(event: string, payload: unknown): void }).emit(command, { nonsense: true });
			expect(await emitRaw(socket, 'project:leave', { projectId: 'still-alive' })).toMatchObject({ ok: true });
		});
	}

	it('unknown events get no answer and change nothing', async () => {
		await expect(emitRaw(socket, 'admin:drop-database', {}, 300)).rejects.toThrow();
		expect(socket.connected).toBe(true);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it.each(['agora_session=%ff', 'agora_session=' + 'x'.repeat(8_000), 'agora_session=a; agora_session=b', 'agora_session="quoted"; =; ;;'])(
		'a handshake with the cookie %j connects as a guest and the server stays up',
		async (cookie) => {
			const guest = await connectClient(server.url, cookie);
			expect(await emitRaw(guest, 'vote:cast', { ideaId: 'i', value: 1 })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
			guest.disconnect();
			expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
		}
	);

	it('a frame over the size limit drops only that connection', async () => {
		const reckless = await connectClient(server.url);
		const dropped = new Promise<string>((resolve) => reckless.once('disconnect', (reason) => resolve(reason)));
		(reckless as unknown as { emit(event: string, payload: unknown): void }).emit('idea:create', { body: 'x'.repeat(3 * 1024 * 1024) });
		expect(await dropped).toBe('transport close');
		reckless.disconnect();
		expect(socket.connected).toBe(true);
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
	});
});
