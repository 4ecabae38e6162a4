import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE_BOARD_LINES, type LeaderboardMove } from '../../src/lib/domain/leaderboards';
import type { BalanceChange, BoardKey, BoardSnapshot } from '../../src/lib/domain/points';
import type { AgoraClientSocket } from '../../src/lib/realtime/client';
import type { App } from '../../src/lib/server/app';
import type { RedisRankIndex } from '../../src/lib/server/ranks/redis-rank-index';
import { GUEST } from '../../src/lib/domain/actors';
import { signIn } from '../support/personas';
import { aProject, anIdea } from '../support/builders';
import { connectClient, nextEvent, startTestServer, type TestServer } from '../support/server';
import { createScratchDatabase, dropRedisPrefix, scratchRedisPrefix, TEST_DATABASE_URL, TEST_REDIS_URL } from '../support/services';

/** People with an account row (balances refer to users), made without the slow password hash of a sign-up. */
async function people(app: App, count: number, tag: string): Promise<string[]> {
	const ids = Array.from({ length: count }, (_, index) => `${tag}-${index}`);
	for (const id of ids) {
		await app.store.users.insertIfEmailFree({ id, email: `${id}@example.org`, displayName: `Person ${id}`, passwordHash: 'x', role: 'citizen', createdAt: new Date().toISOString() });
	}
	return ids;
}

/**
 * One award as the points service will make it (PT1, LB5): the balances in a transaction, then the rank index, then
 * `points.changed`. Once the ledger service is merged, a storm of real votes replaces this (the rest stays).
 */
async function award(app: App, userId: string, board: BoardKey, delta: number): Promise<void> {
	const before = await app.store.pointRanks.balanceOf(board, userId);
	const change: BalanceChange = {
		board,
		userId,
		points: (before?.points ?? 0) + delta,
		delta,
		reachedAt: new Date().toISOString(),
		listed: before?.listed ?? true
	};
	await app.store.transaction((tx) => tx.pointRanks.writeBalances([change]));
	await app.rankIndex.apply([change]);
	app.events.publish({ type: 'points.changed', userId, entries: [], changes: [change] });
}

/** `count` awards spread over `apps` at `perSecond`, in a bounded loop (paced in steps of 10 ms). */
async function storm(apps: readonly App[], ids: readonly string[], board: BoardKey, count: number, perSecond: number): Promise<void> {
	const perStep = Math.max(1, Math.round(perSecond / 100));
	const startedAt = performance.now();
	for (let sent = 0; sent < count; sent += perStep) {
		const step = Array.from({ length: Math.min(perStep, count - sent) }, (_, index) => {
			const n = sent + index;
			// Serialized per person, so each award reads the total the previous one wrote.
			return { app: apps[n % apps.length]!, userId: ids[n % ids.length]! };
		});
		const byPerson = new Map<string, typeof step>();
		for (const item of step) byPerson.set(item.userId, [...(byPerson.get(item.userId) ?? []), item]);
		await Promise.all([...byPerson.values()].map(async (items) => {
			for (const item of items) await award(item.app, item.userId, board, 1 + (item.userId.length % 3));
		}));
		const due = startedAt + ((sent + perStep) / perSecond) * 1000;
		const wait = due - performance.now();
		if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
	}
}

const linesOf = (snapshot: BoardSnapshot) => ({ total: snapshot.total, lines: snapshot.lines });

describe('live leaderboards on one node', () => {
	let server: TestServer;
	const sockets: AgoraClientSocket[] = [];
	const client = async (cookie?: string) => {
		const socket = await connectClient(server.url, cookie);
		sockets.push(socket);
		return socket;
	};

	beforeAll(async () => {
		server = await startTestServer();
	});
	afterAll(async () => {
		for (const socket of sockets) socket.disconnect();
		await server.close();
	});

	it('[LB9] under a storm of 500 votes a second a watcher gets at most one snapshot per window, the last one exact', async () => {
		const project = await aProject(server.app, { slug: 'storm' });
		const board: BoardKey = `project:${project.id}`;
		// PT5: the voters' accounts are older than the ideas, so every upvote earns its author a point.
		const voters = (await people(server.app, 38, 'storm-voter')).map((userId) => ({ kind: 'user' as const, userId, displayName: userId, role: 'citizen' as const }));
		const authors = (await people(server.app, 40, 'storm-author')).map((userId) => ({ kind: 'user' as const, userId, displayName: userId, role: 'citizen' as const }));
		const ideaIds: string[] = [];
		for (const [index, author] of authors.entries()) ideaIds.push((await anIdea(server.app, author, project.id, { title: `Storm idea number ${index + 1}` })).id);
		await server.app.services.points.settled();
		const watcher = await client();
		const snapshots: BoardSnapshot[] = [];
		watcher.on('leaderboard:snapshot', (snapshot) => snapshots.push(snapshot));
		expect(await watcher.emitWithAck('leaderboard:watch', { board })).toMatchObject({ ok: true, data: { snapshot: { board, total: 40 } } });

		const startedAt = performance.now();
		const votes = voters.flatMap((voter) => ideaIds.map((ideaId) => ({ voter, ideaId })));
		// A bounded, paced loop: 5 votes every 10 ms.
		for (let sent = 0; sent < votes.length; sent += 5) {
			await Promise.all(votes.slice(sent, sent + 5).map(({ voter, ideaId }) => server.app.services.votes.cast(voter, { ideaId, value: 1 })));
			const wait = startedAt + ((sent + 5) / 500) * 1000 - performance.now();
			if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
		}
		await server.app.services.points.settled();
		const fresh = await server.app.services.leaderboards.liveSnapshot(board);
		await expect.poll(() => snapshots.at(-1) && linesOf(snapshots.at(-1)!), { timeout: 10_000 }).toEqual(linesOf(fresh));
		const durationMs = performance.now() - startedAt;
		// Each author: the idea (5) and one point per upvote (38), in the ledger and on the board alike.
		expect(fresh.total).toBe(40);
		expect(fresh.lines.map((line) => line.points)).toEqual(Array(LIVE_BOARD_LINES).fill(5 + 38));
		expect(snapshots.length).toBeLessThanOrEqual(durationMs / server.app.config.liveBoardsWindowMs + 2);
		// LB4: each snapshot newer than the one before.
		const versions = snapshots.map((snapshot) => snapshot.version);
		expect(versions).toEqual([...versions].sort((a, b) => a - b));
		expect(new Set(versions).size).toBe(versions.length);
	});

	it('[LB8] a person whose own points lift them past others hears how many places they moved, in their own room only', async () => {
		const board: BoardKey = 'project:moves';
		const amira = await signIn(server.app, 'amira');
		const others = await people(server.app, 2, 'moves');
		await award(server.app, others[0]!, board, 10);
		await award(server.app, others[1]!, board, 8);
		await award(server.app, amira.actor.userId, board, 2);
		const mine = await client(amira.cookie);
		const stranger = await client();
		const overheard: LeaderboardMove[] = [];
		stranger.on('leaderboard:moved', (move) => overheard.push(move));
		await new Promise((resolve) => setTimeout(resolve, server.app.config.liveBoardsWindowMs + 50));
		const moved = nextEvent<LeaderboardMove>(mine, 'leaderboard:moved', 5_000, (move) => move.board === board);
		await award(server.app, amira.actor.userId, board, 20);
		expect(await moved).toEqual({ board, from: 3, to: 1, points: 22 });
		expect(overheard).toEqual([]);
	});

	it('[LB2] an opt-out leaves the live board at once; the person still sees their standing', async () => {
		const board: BoardKey = 'project:optout-live';
		const bruno = await signIn(server.app, 'bruno');
		const [other] = await people(server.app, 1, 'optout-live');
		await award(server.app, bruno.actor.userId, board, 30);
		await award(server.app, other!, board, 5);
		const watcher = await client();
		expect(await watcher.emitWithAck('leaderboard:watch', { board })).toMatchObject({ ok: true, data: { snapshot: { total: 2 } } });
		const without = nextEvent<BoardSnapshot>(watcher, 'leaderboard:snapshot', 5_000, (snapshot) => snapshot.board === board && snapshot.total === 1);
		await server.app.store.transaction((tx) => tx.pointRanks.setListed(bruno.actor.userId, false));
		await server.app.rankIndex.setListed(bruno.actor.userId, false);
		server.app.events.publish({ type: 'points.listingChanged', userId: bruno.actor.userId, listed: false });
		expect((await without).lines.map((line) => line.userId)).toEqual([other]);
		expect(await server.app.services.leaderboards.standing(bruno.actor, { board })).toEqual({ board, rank: 1, points: 30, listed: false });
		await expect(server.app.services.leaderboards.standing(GUEST, { board })).rejects.toMatchObject({ code: 'unauthenticated' });
	});

	it('[LB3] board reads are bounded and validated; garbage boards are refused', async () => {
		const socket = await client();
		for (const board of ['month:2026-13', 'project:../../etc', 'district:Ixelles', 'everything', '', 'all '.repeat(1000)]) {
			expect(await socket.emitWithAck('leaderboard:watch', { board })).toMatchObject({ ok: false, error: { code: 'invalid' } });
		}
		await expect(server.app.services.leaderboards.board(GUEST, { board: 'all', limit: 101 })).rejects.toMatchObject({ code: 'invalid' });
		await expect(server.app.services.leaderboards.board(GUEST, { board: 'all', offset: -1 })).rejects.toMatchObject({ code: 'invalid' });
		const page = await server.app.services.leaderboards.board(GUEST, { board: 'project:storm', limit: '5', offset: '5' });
		const whole = await server.app.services.leaderboards.board(GUEST, { board: 'project:storm', limit: 100 });
		expect(page.snapshot.lines).toEqual(whole.snapshot.lines.slice(5, 10));
		expect(page.own).toBeNull();
	});

	it('[LB10][R46] a connection follows at most five boards, and watching is limited', async () => {
		const socket = await client();
		for (let index = 0; index < 7; index++) expect(await socket.emitWithAck('leaderboard:watch', { board: `project:many-${index}` })).toMatchObject({ ok: true });
		const joined = [...server.server.realtime.io.sockets.sockets.values()].find((other) => other.id === socket.id)!;
		expect([...joined.rooms].filter((room) => room.startsWith('leaderboard:'))).toEqual(['project:many-2', 'project:many-3', 'project:many-4', 'project:many-5', 'project:many-6'].map((board) => `leaderboard:${board}`));
		expect(await socket.emitWithAck('leaderboard:unwatch', { board: 'project:many-6' })).toEqual({ ok: true, data: { board: 'project:many-6' } });
		// Sent all at once, the commands still leave the connection in five rooms, those its state names.
		const racer = await client();
		await Promise.all(Array.from({ length: 30 }, (_, index) => racer.emitWithAck('leaderboard:watch', { board: `project:race-${index}` })));
		const raced = [...server.server.realtime.io.sockets.sockets.values()].find((other) => other.id === racer.id)!;
		const racedRooms = [...raced.rooms].filter((room) => room.startsWith('leaderboard:')).sort();
		expect(racedRooms).toHaveLength(5);
		expect(racedRooms).toEqual((raced.data.boards ?? []).map((board) => `leaderboard:${board}`).sort());
		let refused = null;
		for (let index = 0; index < 600 && !refused; index++) {
			const ack = await socket.emitWithAck('leaderboard:watch', { board: 'all' });
			if (!ack.ok) refused = ack.error;
		}
		expect(refused).toMatchObject({ code: 'rate_limited' });
	});
});

const databaseServer = TEST_DATABASE_URL;
const redisUrl = TEST_REDIS_URL;

describe.skipIf(!databaseServer || !redisUrl)('live leaderboards on two nodes with Redis (set TEST_DATABASE_URL and TEST_REDIS_URL)', () => {
	let database: Awaited<ReturnType<typeof createScratchDatabase>>;
	let nodeA: TestServer;
	let nodeB: TestServer;
	const prefix = scratchRedisPrefix();
	const sockets: AgoraClientSocket[] = [];

	beforeAll(async () => {
		database = await createScratchDatabase(databaseServer!);
		const env = { DATABASE_URL: database.url, REDIS_URL: redisUrl!, REDIS_PREFIX: prefix };
		nodeA = await startTestServer({ env, unlimited: true });
		nodeB = await startTestServer({ env, unlimited: true });
	}, 60_000);
	afterAll(async () => {
		for (const socket of sockets) socket.disconnect();
		await nodeA?.close();
		await nodeB?.close();
		await database?.drop();
		await dropRedisPrefix(redisUrl!, prefix);
	}, 60_000);

	it('[LB6][LB9] a storm split over both nodes reaches watchers of either node, and both end on the same exact board', async () => {
		const board: BoardKey = 'project:cluster';
		const ids = await people(nodeA.app, 30, 'cluster');
		const watchers = await Promise.all([nodeA, nodeB].map((node) => connectClient(node.url)));
		sockets.push(...watchers);
		const received: BoardSnapshot[][] = [[], []];
		watchers.forEach((socket, index) => socket.on('leaderboard:snapshot', (snapshot) => received[index]!.push(snapshot)));
		for (const socket of watchers) expect(await socket.emitWithAck('leaderboard:watch', { board })).toMatchObject({ ok: true });

		const startedAt = performance.now();
		await storm([nodeA.app, nodeB.app], ids, board, 1_000, 500);
		const [fromA, fromB] = await Promise.all([nodeA, nodeB].map((node) => node.app.services.leaderboards.liveSnapshot(board)));
		expect(linesOf(fromA!)).toEqual(linesOf(fromB!));
		expect(fromA!.total).toBe(30);
		// A watcher keeps the highest version it received (LB4): that one is the exact board.
		const newest = (snapshots: BoardSnapshot[]) => snapshots.reduce<BoardSnapshot | undefined>((best, next) => (!best || next.version > best.version ? next : best), undefined);
		for (const snapshots of received) await expect.poll(() => newest(snapshots) && linesOf(newest(snapshots)!), { timeout: 5_000 }).toEqual(linesOf(fromA!));
		const durationMs = performance.now() - startedAt;
		// Each node coalesces its own changes: two nodes, at most two snapshots per window.
		for (const snapshots of received) expect(snapshots.length).toBeLessThanOrEqual(2 * (durationMs / nodeA.app.config.liveBoardsWindowMs + 2));
	});

	it('[LB7] Redis flushed: the boards are rebuilt from the balances and every node answers as before', async () => {
		const boards: BoardKey[] = ['project:cluster'];
		const read = (node: TestServer) => Promise.all(boards.map(async (board) => linesOf(await node.app.services.leaderboards.liveSnapshot(board))));
		const before = await read(nodeA);
		// What FLUSHDB does to this deployment's keys, without touching anyone else's on the shared test Redis.
		await dropRedisPrefix(redisUrl!, `${prefix}:lb`);
		expect(await read(nodeB)).toEqual(before);
		await (nodeB.app.rankIndex as RedisRankIndex).settled();
		expect(await read(nodeA)).toEqual(before);
		expect(await read(nodeB)).toEqual(before);
	});
});
