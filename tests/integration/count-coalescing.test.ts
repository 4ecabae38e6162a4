import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUEST } from '../../src/lib/domain/actors';
import type { AgoraClientSocket } from '../../src/lib/realtime/client';
import { aProject, anIdea } from '../support/builders';
import { signIn, signInCitizen } from '../support/personas';
import { connectClient, startTestServer, type TestServer } from '../support/server';

interface Counted {
	ideaId: string;
	upvotes: number;
	downvotes: number;
	commentCount: number;
	votesVersion: number;
}

describe('counts under a storm of votes', () => {
	let server: TestServer;
	const sockets: AgoraClientSocket[] = [];

	beforeAll(async () => {
		// 20 citizens casting 10 times each within a second would trip R5; the limits have their own file.
		server = await startTestServer({ unlimited: true });
	});
	afterAll(async () => {
		for (const socket of sockets) socket.disconnect();
		await server.close();
	});

	it('[V6] 200 votes on one idea reach a watcher as at most one message per window, the last one the stored counts', async () => {
		const windowMs = server.app.config.liveCountsWindowMs;
		const project = await aProject(server.app);
		const bruno = await signIn(server.app, 'bruno');
		const idea = await anIdea(server.app, bruno.actor, project.id);
		const watcher = await connectClient(server.url);
		sockets.push(watcher);
		expect(await watcher.emitWithAck('project:join', { projectId: project.id })).toMatchObject({ ok: true });
		const reader = await connectClient(server.url);
		sockets.push(reader);
		expect(await reader.emitWithAck('idea:join', { ideaId: idea.id })).toMatchObject({ ok: true });
		const received: Counted[] = [];
		const read: Counted[] = [];
		watcher.on('idea:counted', (payload) => received.push(payload));
		reader.on('idea:counted', (payload) => read.push(payload));

		const voters = await Promise.all(
			Array.from({ length: 20 }, async (_, i) => {
				const socket = await connectClient(server.url, (await signInCitizen(server.app, i)).cookie);
				sockets.push(socket);
				return socket;
			})
		);
		const startedAt = performance.now();
		// Each voter flips its vote 10 times, so all 200 casts change the counts.
		const acks = await Promise.all(
			voters.map(async (socket, i) => {
				const answers = [];
				for (let cast = 0; cast < 10; cast++) {
					answers.push(await socket.emitWithAck('vote:cast', { ideaId: idea.id, value: (i + cast) % 2 === 0 ? 1 : -1 }));
				}
				return answers;
			})
		);
		expect(acks.flat().every((ack) => ack.ok)).toBe(true);
		const stored = await server.app.services.ideas.get(GUEST, idea.id);
		expect(stored.votesVersion).toBe(200);
		expect(await server.app.store.votes.count(idea.id)).toEqual({ upvotes: stored.upvotes, downvotes: stored.downvotes });

		const last = { ideaId: idea.id, upvotes: stored.upvotes, downvotes: stored.downvotes, commentCount: 0, votesVersion: 200 };
		await expect.poll(() => received.at(-1), { timeout: 5_000 }).toMatchObject(last);
		await expect.poll(() => read.at(-1), { timeout: 5_000 }).toMatchObject(last);
		const durationMs = performance.now() - startedAt;
		const allowed = durationMs / windowMs + 2;
		expect(received.length).toBeLessThanOrEqual(allowed);
		expect(read.length).toBeLessThanOrEqual(allowed);
		// Each message newer than the one before (V5).
		for (const messages of [received, read]) {
			expect(messages.map((message) => message.votesVersion)).toEqual([...new Set(messages.map((message) => message.votesVersion))].sort((a, b) => a - b));
		}
	});

	it('[V6] a shutdown sends the counts still waiting for their window before the connections close', async () => {
		// A window longer than the shutdown's grace for late commands, so only the flush can send the second counts.
		const closing = await startTestServer({ env: { LIVE_COUNTS_WINDOW_MS: '1000' }, unlimited: true });
		const project = await aProject(closing.app);
		const bruno = await signIn(closing.app, 'bruno');
		const idea = await anIdea(closing.app, bruno.actor, project.id);
		const watcher = await connectClient(closing.url);
		sockets.push(watcher);
		watcher.io.reconnection(false);
		expect(await watcher.emitWithAck('idea:join', { ideaId: idea.id })).toMatchObject({ ok: true });
		const received: number[] = [];
		watcher.on('idea:counted', ({ votesVersion }) => received.push(votesVersion));
		const shownAtClose = new Promise<number[]>((resolve) => watcher.once('disconnect', () => resolve([...received])));

		const amira = await signIn(closing.app, 'amira');
		await closing.app.services.votes.cast(amira.actor, { ideaId: idea.id, value: 1 });
		await closing.app.services.votes.cast(amira.actor, { ideaId: idea.id, value: -1 });
		await closing.close();
		expect(await shownAtClose).toEqual([1, 2]);
	});
});
