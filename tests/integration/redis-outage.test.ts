import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgoraClientSocket } from '../../src/lib/realtime/client';
import { aProject, anIdea } from '../support/builders';
import { signIn } from '../support/personas';
import { dropRedisPrefix, scratchRedisPrefix, TEST_REDIS_URL } from '../support/services';
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

	it('keeps accepting votes while Redis is away, and delivers every count, in order, once it is back', async () => {
		const project = await aProject(server.app);
		const bruno = await signIn(server.app, 'bruno');
		const idea = await anIdea(server.app, bruno.actor, project.id);
		const watcher = await connectClient(server.url);
		sockets.push(watcher);
		await watcher.emitWithAck('project:join', { projectId: project.id });
		const amira = await signIn(server.app, 'amira');
		const voter = await connectClient(server.url, amira.cookie);
		sockets.push(voter);

		const received: { upvotes: number; downvotes: number }[] = [];
		watcher.on('vote:counted', ({ upvotes, downvotes }) => received.push({ upvotes, downvotes }));
		await proxy.cut();
		// The adapter numbers every broadcast in its Redis stream (that is what makes recovery work across nodes), so
		// deliveries wait for Redis; the votes themselves are stored and acknowledged meanwhile.
		expect(await voter.emitWithAck('vote:cast', { ideaId: idea.id, value: 1 })).toMatchObject({ ok: true, data: { upvotes: 1 } });
		expect(await voter.emitWithAck('vote:cast', { ideaId: idea.id, value: -1 })).toMatchObject({ ok: true, data: { downvotes: 1 } });
		expect(await voter.emitWithAck('vote:withdraw', { ideaId: idea.id })).toMatchObject({ ok: true, data: { upvotes: 0, downvotes: 0 } });
		await proxy.restore();
		await expect.poll(() => received, { timeout: 10_000 }).toEqual([
			{ upvotes: 1, downvotes: 0 },
			{ upvotes: 0, downvotes: 1 },
			{ upvotes: 0, downvotes: 0 }
		]);
	});
});

describe('Redis unreachable at start', () => {
	it('stops the start with a message naming REDIS_URL', async () => {
		const proxy = await startTcpProxy({ host: '127.0.0.1', port: 6379 });
		const url = proxy.url('redis');
		await proxy.close();
		await expect(startTestServer({ env: { REDIS_URL: url } })).rejects.toThrow(/REDIS_URL/);
	});
});
