import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/lib/server/app';
import type { AgoraClientSocket } from '../../src/lib/realtime/client';
import { rooms } from '../../src/lib/realtime/protocol';
import { aProject, anIdea } from '../support/builders';
import { postAction } from '../support/http';
import { signIn, signInCitizen, type SignedInPersona } from '../support/personas';
import { dropRedisPrefix, scratchRedisPrefix, TEST_REDIS_URL } from '../support/services';
import { connectClient, emitRaw, nextEvent, startTestServer, type TestServer } from '../support/server';

type Ack = { ok: boolean; data?: unknown; error?: { code: string; key?: string; message: string } };
const ROLES = ['guest', 'citizen', 'author', 'moderator', 'facilitator', 'admin', 'blocked'] as const;
type Role = (typeof ROLES)[number];

/** Everything a socket hears, to prove what never reached it. */
function recordAll(socket: AgoraClientSocket): { event: string; payload: unknown }[] {
	const heard: { event: string; payload: unknown }[] = [];
	socket.onAny((event: string, payload: unknown) => heard.push({ event, payload }));
	return heard;
}

/** Who is in a room, on every node (the adapter asks the others). */
async function membersOf(server: TestServer, room: string): Promise<string[]> {
	return (await server.server.realtime.io.in(room).fetchSockets()).map((socket) => socket.id);
}

async function until(check: () => Promise<boolean>, timeoutMs = 3_000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > end) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}

interface World {
	app: App;
	projectId: string;
	people: Record<Exclude<Role, 'guest'>, SignedInPersona>;
}

async function populate(app: App): Promise<World> {
	const [citizen, author, moderator, facilitator, admin, blocked] = await Promise.all([
		signIn(app, 'amira'),
		signIn(app, 'bruno'),
		signIn(app, 'max'),
		signIn(app, 'fatou'),
		signIn(app, 'ada'),
		signInCitizen(app, 99)
	]);
	await app.services.moderation.block(moderator.actor, { userId: blocked.actor.userId, reason: 'spam' }).catch(() => {});
	const projectId = (await aProject(app)).id;
	return { app, projectId, people: { citizen, author, moderator, facilitator, admin, blocked } };
}

describe('moderation over Socket.io and HTTP', () => {
	let server: TestServer;
	let world: World;
	const sockets = new Map<Role, AgoraClientSocket>();

	beforeAll(async () => {
		// The write limits are tested in the service tests; here every cell of the matrix posts its own fixtures.
		server = await startTestServer({ svelteKit: true, unlimited: true });
		world = await populate(server.app);
		sockets.set('guest', await connectClient(server.url));
		for (const role of ROLES.slice(1) as Exclude<Role, 'guest'>[]) sockets.set(role, await connectClient(server.url, world.people[role].cookie));
	});
	afterAll(async () => {
		for (const socket of sockets.values()) socket.disconnect();
		await server.close();
	});

	/** A fresh idea and comment by the author, so each cell of the matrix acts on its own item. */
	async function fixture() {
		const idea = await anIdea(server.app, world.people.author.actor, world.projectId);
		const comment = await server.app.services.comments.add(world.people.author.actor, { ideaId: idea.id, body: 'Cheap watches at example.test' });
		return { idea, comment };
	}
	const moderator = () => world.people.moderator.actor;

	/** What each role's attempt must answer: `ok`, or the refusal's code. */
	const MATRIX: Record<string, { expected: Record<Role, 'ok' | 'unauthenticated' | 'forbidden'>; attempt: (socket: AgoraClientSocket, role: Role) => Promise<Ack> }> = {
		'report:create': {
			expected: { guest: 'unauthenticated', citizen: 'ok', author: 'forbidden', moderator: 'ok', facilitator: 'ok', admin: 'ok', blocked: 'forbidden' },
			attempt: async (socket) => {
				const { comment } = await fixture();
				return (await emitRaw(socket, 'report:create', { targetKind: 'comment', targetId: comment.id, reason: 'spam', note: 'Selling things' })) as Ack;
			}
		},
		'moderation:watch': {
			expected: { guest: 'unauthenticated', citizen: 'forbidden', author: 'forbidden', moderator: 'ok', facilitator: 'forbidden', admin: 'ok', blocked: 'forbidden' },
			attempt: async (socket) => (await emitRaw(socket, 'moderation:watch', {})) as Ack
		},
		'moderation:hide': {
			expected: { guest: 'unauthenticated', citizen: 'forbidden', author: 'forbidden', moderator: 'ok', facilitator: 'forbidden', admin: 'ok', blocked: 'forbidden' },
			attempt: async (socket) => {
				const { comment } = await fixture();
				return (await emitRaw(socket, 'moderation:hide', { targetKind: 'comment', targetId: comment.id, reason: 'spam' })) as Ack;
			}
		},
		'moderation:restore': {
			expected: { guest: 'unauthenticated', citizen: 'forbidden', author: 'forbidden', moderator: 'ok', facilitator: 'forbidden', admin: 'ok', blocked: 'forbidden' },
			attempt: async (socket) => {
				const { idea } = await fixture();
				await server.app.services.moderation.hide(moderator(), { targetKind: 'idea', targetId: idea.id, reason: 'off_topic' });
				return (await emitRaw(socket, 'moderation:restore', { targetKind: 'idea', targetId: idea.id, reason: 'other' })) as Ack;
			}
		},
		'moderation:dismiss': {
			expected: { guest: 'unauthenticated', citizen: 'forbidden', author: 'forbidden', moderator: 'ok', facilitator: 'forbidden', admin: 'ok', blocked: 'forbidden' },
			attempt: async (socket) => {
				const { comment } = await fixture();
				await server.app.services.moderation.report(world.people.citizen.actor, { targetKind: 'comment', targetId: comment.id, reason: 'spam' });
				return (await emitRaw(socket, 'moderation:dismiss', { targetKind: 'comment', targetId: comment.id })) as Ack;
			}
		},
		'moderation:block': {
			expected: { guest: 'unauthenticated', citizen: 'forbidden', author: 'forbidden', moderator: 'ok', facilitator: 'forbidden', admin: 'ok', blocked: 'forbidden' },
			attempt: async (socket, role) => {
				const target = await signInCitizen(server.app, 200 + ROLES.indexOf(role));
				return (await emitRaw(socket, 'moderation:block', { userId: target.actor.userId, reason: 'harassment' })) as Ack;
			}
		},
		'moderation:unblock': {
			expected: { guest: 'unauthenticated', citizen: 'forbidden', author: 'forbidden', moderator: 'ok', facilitator: 'forbidden', admin: 'ok', blocked: 'forbidden' },
			attempt: async (socket, role) => {
				const target = await signInCitizen(server.app, 300 + ROLES.indexOf(role));
				await server.app.services.moderation.block(moderator(), { userId: target.actor.userId, reason: 'spam' });
				return (await emitRaw(socket, 'moderation:unblock', { userId: target.actor.userId })) as Ack;
			}
		},
		'moderation:audit': {
			expected: { guest: 'unauthenticated', citizen: 'forbidden', author: 'forbidden', moderator: 'ok', facilitator: 'forbidden', admin: 'ok', blocked: 'forbidden' },
			attempt: async (socket) => (await emitRaw(socket, 'moderation:audit', {})) as Ack
		}
	};

	describe('[MO1–MO7] the authorization matrix of every new socket command', () => {
		for (const [command, { expected, attempt }] of Object.entries(MATRIX)) {
			for (const role of ROLES) {
				it(`${command} as ${role}: ${expected[role]}`, async () => {
					const ack = await attempt(sockets.get(role)!, role);
					if (expected[role] === 'ok') expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true });
					else expect(ack).toMatchObject({ ok: false, error: { code: expected[role], message: expect.any(String) } });
					if (role === 'blocked' && expected[role] !== 'ok') expect(ack.error?.key).toBe('moderation_blocked');
				});
			}
		}
	});

	describe('[MO2][MO7] the pages and the CSV export over HTTP', () => {
		const PAGES: Record<string, Record<Role, number>> = {
			'/en/admin/moderation': { guest: 303, citizen: 403, author: 403, moderator: 200, facilitator: 403, admin: 200, blocked: 403 },
			'/en/admin/audit': { guest: 303, citizen: 403, author: 403, moderator: 200, facilitator: 403, admin: 200, blocked: 403 },
			'/en/admin/audit/export': { guest: 303, citizen: 403, author: 403, moderator: 403, facilitator: 403, admin: 200, blocked: 403 }
		};
		for (const [path, expected] of Object.entries(PAGES)) {
			for (const role of ROLES) {
				it(`GET ${path} as ${role}: ${expected[role]}`, async () => {
					const cookie = role === 'guest' ? undefined : world.people[role].cookie;
					const response = await fetch(`${server.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
					expect(response.status).toBe(expected[role]);
					if (expected[role] === 303) expect(response.headers.get('location')).toContain('/signin?returnTo=');
					if (path.endsWith('/export') && expected[role] === 200) {
						expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
						expect((await response.text()).split('\r\n')[0]).toContain('"action"');
					}
				});
			}
		}

		it('[MO7] the exported CSV carries a formula-looking note as text', async () => {
			const target = await signInCitizen(server.app, 400);
			await server.app.services.moderation.block(moderator(), { userId: target.actor.userId, reason: 'spam', note: '=cmd|"/c calc"!A1' });
			const response = await fetch(`${server.url}/en/admin/audit/export?action=blocked`, { headers: { cookie: world.people.admin.cookie } });
			const csv = await response.text();
			expect(csv).toContain(`"'=cmd|""/c calc""!A1"`);
			expect(csv).not.toMatch(/(^|,)"?=cmd/m);
		});

		it('[MO1][MO3] the idea page’s report and moderate forms work without JavaScript, each cell of who may', async () => {
			const expected: Record<Role, { report: number; moderate: number }> = {
				guest: { report: 401, moderate: 401 },
				citizen: { report: 200, moderate: 403 },
				author: { report: 403, moderate: 403 },
				moderator: { report: 200, moderate: 200 },
				facilitator: { report: 200, moderate: 403 },
				admin: { report: 200, moderate: 200 },
				blocked: { report: 403, moderate: 403 }
			};
			for (const role of ROLES) {
				const { idea, comment } = await fixture();
				const slug = (await server.app.services.projects.getById(world.projectId)).slug;
				const url = `${server.url}/en/projects/${slug}/ideas/${idea.id}`;
				const cookie = role === 'guest' ? {} : { cookie: world.people[role].cookie };
				const report = await postAction(`${url}?/report`, { targetKind: 'comment', targetId: comment.id, reason: 'spam', note: '' }, cookie);
				expect(report.status, `report as ${role}`).toBe(expected[role].report);
				const moderate = await postAction(`${url}?/moderate`, { targetKind: 'comment', targetId: comment.id, reason: 'spam', decision: 'hide' }, cookie);
				expect(moderate.status, `moderate as ${role}`).toBe(expected[role].moderate);
			}
		});

		it('[MO1] garbage on the report form and the queue’s forms answers 400 with words, never 500', async () => {
			const { idea } = await fixture();
			const slug = (await server.app.services.projects.getById(world.projectId)).slug;
			const garbage = [{}, { targetKind: 'user', targetId: 'x', reason: 'spam' }, { targetKind: 'comment', targetId: '💥'.repeat(100), reason: 'spam' }, { targetKind: 'idea', targetId: idea.id, reason: 'nope' }, { targetKind: 'idea', targetId: idea.id, reason: 'spam', note: 'x'.repeat(20_000) }];
			for (const fields of garbage) {
				const report = await postAction(`${server.url}/en/projects/${slug}/ideas/${idea.id}?/report`, fields as Record<string, string>, { cookie: world.people.citizen.cookie });
				expect(report.status, JSON.stringify(fields).slice(0, 80)).toBe(400);
				expect(report.result.data).toMatchObject({ message: expect.any(String) });
				for (const action of ['hide', 'dismiss', 'block', 'unblock']) {
					const answer = await postAction(`${server.url}/en/admin/moderation?/${action}`, fields as Record<string, string>, { cookie: world.people.moderator.cookie });
					// A dismissal takes no reason: with a sound item and nothing open it is a conflict, not garbage.
					const expected = action === 'dismiss' && (fields as Record<string, string>).reason === 'nope' ? 409 : 400;
					expect(answer.status, `${action} ${JSON.stringify(fields).slice(0, 60)}`).toBe(expected);
				}
			}
			for (const query of ['action=deleted', 'from=yesterday', 'to=2026-13-45', 'before=-3', 'moderatorId=%00']) {
				expect((await fetch(`${server.url}/en/admin/audit?${query}`, { headers: { cookie: world.people.moderator.cookie } })).status, query).toBe(400);
				// The export streams every page: it reads no `before`.
				if (!query.startsWith('before')) expect((await fetch(`${server.url}/en/admin/audit/export?${query}`, { headers: { cookie: world.people.admin.cookie } })).status, query).toBe(400);
			}
			expect(await emitRaw(sockets.get('moderator')!, 'moderation:audit', { action: 'deleted' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
			expect(await emitRaw(sockets.get('moderator')!, 'moderation:audit', { before: 'soon' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
			expect((await fetch(`${server.url}/api/projects/${'x'.repeat(200)}/moderation`)).status).toBe(400);
		});

		it('[MO8] the public tally is in the API and on the project page, without content', async () => {
			const { comment } = await fixture();
			await server.app.services.moderation.hide(moderator(), { targetKind: 'comment', targetId: comment.id, reason: 'personal_data' });
			const tally = (await (await fetch(`${server.url}/api/projects/${world.projectId}/moderation`)).json()) as { total: number; byReason: Record<string, number> };
			expect(tally.byReason.personal_data).toBeGreaterThanOrEqual(1);
			const slug = (await server.app.services.projects.getById(world.projectId)).slug;
			const html = await (await fetch(`${server.url}/en/projects/${slug}`)).text();
			expect(html).toContain('data-testid="moderation-tally"');
			expect(html).toContain('Personal data');
			expect(html).not.toContain('Cheap watches');
		});
	});

	describe('[MO3] hidden content and the rooms', () => {
		it('a hidden comment disappears for a citizen in the room and never reaches them again; the moderator and the author keep it, marked', async () => {
			const { idea, comment } = await fixture();
			const [citizen, mod, author] = await Promise.all([
				connectClient(server.url, world.people.citizen.cookie),
				connectClient(server.url, world.people.moderator.cookie),
				connectClient(server.url, world.people.author.cookie)
			]);
			try {
				for (const socket of [citizen, mod, author]) expect(await emitRaw(socket, 'idea:join', { ideaId: idea.id })).toMatchObject({ ok: true });
				const heard = recordAll(citizen);
				const citizenHears = nextEvent<{ commentId: string }>(citizen, 'comment:hidden');
				const moderatorHears = nextEvent<{ commentId: string }>(mod, 'comment:hidden');
				expect(await emitRaw(mod, 'moderation:hide', { targetKind: 'comment', targetId: comment.id, reason: 'spam', note: 'Advertising' })).toMatchObject({ ok: true });
				expect(await citizenHears).toEqual({ ideaId: idea.id, commentId: comment.id, parentId: null, version: expect.any(Number) });
				await moderatorHears;
				// Afterwards: the thread, a retry of the author's edit, an upvote: nothing carries its words to the citizen.
				const thread = (await emitRaw(citizen, 'comment:thread', { ideaId: idea.id })) as { data: { entries: { body: string; hidden: unknown }[] } };
				expect(thread.data.entries[0]).toMatchObject({ body: '', hidden: { reason: null } });
				expect(await emitRaw(author, 'comment:edit', { commentId: comment.id, body: 'Cheap watches, now cheaper' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
				expect(await emitRaw(citizen, 'comment:upvote', { commentId: comment.id, value: true })).toMatchObject({ ok: false });
				expect(await emitRaw(citizen, 'comment:history', { commentId: comment.id })).toMatchObject({ ok: true, data: [] });
				const modThread = (await emitRaw(mod, 'comment:thread', { ideaId: idea.id })) as { data: { entries: { body: string; hidden: unknown }[] } };
				expect(modThread.data.entries[0]).toMatchObject({ body: comment.body, hidden: { reason: 'spam', note: 'Advertising' } });
				const authorThread = (await emitRaw(author, 'comment:thread', { ideaId: idea.id })) as { data: { entries: { body: string; hidden: unknown }[] } };
				expect(authorThread.data.entries[0]).toMatchObject({ body: comment.body, hidden: { reason: 'spam' } });
				await new Promise((resolve) => setTimeout(resolve, 200));
				expect(JSON.stringify(heard.filter(({ event }) => event !== 'comment:thread'))).not.toContain('watches');
			} finally {
				for (const socket of [citizen, mod, author]) socket.disconnect();
			}
		});

		it('a hidden idea leaves the project room’s lists and its readers who may not read it leave its room; the author and moderators stay', async () => {
			const { idea } = await fixture();
			const [citizen, mod, author] = await Promise.all([
				connectClient(server.url, world.people.citizen.cookie),
				connectClient(server.url, world.people.moderator.cookie),
				connectClient(server.url, world.people.author.cookie)
			]);
			try {
				for (const socket of [citizen, mod, author]) {
					expect(await emitRaw(socket, 'idea:join', { ideaId: idea.id })).toMatchObject({ ok: true });
					expect(await emitRaw(socket, 'project:join', { projectId: world.projectId })).toMatchObject({ ok: true });
				}
				const gone = nextEvent<{ ideaId: string }>(citizen, 'idea:hidden');
				expect(await emitRaw(mod, 'moderation:hide', { targetKind: 'idea', targetId: idea.id, reason: 'off_topic' })).toMatchObject({ ok: true });
				expect(await gone).toEqual({ projectId: world.projectId, ideaId: idea.id });
				await until(async () => !(await membersOf(server, rooms.idea(idea.id))).includes(citizen.id!));
				expect((await membersOf(server, rooms.idea(idea.id))).sort()).toEqual([mod.id, author.id].sort());
				expect(await emitRaw(citizen, 'idea:join', { ideaId: idea.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
				expect(await emitRaw(author, 'idea:join', { ideaId: idea.id })).toMatchObject({ ok: true });
				const html = await (await fetch(`${server.url}/en/projects/${(await server.app.services.projects.getById(world.projectId)).slug}/ideas/${idea.id}`, { headers: { cookie: world.people.citizen.cookie } })).text();
				expect(html).not.toContain(idea.title);
				const geojson = await (await fetch(`${server.url}/api/ideas.geojson?bbox=4.24,50.76,4.48,50.92&zoom=18&project=${world.projectId}`)).text();
				expect(geojson).not.toContain(idea.id);
				const restored = nextEvent<{ idea: { id: string } }>(citizen, 'idea:restored');
				expect(await emitRaw(mod, 'moderation:restore', { targetKind: 'idea', targetId: idea.id, reason: 'other' })).toMatchObject({ ok: true });
				expect((await restored).idea.id).toBe(idea.id);
			} finally {
				for (const socket of [citizen, mod, author]) socket.disconnect();
			}
		});

		it('a live map watching the hidden idea’s place is told it left (no content), and its GeoJSON no longer holds it', async () => {
			const { idea } = await fixture();
			const watcher = await connectClient(server.url);
			try {
				const box = [idea.location.lng - 0.001, idea.location.lat - 0.001, idea.location.lng + 0.001, idea.location.lat + 0.001];
				expect(await emitRaw(watcher, 'map:watch', { projectId: world.projectId, bbox: box, zoom: 17 })).toMatchObject({ ok: true });
				const changed = nextEvent<{ ideaId: string; change: string }>(watcher, 'map:changed', 5_000, (payload) => payload.ideaId === idea.id);
				await server.app.services.moderation.hide(moderator(), { targetKind: 'idea', targetId: idea.id, reason: 'spam' });
				expect(await changed).toEqual({ projectId: world.projectId, ideaId: idea.id, change: 'withdrawn', lng: idea.location.lng, lat: idea.location.lat });
				const geojson = await (await fetch(`${server.url}/api/ideas.geojson?bbox=${box.join(',')}&zoom=18&project=${world.projectId}`)).text();
				expect(geojson).not.toContain(idea.id);
			} finally {
				watcher.disconnect();
			}
		});

		it('[MO2] a report reaches the staff room at once; a moderator demoted while watching hears nothing more', async () => {
			const demoted = await signInCitizen(server.app, 500);
			await server.app.services.accounts.changeRole(demoted.actor.userId, 'moderator');
			const [watcher, citizen] = await Promise.all([connectClient(server.url, demoted.cookie), connectClient(server.url, world.people.citizen.cookie)]);
			try {
				expect(await emitRaw(watcher, 'moderation:watch', {})).toMatchObject({ ok: true });
				expect(await emitRaw(citizen, 'moderation:watch', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
				const citizenHeard = recordAll(citizen);
				const { comment } = await fixture();
				const arrived = nextEvent<{ targetId: string; entry: { count: number; reasons: Record<string, number> } }>(watcher, 'moderation:queue-changed', 5_000, (payload) => payload.targetId === comment.id);
				expect(await emitRaw(citizen, 'report:create', { targetKind: 'comment', targetId: comment.id, reason: 'harassment' })).toMatchObject({ ok: true });
				expect((await arrived).entry).toMatchObject({ count: 1, reasons: { harassment: 1 } });
				await server.app.services.accounts.changeRole(demoted.actor.userId, 'citizen');
				await until(async () => !(await membersOf(server, rooms.moderation)).includes(watcher.id!));
				const watcherHeard = recordAll(watcher);
				const second = await fixture();
				expect(await emitRaw(citizen, 'report:create', { targetKind: 'comment', targetId: second.comment.id, reason: 'spam' })).toMatchObject({ ok: true });
				await new Promise((resolve) => setTimeout(resolve, 200));
				expect(watcherHeard.filter(({ event }) => event === 'moderation:queue-changed')).toEqual([]);
				expect(citizenHeard.filter(({ event }) => event === 'moderation:queue-changed')).toEqual([]);
			} finally {
				watcher.disconnect();
				citizen.disconnect();
			}
		});

		it('[MO6] a block is immediate on an open connection: the next write is refused, reading goes on', async () => {
			const person = await signInCitizen(server.app, 600);
			const { idea } = await fixture();
			const socket = await connectClient(server.url, person.cookie);
			try {
				expect(await emitRaw(socket, 'vote:cast', { ideaId: idea.id, value: 1 })).toMatchObject({ ok: true });
				const changed = nextEvent(socket, 'session:changed');
				await server.app.services.moderation.block(moderator(), { userId: person.actor.userId, reason: 'spam' });
				await changed;
				expect(await emitRaw(socket, 'vote:withdraw', { ideaId: idea.id })).toMatchObject({ ok: false, error: { code: 'forbidden', key: 'moderation_blocked' } });
				expect(await emitRaw(socket, 'comment:create', { ideaId: idea.id, body: 'Still here?' })).toMatchObject({ ok: false, error: { key: 'moderation_blocked' } });
				expect(await emitRaw(socket, 'comment:thread', { ideaId: idea.id })).toMatchObject({ ok: true });
				await server.app.services.moderation.unblock(moderator(), { userId: person.actor.userId });
				await nextEvent(socket, 'session:changed');
				expect(await emitRaw(socket, 'vote:withdraw', { ideaId: idea.id })).toMatchObject({ ok: true });
			} finally {
				socket.disconnect();
			}
		});
	});
});

describe.skipIf(!TEST_REDIS_URL)('[MO2][MO3][MO6] moderation across two nodes with Redis (set TEST_REDIS_URL)', () => {
	const prefix = scratchRedisPrefix();
	const dataDir = mkdtempSync(join(tmpdir(), 'agora-moderation-'));
	let nodeA: TestServer;
	let nodeB: TestServer;
	let world: World;
	const sockets: AgoraClientSocket[] = [];

	beforeAll(async () => {
		const env = { REDIS_URL: TEST_REDIS_URL!, REDIS_PREFIX: prefix };
		// Both nodes on one SQLite file, as two processes of one deployment share a database.
		nodeA = await startTestServer({ env, dataDir, unlimited: true });
		nodeB = await startTestServer({ env, dataDir, unlimited: true });
		world = await populate(nodeA.app);
	}, 30_000);
	afterAll(async () => {
		for (const socket of sockets) socket.disconnect();
		await nodeB?.close();
		await nodeA?.close();
		rmSync(dataDir, { recursive: true, force: true });
		await dropRedisPrefix(TEST_REDIS_URL!, prefix);
	});

	async function client(server: TestServer, persona?: SignedInPersona) {
		const socket = await connectClient(server.url, persona?.cookie);
		sockets.push(socket);
		return socket;
	}

	it('a comment hidden on node A disappears for a citizen on node B, and a moderator watching on B gets the report made on A', async () => {
		const idea = await anIdea(nodeA.app, world.people.author.actor, world.projectId);
		const comment = await nodeA.app.services.comments.add(world.people.author.actor, { ideaId: idea.id, body: 'Cheap watches at example.test' });
		const citizenOnB = await client(nodeB, world.people.citizen);
		const watcherOnB = await client(nodeB, world.people.admin);
		const modOnA = await client(nodeA, world.people.moderator);
		const reporterOnA = await client(nodeA, world.people.facilitator);
		expect(await emitRaw(citizenOnB, 'idea:join', { ideaId: idea.id })).toMatchObject({ ok: true });
		expect(await emitRaw(watcherOnB, 'moderation:watch', {})).toMatchObject({ ok: true });
		const heard = recordAll(citizenOnB);

		const queued = nextEvent<{ targetId: string }>(watcherOnB, 'moderation:queue-changed', 5_000, (payload) => payload.targetId === comment.id);
		expect(await emitRaw(reporterOnA, 'report:create', { targetKind: 'comment', targetId: comment.id, reason: 'spam' })).toMatchObject({ ok: true });
		await queued;

		const hidden = nextEvent<{ commentId: string }>(citizenOnB, 'comment:hidden');
		expect(await emitRaw(modOnA, 'moderation:hide', { targetKind: 'comment', targetId: comment.id, reason: 'spam' })).toMatchObject({ ok: true });
		expect((await hidden).commentId).toBe(comment.id);
		expect(heard.filter(({ event }) => event === 'moderation:queue-changed')).toEqual([]);
		expect(JSON.stringify(heard)).not.toContain('watches');
	});

	it('an idea hidden on node A takes a citizen on node B out of its room; its author on B stays', async () => {
		const idea = await anIdea(nodeA.app, world.people.author.actor, world.projectId);
		const citizenOnB = await client(nodeB, world.people.citizen);
		const authorOnB = await client(nodeB, world.people.author);
		for (const socket of [citizenOnB, authorOnB]) expect(await emitRaw(socket, 'idea:join', { ideaId: idea.id })).toMatchObject({ ok: true });
		const gone = nextEvent(citizenOnB, 'idea:hidden');
		await nodeA.app.services.moderation.hide(world.people.moderator.actor, { targetKind: 'idea', targetId: idea.id, reason: 'illegal' });
		await gone;
		await until(async () => !(await membersOf(nodeB, rooms.idea(idea.id))).includes(citizenOnB.id!));
		expect(await membersOf(nodeA, rooms.idea(idea.id))).toEqual([authorOnB.id]);
	});

	it('a block made on node A is immediate on the person’s open connection to node B', async () => {
		const person = await signInCitizen(nodeA.app, 700);
		const idea = await anIdea(nodeA.app, world.people.author.actor, world.projectId);
		const onB = await client(nodeB, person);
		const changed = nextEvent(onB, 'session:changed');
		await nodeA.app.services.moderation.block(world.people.moderator.actor, { userId: person.actor.userId, reason: 'harassment' });
		await changed;
		expect(await emitRaw(onB, 'vote:cast', { ideaId: idea.id, value: 1 })).toMatchObject({ ok: false, error: { code: 'forbidden', key: 'moderation_blocked' } });
	});
});
