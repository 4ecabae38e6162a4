import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdeaView } from '../../src/lib/domain/ideas';
import type { AgoraClientSocket } from '../../src/lib/realtime/client';
import { spawnSync } from 'node:child_process';
import { aProject, anIdea } from '../support/builders';
import { signIn, signInCitizen } from '../support/personas';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { createScratchDatabase, dropRedisPrefix, scratchRedisPrefix, TEST_DATABASE_URL, TEST_REDIS_URL } from '../support/services';
import { connectClient, startTestServer, type TestServer } from '../support/server';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

const redisUrl = TEST_REDIS_URL;

describe.skipIf(!redisUrl)('a Redis outage (set TEST_REDIS_URL)', () => {
	let proxy: TcpProxy;
	let server: TestServer;
	const sockets: AgoraClientSocket[] = [];
	const redisPrefix = scratchRedisPrefix();

	beforeAll(async () => {
		const redis = new URL(redisUrl!);
		proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
		server = await startTestServer({ env: { REDIS_URL: proxy.url('redis'), REDIS_PREFIX: redisPrefix } });
	});
	afterAll(async () => {
		for (const socket of sockets) socket.disconnect();
		await proxy.restore().catch(() => {});
		await server?.close();
		await proxy?.close();
		await dropRedisPrefix(redisUrl!, redisPrefix);
	});

	const health = async () => {
		const response = await fetch(`${server.url}/healthz`);
		return { status: response.status, body: (await response.json()) as { redis: { ok: boolean } | null } };
	};

	it('shows in /healthz as 503 while it lasts, and heals by itself', async () => {
		expect(await health()).toMatchObject({ status: 200, body: { redis: { ok: true } } });
		await proxy.cut();
		await expect.poll(health, { timeout: 5_000 }).toMatchObject({ status: 503, body: { status: 'unavailable', redis: { ok: false } } });
		await proxy.restore();
		await expect.poll(health, { timeout: 10_000 }).toMatchObject({ status: 200, body: { redis: { ok: true } } });
	});

	it('[V6] keeps accepting votes while Redis is away, and delivers the counts, in order, up to the latest, once it is back', async () => {
		const project = await aProject(server.app);
		const bruno = await signIn(server.app, 'bruno');
		const idea = await anIdea(server.app, bruno.actor, project.id);
		const watcher = await connectClient(server.url);
		sockets.push(watcher);
		await watcher.emitWithAck('project:join', { projectId: project.id });
		const amira = await signIn(server.app, 'amira');
		const voter = await connectClient(server.url, amira.cookie);
		sockets.push(voter);

		const received: { upvotes: number; downvotes: number; votesVersion: number }[] = [];
		watcher.on('idea:counted', ({ upvotes, downvotes, votesVersion }) => received.push({ upvotes, downvotes, votesVersion }));
		await proxy.cut();
		// The adapter numbers every broadcast in its Redis stream (that is what makes recovery work across nodes), so
		// deliveries wait for Redis; the votes themselves are stored and acknowledged meanwhile.
		expect(await voter.emitWithAck('vote:cast', { ideaId: idea.id, value: 1 })).toMatchObject({ ok: true, data: { upvotes: 1 } });
		expect(await voter.emitWithAck('vote:cast', { ideaId: idea.id, value: -1 })).toMatchObject({ ok: true, data: { downvotes: 1 } });
		expect(await voter.emitWithAck('vote:withdraw', { ideaId: idea.id })).toMatchObject({ ok: true, data: { upvotes: 0, downvotes: 0 } });
		await proxy.restore();
		// After recovery the node also sends the latest counts again (they may have been lost): the same version.
		// The three changes came within one window (V6): the first goes out at once, the newest at the window's end.
		const inOrder = () => received.filter((count, i) => i === 0 || count.votesVersion !== received[i - 1]!.votesVersion);
		await expect.poll(() => inOrder().at(-1), { timeout: 10_000 }).toEqual({ upvotes: 0, downvotes: 0, votesVersion: 3 });
		const versions = inOrder().map((count) => count.votesVersion);
		expect(versions).toEqual([...versions].sort((a, b) => a - b));
		expect(inOrder()[0]).toEqual({ upvotes: 1, downvotes: 0, votesVersion: 1 });
	});

	it('[C8] keeps taking comments while Redis is away; every watcher of the idea ends with each comment’s latest state', async () => {
		const project = await aProject(server.app);
		const bruno = await signIn(server.app, 'bruno');
		const idea = await anIdea(server.app, bruno.actor, project.id);
		const watcher = await connectClient(server.url);
		sockets.push(watcher);
		await watcher.emitWithAck('idea:join', { ideaId: idea.id });
		const amira = await signIn(server.app, 'amira');
		const author = await connectClient(server.url, amira.cookie);
		sockets.push(author);
		const shown = new Map<string, { body: string; version: number; deletedAt: string | null }>();
		const keepNewer = (id: string, state: { body: string; version: number; deletedAt: string | null }) => {
			if (state.version > (shown.get(id)?.version ?? 0)) shown.set(id, state);
		};
		watcher.on('comment:created', ({ comment }) => keepNewer(comment.id, comment));
		watcher.on('comment:edited', ({ comment }) => keepNewer(comment.id, comment));
		watcher.on('comment:deleted', ({ commentId, version, deletedAt }) => keepNewer(commentId, { body: '', version, deletedAt }));

		await proxy.cut();
		const kept = await author.emitWithAck('comment:create', { ideaId: idea.id, body: 'Written while Redis was away' });
		const gone = await author.emitWithAck('comment:create', { ideaId: idea.id, body: 'Deleted while Redis was away' });
		if (!kept.ok || !gone.ok) throw new Error('comment:create failed during the outage');
		expect(await author.emitWithAck('comment:edit', { commentId: kept.data.id, body: 'Edited while Redis was away' })).toMatchObject({ ok: true });
		expect(await author.emitWithAck('comment:delete', { commentId: gone.data.id })).toMatchObject({ ok: true });
		await proxy.restore();
		await expect.poll(() => Object.fromEntries(shown), { timeout: 10_000 }).toEqual({
			[kept.data.id]: expect.objectContaining({ body: 'Edited while Redis was away', version: 2 }),
			[gone.data.id]: expect.objectContaining({ body: '', version: 2, deletedAt: expect.any(String) })
		});
	});
	it('[MO3] a comment posted and hidden while Redis is away is sent again hidden: what is sent after recovery carries no words', async () => {
		const project = await aProject(server.app);
		const bruno = await signIn(server.app, 'bruno');
		const max = await signIn(server.app, 'max');
		const idea = await anIdea(server.app, bruno.actor, project.id);
		const watcher = await connectClient(server.url);
		sockets.push(watcher);
		await watcher.emitWithAck('idea:join', { ideaId: idea.id });
		await proxy.cut();
		const comment = await server.app.services.comments.add(bruno.actor, { ideaId: idea.id, body: 'Words a moderator will hide' });
		await server.app.services.moderation.hide(max.actor, { targetKind: 'comment', targetId: comment.id, reason: 'spam' });
		const afterRecovery: unknown[] = [];
		let hiddenAgain = false;
		watcher.on('comment:hidden', ({ commentId }) => (hiddenAgain ||= commentId === comment.id));
		const record = (payload: unknown) => afterRecovery.push(payload);
		await proxy.restore();
		watcher.onAny((event: string, payload: unknown) => record({ event, payload }));
		await expect.poll(() => hiddenAgain, { timeout: 10_000 }).toBe(true);
		await new Promise((resolve) => setTimeout(resolve, 300));
		// The broadcasts made before the hiding may arrive late, in order; what is sent again after them carries no words.
		const firstHidden = afterRecovery.findIndex((entry) => (entry as { event: string }).event === 'comment:hidden');
		expect(firstHidden).toBeGreaterThanOrEqual(0);
		for (const [index, entry] of afterRecovery.entries()) {
			if (!JSON.stringify(entry).includes('Words a moderator will hide')) continue;
			expect(index, 'words only in broadcasts older than the hiding').toBeLessThan(firstHidden);
			expect((entry as { payload: { comment: { version: number } } }).payload.comment.version).toBe(comment.version);
		}
		const resent = afterRecovery.filter((entry) => (entry as { event: string }).event === 'comment:created').at(-1) as { payload: { comment: { body: string; hidden: unknown } } };
		expect(resent.payload.comment).toMatchObject({ body: '', hidden: { reason: null } });
	});
});

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
/** Node B's link first stalls (its writes vanish unanswered), then Redis crashes; it is back after OUTAGE_MS in all. */
const STALL_MS = 2_000;
const OUTAGE_MS = 10_000;
/** Votes go on this long into the crash, then stop: recovery has to bring the counts without new votes. */
const VOTING_IN_CRASH_MS = 3_000;
const WATCHERS_PER_NODE = 10;
const VOTERS_PER_NODE = 4;

type Shown = Map<string, { upvotes: number; downvotes: number; votesVersion: number }>;

describe.skipIf(!TEST_DATABASE_URL || !hasRedisServer)('two nodes through a 10 s Redis outage (set TEST_DATABASE_URL; needs redis-server)', () => {
	let database: Awaited<ReturnType<typeof createScratchDatabase>>;
	let redis: RedisServer;
	let linkOfB: TcpProxy;
	let nodes: TestServer[] = [];
	const sockets: AgoraClientSocket[] = [];

	beforeAll(async () => {
		database = await createScratchDatabase(TEST_DATABASE_URL!);
		redis = await startRedisServer();
		linkOfB = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(redis.url).port) });
		const env = { DATABASE_URL: database.url, REDIS_PREFIX: scratchRedisPrefix() };
		nodes = [
			// Hundreds of votes from a few voters: the write limits are tested on their own.
			await startTestServer({ env: { ...env, REDIS_URL: redis.url }, unlimited: true }),
			await startTestServer({ env: { ...env, REDIS_URL: linkOfB.url('redis') }, unlimited: true })
		];
	});
	afterAll(async () => {
		for (const socket of sockets) socket.disconnect();
		for (const node of nodes) await node.close();
		await linkOfB?.close();
		await redis?.stop();
		await database?.drop();
	});

	it('[V5] every watcher on every node shows the store’s counts within 5 s of recovery, with nobody voting after it', async () => {
		const [nodeA] = nodes as [TestServer, TestServer];
		const project = await aProject(nodeA.app);
		const bruno = await signIn(nodeA.app, 'bruno');
		const newIdeas = (count: number) => Promise.all(Array.from({ length: count }, () => anIdea(nodeA.app, bruno.actor, project.id)));
		// Ideas voted on only while B's link stalls: their last broadcasts are lost on the wire, whatever queues hold.
		const stallIdeas = await newIdeas(10);
		// Ideas voted on from the crash on: their broadcasts wait in each node's queue.
		const crashIdeas = await newIdeas(10);

		const views: Shown[] = await Promise.all(
			nodes.flatMap((node) =>
				Array.from({ length: WATCHERS_PER_NODE }, async () => {
					const socket = await connectClient(node.url);
					sockets.push(socket);
					const shown: Shown = new Map();
					// What the page does (V5): only a newer version replaces what is shown.
					socket.on('idea:counted', ({ ideaId, upvotes, downvotes, votesVersion }) => {
						if (votesVersion > (shown.get(ideaId)?.votesVersion ?? -1)) shown.set(ideaId, { upvotes, downvotes, votesVersion });
					});
					expect(await socket.emitWithAck('project:join', { projectId: project.id })).toMatchObject({ ok: true });
					return shown;
				})
			)
		);
		const citizens = await Promise.all(Array.from({ length: 2 * VOTERS_PER_NODE }, (_, i) => signInCitizen(nodeA.app, i)));
		const voters = await Promise.all(
			citizens.map(async (citizen, i) => {
				const socket = await connectClient(nodes[Math.floor(i / VOTERS_PER_NODE)]!.url, citizen.cookie);
				sockets.push(socket);
				return socket;
			})
		);
		// Each voter's other tab, on the other node, follows their own votes (V5: the newer record wins).
		const ownVotes = await Promise.all(
			citizens.map(async (citizen, i) => {
				const socket = await connectClient(nodes[1 - Math.floor(i / VOTERS_PER_NODE)]!.url, citizen.cookie);
				sockets.push(socket);
				const shown = new Map<string, { value: number | null; votesVersion: number }>();
				socket.on('vote:recorded', ({ ideaId, value, votesVersion }) => {
					if (votesVersion >= (shown.get(ideaId)?.votesVersion ?? -1)) shown.set(ideaId, { value, votesVersion });
				});
				return { userId: citizen.actor.userId, shown };
			})
		);

		let target: IdeaView[] | null = stallIdeas;
		const answers: string[] = [];
		const loops = voters.map(async (socket, v) => {
			for (let i = 0; target && i < 10_000; i++) {
				const ideaId = target[(v + i) % target.length]!.id;
				const ack = await (i % 3 === 2
					? socket.timeout(10_000).emitWithAck('vote:withdraw', { ideaId })
					: socket.timeout(10_000).emitWithAck('vote:cast', { ideaId, value: i % 2 === 0 ? 1 : -1 }));
				answers.push(ack.ok ? 'ok' : ack.error.code);
			}
		});
		const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
		linkOfB.stall();
		await pause(STALL_MS);
		target = crashIdeas;
		await Promise.all([redis.stop(), linkOfB.cut()]);
		await pause(VOTING_IN_CRASH_MS);
		target = null;
		await Promise.all(loops);
		await pause(OUTAGE_MS - STALL_MS - VOTING_IN_CRASH_MS);
		await redis.start();
		await linkOfB.restore();
		const recovered = Date.now();

		expect(new Set(answers)).toEqual(new Set(['ok']));
		const ideas = [...stallIdeas, ...crashIdeas];
		const truth = await nodeA.app.services.votes.standings(ideas.map((idea) => idea.id));
		for (const idea of truth) expect(await nodeA.app.store.votes.count(idea.ideaId)).toEqual({ upvotes: idea.upvotes, downvotes: idea.downvotes });
		const stale = () =>
			views.reduce(
				(count, shown) =>
					count +
					truth.filter(({ ideaId, upvotes, downvotes, votesVersion }) => {
						const view = shown.get(ideaId);
						return view?.upvotes !== upvotes || view.downvotes !== downvotes || view.votesVersion !== votesVersion;
					}).length,
				0
			);
		const mine = await Promise.all(ownVotes.map(({ userId }) => nodeA.app.services.votes.standings(ideas.map((idea) => idea.id), userId)));
		const wrongOwnVotes = () =>
			ownVotes.reduce(
				(count, { shown }, i) => count + mine[i]!.filter(({ ideaId, myVote }) => (shown.get(ideaId)?.value ?? null) !== myVote).length,
				0
			);
		await expect.poll(() => stale() + wrongOwnVotes(), { timeout: 5_000, interval: 100 }).toBe(0);
		const convergedMs = Date.now() - recovered;
		process.stderr.write(`redis outage: ${answers.length} votes acknowledged, every watcher equal to the store ${convergedMs} ms after recovery\n`);
		expect(convergedMs).toBeLessThan(5_000);
		expect(answers.length).toBeGreaterThan(100);
	}, 60_000);
});

describe('Redis unreachable at start', () => {
	it('stops the start with a message naming REDIS_URL', async () => {
		const proxy = await startTcpProxy({ host: '127.0.0.1', port: 6379 });
		const url = proxy.url('redis');
		await proxy.close();
		await expect(startTestServer({ env: { REDIS_URL: url } })).rejects.toThrow(/REDIS_URL/);
	});
});
