import pg from 'pg';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Ack } from '../../src/lib/realtime/protocol';
import { sendCommand, type AgoraClientSocket } from '../../src/lib/realtime/client';
import { createTestApp } from '../support/app';
import { aProject, anIdea } from '../support/builders';
import { signIn, signInCitizen } from '../support/personas';
import { createScratchDatabase, TEST_DATABASE_URL } from '../support/services';
import { connectClient, startTestServer, type TestServer } from '../support/server';

const VOTERS = 20;
const IDEAS = 10;

/** What became of one command: its ack's code, or how it went unanswered. */
async function outcome(pending: Promise<Ack<unknown>>): Promise<string> {
	try {
		const ack = await pending;
		return ack.ok ? 'ok' : ack.error.code;
	} catch (error) {
		return `no answer (${(error as Error).message})`;
	}
}

const databases = [
	{ name: 'SQLite', url: null, skipped: false },
	{ name: 'PostgreSQL (set TEST_DATABASE_URL)', url: TEST_DATABASE_URL ?? null, skipped: !TEST_DATABASE_URL }
];

describe('commands during a shutdown', () => {
	const sockets: AgoraClientSocket[] = [];
	const cleanups: (() => Promise<void>)[] = [];
	afterEach(async () => {
		for (const socket of sockets.splice(0)) socket.disconnect();
		for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
	});

	for (const database of databases) {
		it.skipIf(database.skipped)(`on ${database.name}: every command in flight at close is answered before its socket closes, ok and stored or "unavailable" and not`, async () => {
			const scratch = database.url ? await createScratchDatabase(database.url) : null;
			const dataDir = mkdtempSync(join(tmpdir(), 'agora-shutdown-'));
			const env: Record<string, string> = scratch ? { DATABASE_URL: scratch.url } : { DATA_DIR: dataDir };
			// 200 votes in flight from few voters: the write limits are tested on their own.
			const server = await startTestServer({ env, dataDir, unlimited: true });
			cleanups.push(async () => {
				await server.close();
				await scratch?.drop();
				rmSync(dataDir, { recursive: true, force: true });
			});
			const project = await aProject(server.app);
			const bruno = await signIn(server.app, 'bruno');
			const ideas = await Promise.all(Array.from({ length: IDEAS }, () => anIdea(server.app, bruno.actor, project.id)));
			const voters = await Promise.all(
				Array.from({ length: VOTERS }, async (_, i) => {
					const socket = await connectClient(server.url, (await signInCitizen(server.app, i)).cookie);
					sockets.push(socket);
					socket.io.reconnection(false);
					return socket;
				})
			);

			const acks = voters.flatMap((socket) =>
				ideas.map((idea) => socket.timeout(10_000).emitWithAck('vote:cast', { ideaId: idea.id, value: 1 }) as Promise<Ack<unknown>>)
			);
			// Close as soon as the first command is through: the others are running or waiting in the store by then.
			await Promise.race(acks);
			const closed = server.close();
			// Sent once the shutdown began: these reach a server that no longer takes commands but still answers.
			const late = voters.map((socket) => socket.timeout(10_000).emitWithAck('vote:withdraw', { ideaId: ideas[0]!.id }) as Promise<Ack<unknown>>);
			const outcomes = await Promise.all(acks.map(outcome));
			const lateOutcomes = await Promise.all(late.map(outcome));
			await closed;

			const tally = (codes: string[]) => Object.fromEntries([...new Set(codes)].map((code) => [code, codes.filter((c) => c === code).length]));
			expect(Object.keys(tally(outcomes)), JSON.stringify(tally(outcomes))).toEqual(['ok']);
			expect(Object.keys(tally(lateOutcomes)), JSON.stringify(tally(lateOutcomes))).toEqual(['unavailable']);
			// What was answered `ok` is stored, and nothing else: the store, opened again after the shutdown, agrees.
			const after = await createTestApp(env);
			cleanups.push(() => after.close());
			const stored = await Promise.all(ideas.map((idea) => after.store.votes.count(idea.id)));
			expect(stored.reduce((sum, { upvotes }) => sum + upvotes, 0)).toBe(outcomes.filter((code) => code === 'ok').length);
		});
	}

	it.skipIf(!TEST_DATABASE_URL)('(PostgreSQL, set TEST_DATABASE_URL) sendCommand sends a command answered "unavailable" once more after the hint, and the restarted server runs it', async () => {
		const scratch = await createScratchDatabase(TEST_DATABASE_URL!);
		const holder = new pg.Client({ connectionString: scratch.url });
		let restarted: TestServer | null = null;
		const first = await startTestServer({ env: { DATABASE_URL: scratch.url }, unlimited: true });
		cleanups.push(async () => {
			await holder.end().catch(() => {});
			await first.close();
			await restarted?.close();
			await scratch.drop();
		});
		const project = await aProject(first.app);
		const bruno = await signIn(first.app, 'bruno');
		const [held, retried] = [await anIdea(first.app, bruno.actor, project.id), await anIdea(first.app, bruno.actor, project.id)];
		const amira = await signIn(first.app, 'amira');
		const socket = await connectClient(first.url, amira.cookie);
		sockets.push(socket);
		const sent: string[] = [];
		socket.onAnyOutgoing((event: string, payload: { ideaId?: string }) => sent.push(`${event} ${payload.ideaId}`));

		// A vote stuck behind a row lock keeps the shutdown draining, so the next command meets a closed gate.
		await holder.connect();
		await holder.query('begin');
		await holder.query('select id from ideas where id = $1 for update', [held.id]);
		const heldAck = sendCommand(socket, 'vote:cast', { ideaId: held.id, value: 1 });
		await expect.poll(async () => (await holder.query('select count(*)::int as n from pg_locks where not granted')).rows[0].n).toBeGreaterThan(0);
		const closing = first.close();
		const retriedAck = sendCommand(socket, 'vote:cast', { ideaId: retried.id, value: -1 });
		await expect.poll(() => sent.filter((line) => line === `vote:cast ${retried.id}`).length).toBe(1);
		await new Promise((resolve) => setTimeout(resolve, 100));
		await holder.query('commit');
		expect(await heldAck).toMatchObject({ ok: true, data: { upvotes: 1 } });
		await closing;

		restarted = await startTestServer({ env: { DATABASE_URL: scratch.url, PORT: String(first.server.port) } });
		expect(await retriedAck).toMatchObject({ ok: true, data: { ideaId: retried.id, downvotes: 1, myVote: -1 } });
		expect(sent.filter((line) => line === `vote:cast ${retried.id}`)).toHaveLength(2);
	});
});
