import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../../src/lib/domain/projects';
import type { AgoraClientSocket } from '../../src/lib/realtime/client';
import { aProject, anIdea, ideaInput } from '../support/builders';
import { signIn, signInCitizen } from '../support/personas';
import { connectClient, emitRaw, nextEvent, startTestServer, type TestServer } from '../support/server';

describe('live slice over Socket.io', () => {
	let server: TestServer;
	let project: Project;
	const sockets: AgoraClientSocket[] = [];

	beforeAll(async () => {
		// Bruno posts many fixtures here; the write limits have their own file (limits.test.ts).
		server = await startTestServer({ unlimited: true });
		project = await aProject(server.app);
	});
	afterEach(() => {
		for (const socket of sockets.splice(0)) socket.disconnect();
	});
	afterAll(() => server.close());

	async function client(cookie?: string) {
		const socket = await connectClient(server.url, cookie);
		sockets.push(socket);
		return socket;
	}

	async function watcher(projectId = project.id) {
		const socket = await client();
		expect(await socket.emitWithAck('project:join', { projectId })).toEqual({ ok: true, data: { projectId } });
		return socket;
	}

	it('[I1] a posted idea reaches every watcher of the project, guests included', async () => {
		const amira = await signIn(server.app, 'amira');
		const author = await client(amira.cookie);
		const guest = await watcher();
		const otherProject = await aProject(server.app);
		const elsewhere = await watcher(otherProject.id);
		let leaked = false;
		elsewhere.on('idea:created', () => (leaked = true));

		const arrival = nextEvent<{ projectId: string; idea: { id: string; title: string; myVote?: unknown } }>(guest, 'idea:created');
		const ack = await author.emitWithAck('idea:create', ideaInput(project.id, { title: 'Benches on the Flagey square' }));
		expect(ack.ok).toBe(true);
		const { idea } = await arrival;
		expect(idea.title).toBe('Benches on the Flagey square');
		expect(idea).not.toHaveProperty('myVote');
		if (ack.ok) expect(idea.id).toBe(ack.data.id);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(leaked).toBe(false);
	});

	it('[V2][V3][V5] cast, change and withdraw: counts reach watchers, the voter’s other tabs learn their vote and its version', async () => {
		const bruno = await signIn(server.app, 'bruno');
		const idea = await anIdea(server.app, bruno.actor, project.id);
		const amira = await signIn(server.app, 'amira');
		const tab = await client(amira.cookie);
		const otherTab = await client(amira.cookie);
		const guest = await watcher();

		const counted = nextEvent(guest, 'idea:counted');
		const recorded = nextEvent(otherTab, 'vote:recorded');
		expect(await tab.emitWithAck('vote:cast', { ideaId: idea.id, value: 1 })).toEqual({
			ok: true,
			data: { ideaId: idea.id, upvotes: 1, downvotes: 0, commentCount: 0, votesVersion: 1, myVote: 1 }
		});
		expect(await counted).toEqual({ projectId: project.id, ideaId: idea.id, upvotes: 1, downvotes: 0, commentCount: 0, votesVersion: 1 });
		expect(await recorded).toEqual({ projectId: project.id, ideaId: idea.id, value: 1, votesVersion: 1 });

		const switched = nextEvent(guest, 'idea:counted');
		await tab.emitWithAck('vote:cast', { ideaId: idea.id, value: -1 });
		expect(await switched).toMatchObject({ upvotes: 0, downvotes: 1, votesVersion: 2 });

		const withdrawn = nextEvent(guest, 'idea:counted');
		const withdrawnElsewhere = nextEvent(otherTab, 'vote:recorded', 5_000, (payload: { value: unknown }) => payload.value === null);
		expect(await tab.emitWithAck('vote:withdraw', { ideaId: idea.id })).toMatchObject({ ok: true, data: { upvotes: 0, downvotes: 0, myVote: null } });
		expect(await withdrawn).toMatchObject({ upvotes: 0, downvotes: 0 });
		expect(await withdrawnElsewhere).toMatchObject({ value: null, votesVersion: 3 });
	});

	it('an idea room receives counts of its idea only', async () => {
		const bruno = await signIn(server.app, 'bruno');
		const watched = await anIdea(server.app, bruno.actor, project.id);
		const other = await anIdea(server.app, bruno.actor, project.id);
		const reader = await client();
		expect(await reader.emitWithAck('idea:join', { ideaId: watched.id })).toEqual({ ok: true, data: { ideaId: watched.id } });
		const received: string[] = [];
		reader.on('idea:counted', ({ ideaId }) => received.push(ideaId));
		const amira = await signIn(server.app, 'amira');
		const voter = await client(amira.cookie);
		await voter.emitWithAck('vote:cast', { ideaId: other.id, value: 1 });
		await voter.emitWithAck('vote:cast', { ideaId: watched.id, value: 1 });
		await expect.poll(() => received).toEqual([watched.id]);
	});

	it('[V1] 50 simultaneous casts over sockets from one citizen and 50 citizens at once count exactly', async () => {
		const bruno = await signIn(server.app, 'bruno');
		const idea = await anIdea(server.app, bruno.actor, project.id);
		const amira = await signIn(server.app, 'amira');
		const tab = await client(amira.cookie);
		const crowd = await Promise.all(Array.from({ length: 50 }, async (_, i) => client((await signInCitizen(server.app, i)).cookie)));

		const acks = await Promise.all([
			...Array.from({ length: 50 }, (_, i) => tab.emitWithAck('vote:cast', { ideaId: idea.id, value: i % 2 === 0 ? 1 : -1 })),
			...crowd.map((socket) => socket.emitWithAck('vote:cast', { ideaId: idea.id, value: 1 }))
		]);
		expect(acks.every((ack) => ack.ok)).toBe(true);
		const truth = await server.app.store.votes.count(idea.id);
		expect(truth.upvotes + truth.downvotes).toBe(51);
		expect(truth.upvotes).toBeGreaterThanOrEqual(50);
		const stored = await server.app.services.ideas.get({ kind: 'guest' }, idea.id);
		expect({ upvotes: stored.upvotes, downvotes: stored.downvotes }).toEqual(truth);
	});

	it('[I1][V4] a guest socket may watch but not post or vote', async () => {
		const guest = await client();
		expect(await guest.emitWithAck('idea:create', ideaInput(project.id))).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
		expect(await guest.emitWithAck('vote:cast', { ideaId: 'whatever', value: 1 })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
	});

	it('a signed-out session no longer acts on new connections', async () => {
		const amira = await signIn(server.app, 'amira');
		await server.app.services.accounts.signOut(amira.token);
		const socket = await client(amira.cookie);
		expect(await socket.emitWithAck('idea:create', ideaInput(project.id))).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
	});

	it('[A4] signing out disconnects that session’s sockets and no other session’s', async () => {
		const laptop = await signIn(server.app, 'amira');
		const phone = await signIn(server.app, 'amira');
		const onLaptop = await client(laptop.cookie);
		const onPhone = await client(phone.cookie);
		const disconnected = new Promise<string>((resolve) => onLaptop.once('disconnect', (reason) => resolve(reason)));
		await server.app.services.accounts.signOut(laptop.token);
		expect(await disconnected).toBe('io server disconnect');
		expect(onPhone.connected).toBe(true);
		expect(await onPhone.emitWithAck('vote:withdraw', { ideaId: 'missing' })).toMatchObject({ error: { code: 'not_found' } });
	});

	it('[A4] a connection recovered after its session ended comes back as a guest, out of the user’s rooms', async () => {
		const bruno = await signIn(server.app, 'bruno');
		const idea = await anIdea(server.app, bruno.actor, project.id);
		const amira = await signIn(server.app, 'amira');
		const tab = await client(amira.cookie);
		const warmUp = nextEvent(tab, 'vote:recorded');
		await tab.emitWithAck('vote:cast', { ideaId: idea.id, value: 1 });
		await warmUp;

		const reconnected = new Promise<void>((resolve) => tab.once('connect', () => resolve()));
		(tab.io.engine as unknown as { close(): void }).close();
		await server.app.services.accounts.signOut(amira.token);
		await reconnected;
		expect(await tab.emitWithAck('vote:withdraw', { ideaId: idea.id })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
		let heard = false;
		tab.on('vote:recorded', () => (heard = true));
		const otherSession = await signIn(server.app, 'amira');
		await server.app.services.votes.cast(otherSession.actor, { ideaId: idea.id, value: -1 });
		await new Promise((resolve) => setTimeout(resolve, 150));
		expect(heard).toBe(false);
	});

	it('recovers a dropped connection: rooms kept and missed events delivered', async () => {
		const bruno = await signIn(server.app, 'bruno');
		const idea = await anIdea(server.app, bruno.actor, project.id);
		const guest = await watcher();
		// Recovery needs at least one packet with an offset before the drop.
		const warmUp = nextEvent(guest, 'idea:counted');
		await server.app.services.votes.cast(bruno.actor, { ideaId: idea.id, value: 1 });
		await warmUp;

		const reconnected = new Promise<boolean>((resolve) => guest.once('connect', () => resolve(guest.recovered)));
		(guest.io.engine as unknown as { close(): void }).close();
		const missed = nextEvent(guest, 'idea:counted', 5_000, (payload: { upvotes: number }) => payload.upvotes === 0);
		await server.app.services.votes.withdraw(bruno.actor, { ideaId: idea.id });
		expect(await reconnected).toBe(true);
		expect(await missed).toMatchObject({ ideaId: idea.id, upvotes: 0 });
	});

	it('refuses a cross-site handshake', async () => {
		const { io } = await import('socket.io-client');
		const socket = io(server.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { origin: 'https://evil.example' } });
		const outcome = await new Promise<string>((resolve) => {
			socket.once('connect', () => resolve('connected'));
			socket.once('connect_error', () => resolve('refused'));
		});
		socket.disconnect();
		expect(outcome).toBe('refused');
	});

	it('keeps serving after all of the above', async () => {
		const response = await fetch(`${server.url}/healthz`);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ status: 'ok', store: { ok: true, dialect: 'sqlite' }, redis: null });
		expect(await emitRaw(await client(), 'project:join', { projectId: project.id })).toEqual({ ok: true, data: { projectId: project.id } });
	});
});
