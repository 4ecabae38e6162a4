import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AgoraClientSocket } from '../../src/lib/realtime/client';
import { aProject, anIdea } from '../support/builders';
import { signIn, type SignedInPersona } from '../support/personas';
import { createScratchDatabase, dropRedisPrefix, scratchRedisPrefix, TEST_DATABASE_URL, TEST_REDIS_URL } from '../support/services';
import { connectClient, nextEvent, startTestServer, type TestServer } from '../support/server';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

/** The real clock, moved forward when a test needs a session to be about to expire. */
function shiftableClock() {
	let offsetMs = 0;
	return {
		now: () => new Date(Date.now() + offsetMs),
		/** Moves time so that `instant` is `inMs` of real time away. */
		bringWithin(instant: Date, inMs: number) {
			offsetMs = instant.getTime() - Date.now() - inMs;
		}
	};
}

/** Resolves with the reason of the socket's next disconnection, or 'still connected' after `timeoutMs`. */
const disconnection = (socket: AgoraClientSocket, timeoutMs = 6_000) =>
	new Promise<string>((resolve) => {
		const timer = setTimeout(() => resolve('still connected'), timeoutMs);
		socket.once('disconnect', (reason) => {
			clearTimeout(timer);
			resolve(reason);
		});
	});

/** The role the server holds for a socket, read on `server` (which reaches other nodes' sockets through the adapter). */
async function roleOnServer(server: TestServer, socket: AgoraClientSocket): Promise<string | undefined> {
	const remote = (await server.server.realtime.io.fetchSockets()).find(({ id }) => id === socket.id);
	return remote?.data.actor.kind === 'user' ? remote.data.actor.role : undefined;
}

describe('[A5] sockets follow their session', () => {
	const clock = shiftableClock();
	let server: TestServer;
	const sockets: AgoraClientSocket[] = [];

	beforeAll(async () => {
		server = await startTestServer({ clock });
	});
	afterEach(() => {
		for (const socket of sockets.splice(0)) socket.disconnect();
		clock.bringWithin(new Date(), 0);
	});
	afterAll(() => server.close());

	async function client(persona?: SignedInPersona) {
		const socket = await connectClient(server.url, persona?.cookie);
		sockets.push(socket);
		return socket;
	}

	it('[A5] a socket whose session expires while connected is disconnected at the expiry, and comes back as a guest', async () => {
		const project = await aProject(server.app);
		const bruno = await signIn(server.app, 'bruno');
		const idea = await anIdea(server.app, bruno.actor, project.id);
		const amira = await signIn(server.app, 'amira');
		const { expiresAt } = await server.app.services.accounts.liveSession(amira.token);
		clock.bringWithin(expiresAt!, 1_000);

		const tab = await client(amira);
		const dropped = disconnection(tab);
		expect(await tab.emitWithAck('vote:cast', { ideaId: idea.id, value: 1 })).toMatchObject({ ok: true });
		const started = Date.now();
		expect(await dropped).toBe('io server disconnect');
		expect(Date.now() - started).toBeLessThan(5_000);

		const again = await client(amira);
		expect(await again.emitWithAck('vote:withdraw', { ideaId: idea.id })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
	});

	it('[A5] a role change reaches an open socket: the server acts for it with the new role from then on, and the page is told', async () => {
		const amira = await signIn(server.app, 'amira');
		const tab = await client(amira);
		expect(await roleOnServer(server, tab)).toBe('citizen');
		const told = nextEvent(tab, 'session:changed');
		await server.app.services.accounts.changeRole(amira.actor.userId, 'moderator');
		await told;
		expect(await roleOnServer(server, tab)).toBe('moderator');
		expect(tab.connected).toBe(true);
		await server.app.services.accounts.changeRole(amira.actor.userId, 'citizen');
	});
});

describe.skipIf(!TEST_DATABASE_URL || !TEST_REDIS_URL)('[A5] on two nodes with Redis (set TEST_DATABASE_URL and TEST_REDIS_URL)', () => {
	let database: Awaited<ReturnType<typeof createScratchDatabase>>;
	let nodeA: TestServer;
	let nodeB: TestServer;
	/** Node B reaches Redis through a proxy the tests can cut. */
	let linkOfB: TcpProxy;
	const sockets: AgoraClientSocket[] = [];
	const redisPrefix = scratchRedisPrefix();

	beforeAll(async () => {
		database = await createScratchDatabase(TEST_DATABASE_URL!);
		const redis = new URL(TEST_REDIS_URL!);
		linkOfB = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
		const env = { DATABASE_URL: database.url, REDIS_PREFIX: redisPrefix };
		nodeA = await startTestServer({ env: { ...env, REDIS_URL: TEST_REDIS_URL! } });
		nodeB = await startTestServer({ env: { ...env, REDIS_URL: linkOfB.url('redis') } });
	});
	afterAll(async () => {
		for (const socket of sockets) socket.disconnect();
		await nodeA?.close();
		await nodeB?.close();
		await linkOfB?.close();
		await database?.drop();
		await dropRedisPrefix(TEST_REDIS_URL!, redisPrefix);
	});

	async function client(node: TestServer, persona: SignedInPersona) {
		const socket = await connectClient(node.url, persona.cookie);
		sockets.push(socket);
		return socket;
	}

	it('[A5] a role changed through node A reaches the user’s sockets on node B', async () => {
		const amira = await signIn(nodeA.app, 'amira');
		const [onA, onB] = await Promise.all([client(nodeA, amira), client(nodeB, amira)]);
		const told = [nextEvent(onA, 'session:changed'), nextEvent(onB, 'session:changed')];
		await nodeA.app.services.accounts.changeRole(amira.actor.userId, 'facilitator');
		await Promise.all(told);
		expect(await roleOnServer(nodeA, onB)).toBe('facilitator');
		expect(await roleOnServer(nodeB, onA)).toBe('facilitator');
	});

	it('[A5] an account change that leaves a session without rights (as a block will) disconnects its sockets on every node', async () => {
		const bruno = await signIn(nodeA.app, 'bruno');
		const [onA, onB] = await Promise.all([client(nodeA, bruno), client(nodeB, bruno)]);
		const dropped = [disconnection(onA), disconnection(onB)];
		// The session row goes without a sign-out (no session.ended): only re-reading it on account.changed finds out.
		await nodeB.app.store.sessions.delete(nodeA.app.services.accounts.sessionKeyOf(bruno.token)!);
		await nodeA.app.services.accounts.changeRole(bruno.actor.userId, 'citizen');
		expect(await Promise.all(dropped)).toEqual(['io server disconnect', 'io server disconnect']);
	});

	it('[A5] an account change made while a node had lost Redis reaches that node’s sockets once it is back', async () => {
		const bruno = await signIn(nodeA.app, 'bruno');
		const onB = await client(nodeB, bruno);
		const dropped = disconnection(onB, 10_000);
		await linkOfB.cut();
		await expect.poll(() => nodeB.server.realtime.redisHealthy()).toBe(false);
		await nodeB.app.store.sessions.delete(nodeA.app.services.accounts.sessionKeyOf(bruno.token)!);
		// Published by node A, whose Redis is fine: node B is not listening, and pub/sub keeps nothing for it.
		await nodeA.app.services.accounts.changeRole(bruno.actor.userId, 'citizen');
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(onB.connected).toBe(true);
		await linkOfB.restore();
		expect(await dropped).toBe('io server disconnect');
	});
});
