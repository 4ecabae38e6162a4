import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectSocket } from 'socket.io-client';
import { LIMITS } from '../../src/lib/domain/limits';
import type { Project } from '../../src/lib/domain/projects';
import type { AgoraClientSocket } from '../../src/lib/realtime/client';
import { aProject, anIdea, ideaInput } from '../support/builders';
import { postAction } from '../support/http';
import { signIn, signInCitizen } from '../support/personas';
import { createScratchDatabase, dropRedisPrefix, scratchRedisPrefix, TEST_DATABASE_URL, TEST_REDIS_URL } from '../support/services';
import { emitRaw, startTestServer, type TestServer } from '../support/server';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

type AnyAck = { ok: boolean; error?: { code: string; message: string; retryAfterSeconds?: number } };

const IDEAS_PER_MINUTE = LIMITS['idea.create'][0].points;
const IDEAS_PER_ADDRESS_MINUTE = LIMITS['idea.create'][2].points;
const VOTES_PER_MINUTE = LIMITS['vote.cast'][0].points;

/** A real client, optionally claiming an address through the proxy header the server is told to trust. */
async function connect(url: string, cookie: string, address?: string): Promise<AgoraClientSocket> {
	const socket: AgoraClientSocket = connectSocket(url, {
		transports: ['websocket'],
		forceNew: true,
		reconnection: false,
		extraHeaders: { cookie, ...(address ? { 'x-forwarded-for': address } : {}) }
	});
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', reject);
	});
	return socket;
}

const send = (socket: AgoraClientSocket, command: string, payload: unknown) => emitRaw(socket, command, payload) as Promise<AnyAck>;

function tally(acks: AnyAck[]) {
	const refused = acks.filter((ack) => ack.error?.code === 'rate_limited');
	return { accepted: acks.filter((ack) => ack.ok).length, refused: refused.length, retries: refused.map((ack) => ack.error!.retryAfterSeconds) };
}

describe('write limits on one node', () => {
	let server: TestServer;
	let project: Project;
	const sockets: AgoraClientSocket[] = [];

	beforeAll(async () => {
		// The proxy header lets one test play many people behind one venue's address, and an IPv6 /64.
		server = await startTestServer({ svelteKit: true, env: { ADDRESS_HEADER: 'x-forwarded-for' } });
		project = await aProject(server.app);
	});
	afterAll(async () => {
		for (const socket of sockets) socket.disconnect();
		await server.close();
	});

	async function client(cookie: string, address = '198.51.100.1') {
		const socket = await connect(server.url, cookie, address);
		sockets.push(socket);
		return socket;
	}

	it('[R4] 30 parallel idea:create from one account: 5 posted, the rest told when to retry', async () => {
		const amira = await signIn(server.app, 'amira');
		const socket = await client(amira.cookie);
		const acks = await Promise.all(Array.from({ length: 30 }, (_, n) => send(socket, 'idea:create', ideaInput(project.id, { title: `Parallel idea number ${n}` }))));
		const { accepted, refused, retries } = tally(acks);
		expect({ accepted, refused }).toEqual({ accepted: IDEAS_PER_MINUTE, refused: 30 - IDEAS_PER_MINUTE });
		for (const seconds of retries) {
			expect(seconds).toBeGreaterThanOrEqual(1);
			expect(seconds).toBeLessThanOrEqual(60);
		}
		expect(acks.find((ack) => !ack.ok)!.error!.message).toMatch(/try again in 1 minute/);
		expect((await server.app.services.ideas.list(amira.actor, project.id)).length).toBe(IDEAS_PER_MINUTE);
	});

	it('[R4] garbage is still answered invalid, limited or not, and costs no point', async () => {
		const bruno = await signIn(server.app, 'bruno');
		const socket = await client(bruno.cookie, '198.51.100.2');
		for (const garbage of [null, 'x', { projectId: project.id }, ideaInput(project.id, { title: 7 })]) {
			expect(await send(socket, 'idea:create', garbage)).toMatchObject({ ok: false, error: { code: 'invalid' } });
		}
		const acks = await Promise.all(Array.from({ length: IDEAS_PER_MINUTE }, () => send(socket, 'idea:create', ideaInput(project.id))));
		expect(tally(acks).accepted).toBe(IDEAS_PER_MINUTE);
		expect(await send(socket, 'idea:create', ideaInput(project.id))).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
		expect(await send(socket, 'idea:create', { title: [] })).toMatchObject({ ok: false, error: { code: 'invalid' } });
	});

	it('[R4] per address: many accounts behind one IPv6 /64 share its allowance; another network does not', async () => {
		const accounts = Math.ceil(IDEAS_PER_ADDRESS_MINUTE / IDEAS_PER_MINUTE) + 1;
		const acks: AnyAck[] = [];
		for (let index = 0; index < accounts; index++) {
			const citizen = await signInCitizen(server.app, index);
			// Each phone gets its own address inside the venue's /64.
			const socket = await client(citizen.cookie, `2001:db8:aa:bb::${(index + 1).toString(16)}`);
			acks.push(...(await Promise.all(Array.from({ length: IDEAS_PER_MINUTE }, () => send(socket, 'idea:create', ideaInput(project.id))))));
		}
		expect(tally(acks)).toMatchObject({ accepted: IDEAS_PER_ADDRESS_MINUTE, refused: accounts * IDEAS_PER_MINUTE - IDEAS_PER_ADDRESS_MINUTE });
		const elsewhere = await client((await signInCitizen(server.app, 999)).cookie, '2001:db8:aa:cc::1');
		expect(await send(elsewhere, 'idea:create', ideaInput(project.id))).toMatchObject({ ok: true });
	});

	it('[I6] a retried idea:create with the same idempotency key is posted and broadcast once', async () => {
		const author = await signInCitizen(server.app, 600);
		const [socket, watcher] = [await client(author.cookie, '198.51.100.5'), await client(author.cookie, '198.51.100.5')];
		await send(watcher, 'project:join', { projectId: project.id });
		let broadcasts = 0;
		watcher.on('idea:created', () => (broadcasts += 1));
		const input = { ...ideaInput(project.id, { title: 'Posted over a flaky connection' }), idempotencyKey: 'retry-after-timeout-42' };
		const [first, retry] = [await send(socket, 'idea:create', input), await send(socket, 'idea:create', input)];
		const parallel = await Promise.all([send(socket, 'idea:create', input), send(socket, 'idea:create', input)]);
		const ids = [first, retry, ...parallel].map((ack) => (ack as AnyAck & { data?: { id: string } }).data?.id);
		expect(new Set(ids).size).toBe(1);
		expect(ids[0]).toBeDefined();
		await send(watcher, 'project:leave', { projectId: project.id });
		expect(broadcasts).toBe(1);
	});

	it('[R5] vote:cast and vote:withdraw share one allowance per account', async () => {
		const fatou = await signIn(server.app, 'fatou');
		const idea = await anIdea(server.app, (await signInCitizen(server.app, 500)).actor, project.id);
		const socket = await client(fatou.cookie, '198.51.100.3');
		const acks = await Promise.all(
			Array.from({ length: VOTES_PER_MINUTE + 10 }, (_, n) =>
				n % 2 === 0 ? send(socket, 'vote:cast', { ideaId: idea.id, value: 1 }) : send(socket, 'vote:withdraw', { ideaId: idea.id })
			)
		);
		expect(tally(acks)).toMatchObject({ accepted: VOTES_PER_MINUTE, refused: 10 });
	});

	it('[R5] the no-JavaScript vote form answers 429 with when to retry, after the same allowance', async () => {
		const max = await signIn(server.app, 'max');
		const idea = await anIdea(server.app, (await signInCitizen(server.app, 501)).actor, project.id);
		const url = `${server.url}/projects/${project.slug}?/vote`;
		const headers = { 'x-forwarded-for': '198.51.100.4' };
		for (let vote = 0; vote < VOTES_PER_MINUTE; vote++) {
			const { status } = await postAction(url, { ideaId: idea.id, choice: vote % 2 === 0 ? 'up' : 'withdraw' }, { cookie: max.cookie, headers });
			expect(status).toBe(200);
		}
		const refused = await postAction(url, { ideaId: idea.id, choice: 'up' }, { cookie: max.cookie, headers });
		expect(refused.status).toBe(429);
		expect(refused.result.data).toMatchObject({ code: 'rate_limited', retryAfterSeconds: expect.any(Number), ideaId: idea.id });
		const garbage = await postAction(url, { ideaId: '../../etc', choice: 'sideways' }, { cookie: max.cookie, headers });
		expect(garbage.status).toBe(400);
	});
});

const databaseServer = TEST_DATABASE_URL;
const redisUrl = TEST_REDIS_URL;

describe.skipIf(!databaseServer || !redisUrl)('write limits across two nodes on one PostgreSQL and Redis (set TEST_DATABASE_URL and TEST_REDIS_URL)', () => {
	let database: Awaited<ReturnType<typeof createScratchDatabase>>;
	let proxy: TcpProxy;
	let nodeA: TestServer;
	let nodeB: TestServer;
	let project: Project;
	const sockets: AgoraClientSocket[] = [];
	const redisPrefix = scratchRedisPrefix();

	beforeAll(async () => {
		database = await createScratchDatabase(databaseServer!);
		const redis = new URL(redisUrl!);
		// Node B reaches Redis through a proxy the tests can cut.
		proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
		const env = { DATABASE_URL: database.url, REDIS_PREFIX: redisPrefix };
		nodeA = await startTestServer({ env: { ...env, REDIS_URL: redisUrl! } });
		nodeB = await startTestServer({ env: { ...env, REDIS_URL: proxy.url('redis') } });
		project = await aProject(nodeA.app);
	}, 60_000);
	afterAll(async () => {
		for (const socket of sockets) socket.disconnect();
		await proxy?.restore().catch(() => {});
		await nodeA?.close();
		await nodeB?.close();
		await proxy?.close();
		await database?.drop();
		await dropRedisPrefix(redisUrl!, redisPrefix);
	}, 60_000);

	async function client(node: TestServer, cookie: string) {
		const socket = await connect(node.url, cookie);
		sockets.push(socket);
		return socket;
	}

	it('[R4] one account posting on both nodes gets 5 ideas in all, not 5 per node', async () => {
		const amira = await signIn(nodeA.app, 'amira');
		const [onA, onB] = [await client(nodeA, amira.cookie), await client(nodeB, amira.cookie)];
		const acks = await Promise.all(
			Array.from({ length: 12 }, (_, n) => send(n % 2 === 0 ? onA : onB, 'idea:create', ideaInput(project.id, { title: `Idea across nodes ${n}` })))
		);
		expect(tally(acks)).toMatchObject({ accepted: IDEAS_PER_MINUTE, refused: 12 - IDEAS_PER_MINUTE });
	});

	it('[R1] failed sign-ins against one e-mail count on both nodes together', async () => {
		const attempt = (node: TestServer) =>
			node.app.services.accounts.signIn({ email: 'target@test.example', password: 'a wrong guess' }, { address: '203.0.113.9' }).catch((error: { code: string }) => error.code);
		const answers: unknown[] = [];
		for (let n = 0; n < 12; n++) answers.push(await attempt(n % 2 === 0 ? nodeA : nodeB));
		expect(answers.filter((code) => code === 'unauthenticated')).toHaveLength(LIMITS['account.signInFailure'][0].points);
		expect(answers.slice(-2)).toEqual(['rate_limited', 'rate_limited']);
	});

	it('[R5] while its Redis is cut, a node still answers at once and still limits, in its own memory', async () => {
		const bruno = await signIn(nodeB.app, 'bruno');
		const idea = await anIdea(nodeA.app, (await signInCitizen(nodeA.app, 7)).actor, project.id);
		const onB = await client(nodeB, bruno.cookie);
		await proxy.cut();
		try {
			const started = Date.now();
			const acks = await Promise.all(Array.from({ length: VOTES_PER_MINUTE + 5 }, () => send(onB, 'vote:cast', { ideaId: idea.id, value: 1 })));
			expect(tally(acks)).toMatchObject({ accepted: VOTES_PER_MINUTE, refused: 5 });
			expect(Date.now() - started).toBeLessThan(5_000);
		} finally {
			await proxy.restore();
		}
	});
});
