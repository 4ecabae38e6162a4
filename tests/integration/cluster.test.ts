import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/lib/server/app';
import type { Project } from '../../src/lib/domain/projects';
import type { AgoraClientSocket } from '../../src/lib/realtime/client';
import { createTestApp } from '../support/app';
import { aProject, anIdea, ideaInput } from '../support/builders';
import { startNodeProcess, type NodeProcess } from '../support/node-process';
import { signIn } from '../support/personas';
import { createScratchDatabase, dropRedisPrefix, scratchRedisPrefix, TEST_DATABASE_URL, TEST_REDIS_URL } from '../support/services';
import { connectClient, nextEvent } from '../support/server';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { openProvider, waitForDocs } from '../support/yjs';
import * as Y from 'yjs';

const databaseServer = TEST_DATABASE_URL;
const redisUrl = TEST_REDIS_URL;

describe.skipIf(!databaseServer || !redisUrl)('two app processes on one PostgreSQL and one Redis (set TEST_DATABASE_URL and TEST_REDIS_URL)', () => {
	let database: Awaited<ReturnType<typeof createScratchDatabase>>;
	let operator: App;
	let nodeA: NodeProcess;
	let nodeB: NodeProcess;
	let project: Project;
	const sockets: AgoraClientSocket[] = [];
	const redisPrefix = scratchRedisPrefix();

	let redisForB: TcpProxy;

	beforeAll(async () => {
		database = await createScratchDatabase(databaseServer!);
		const env = { DATABASE_URL: database.url, REDIS_URL: redisUrl!, REDIS_PREFIX: redisPrefix };
		// Node B reaches Redis through a proxy the tests can cut, to play an outage of that node's Redis link.
		const redis = new URL(redisUrl!);
		redisForB = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
		// A third, server-less app on the same database plays the operator who seeds data.
		operator = await createTestApp({ DATABASE_URL: database.url });
		project = await aProject(operator);
		[nodeA, nodeB] = await Promise.all([startNodeProcess(env), startNodeProcess({ ...env, REDIS_URL: redisForB.url('redis') })]);
	}, 90_000);

	afterAll(async () => {
		for (const socket of sockets) socket.disconnect();
		const exitCodes = await Promise.all([nodeA?.stop(), nodeB?.stop()]);
		await operator?.close();
		await redisForB?.close();
		await database?.drop();
		await dropRedisPrefix(redisUrl!, redisPrefix);
		expect(exitCodes).toEqual([0, 0]);
	}, 60_000);

	async function client(url: string, cookie?: string) {
		const socket = await connectClient(url, cookie);
		sockets.push(socket);
		return socket;
	}

	it('both nodes report PostgreSQL and Redis healthy', async () => {
		for (const node of [nodeA, nodeB]) {
			expect(await (await fetch(`${node.url}/healthz`)).json()).toEqual({ status: 'ok', store: { ok: true, dialect: 'postgres' }, redis: { ok: true } });
		}
	});

	it('a vote cast through node A reaches a client connected to node B', async () => {
		const bruno = await signIn(operator, 'bruno');
		const idea = await anIdea(operator, bruno.actor, project.id);
		const amira = await signIn(operator, 'amira');
		const onB = await client(nodeB.url);
		await onB.emitWithAck('project:join', { projectId: project.id });
		const voterOnA = await client(nodeA.url, amira.cookie);
		const amiraOtherTabOnB = await client(nodeB.url, amira.cookie);

		const counted = nextEvent(onB, 'idea:counted');
		const recorded = nextEvent(amiraOtherTabOnB, 'vote:recorded');
		expect(await voterOnA.emitWithAck('vote:cast', { ideaId: idea.id, value: 1 })).toMatchObject({ ok: true, data: { upvotes: 1 } });
		expect(await counted).toEqual({ projectId: project.id, ideaId: idea.id, upvotes: 1, downvotes: 0, commentCount: 0, votesVersion: 1 });
		expect(await recorded).toMatchObject({ ideaId: idea.id, value: 1, votesVersion: 1 });
	});

	it('an idea posted through node B appears on node A', async () => {
		const amira = await signIn(operator, 'amira');
		const onA = await client(nodeA.url);
		await onA.emitWithAck('project:join', { projectId: project.id });
		const author = await client(nodeB.url, amira.cookie);
		const arrival = nextEvent<{ idea: { title: string } }>(onA, 'idea:created');
		await author.emitWithAck('idea:create', ideaInput(project.id, { title: 'A crossing that crosses nodes' }));
		expect((await arrival).idea.title).toBe('A crossing that crosses nodes');
	});

	it('[Y2] a Yjs document open on both nodes converges through the Redis relay, and storage holds all of it', async () => {
		const fatou = await signIn(operator, 'fatou');
		const max = await signIn(operator, 'max');
		const document = `notes:${project.id}`;
		const [onA, onB] = await Promise.all([openProvider(nodeA.url, document, fatou.cookie), openProvider(nodeB.url, document, max.cookie)]);
		const pieces = Array.from({ length: 20 }, (_, i) => [`a${i};`, `b${i};`] as const);
		const expectedLength = pieces.flat().join('').length;
		let converged = '';
		try {
			const textA = onA.doc.getText('notes');
			const textB = onB.doc.getText('notes');
			for (const [fromA, fromB] of pieces) {
				textA.insert(0, fromA);
				textB.insert(textB.length, fromB);
			}
			await waitForDocs(
				[onA.doc, onB.doc],
				() => textA.length === expectedLength && textA.toString() === textB.toString(),
				() => `convergence across nodes; A=${textA.toString()} B=${textB.toString()}`
			);
			converged = textA.toString();
			for (const piece of pieces.flat()) expect(converged).toContain(piece);
		} finally {
			onA.destroy();
			onB.destroy();
		}
		// Each node stored its own clients' updates; together they replay to the converged text.
		await expect
			.poll(async () => {
				const replayed = new Y.Doc();
				for (const update of (await operator.services.documents.load(document)).updates) Y.applyUpdate(replayed, update);
				return replayed.getText('notes').toString();
			})
			.toBe(converged);
	});

	it('[Y2] edits made on both nodes while one of them lost Redis converge once it is back', async () => {
		const fatou = await signIn(operator, 'fatou');
		const max = await signIn(operator, 'max');
		const document = `notes:${(await aProject(operator)).id}`;
		const [onA, onB] = await Promise.all([openProvider(nodeA.url, document, fatou.cookie), openProvider(nodeB.url, document, max.cookie)]);
		try {
			const textA = onA.doc.getText('notes');
			const textB = onB.doc.getText('notes');
			textA.insert(0, 'before;');
			await waitForDocs([onB.doc], () => textB.toString() === 'before;', () => `the first edit on B; B=${textB.toString()}`);

			await redisForB.cut();
			await expect.poll(async () => (await (await fetch(`${nodeB.url}/healthz`)).json()).redis?.ok).toBe(false);
			textA.insert(textA.length, 'fromA;');
			textB.insert(0, 'fromB;');
			await redisForB.restore();

			await waitForDocs(
				[onA.doc, onB.doc],
				() => ['before;', 'fromA;', 'fromB;'].every((piece) => textA.toString().includes(piece)) && textA.toString() === textB.toString(),
				() => `convergence after the outage; A=${textA.toString()} B=${textB.toString()}`,
				15_000
			);
		} finally {
			onA.destroy();
			onB.destroy();
		}
	});

	it('[V1] concurrent votes from one citizen on both nodes still leave one vote', async () => {
		const bruno = await signIn(operator, 'bruno');
		const idea = await anIdea(operator, bruno.actor, project.id);
		const amira = await signIn(operator, 'amira');
		const [onA, onB] = await Promise.all([client(nodeA.url, amira.cookie), client(nodeB.url, amira.cookie)]);
		await Promise.all(
			Array.from({ length: 25 }, (_, i) => [
				onA.emitWithAck('vote:cast', { ideaId: idea.id, value: i % 2 === 0 ? 1 : -1 }),
				onB.emitWithAck('vote:cast', { ideaId: idea.id, value: i % 2 === 0 ? -1 : 1 })
			]).flat()
		);
		const truth = await operator.store.votes.count(idea.id);
		expect(truth.upvotes + truth.downvotes).toBe(1);
		expect(await operator.services.ideas.get({ kind: 'guest' }, idea.id)).toMatchObject(truth);
	});
});
