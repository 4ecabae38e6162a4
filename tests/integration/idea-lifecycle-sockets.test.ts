import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AgoraClientSocket } from '../../src/lib/realtime/client';
import type { Project } from '../../src/lib/domain/projects';
import { aProject, anIdea } from '../support/builders';
import { signIn, type PersonaName } from '../support/personas';
import { connectClient, emitRaw, nextEvent, startTestServer, type TestServer } from '../support/server';

type AnyAck = { ok: boolean; data?: Record<string, unknown>; error?: { code: string; key?: string; message: string } };

/**
 * I7–I12 over real Socket.io clients: who may send idea:edit, idea:withdraw, idea:mark-duplicate and
 * idea:unmark-duplicate, which rooms hear idea:edited, idea:withdrawn and idea:duplicate-changed (and which do not),
 * and the limits. Garbage for each command is in socket-garbage.test.ts.
 */
/** Rights and rooms on a server without write limits (the fixtures post many ideas); the limits on one with them. */
let server: TestServer;
let limited: TestServer;
let project: Project;
let elsewhere: Project;
const sockets: AgoraClientSocket[] = [];

beforeAll(async () => {
	[server, limited] = await Promise.all([startTestServer({ unlimited: true }), startTestServer()]);
	project = await aProject(server.app);
	elsewhere = await aProject(server.app);
});
afterEach(() => {
	for (const socket of sockets.splice(0)) socket.disconnect();
});
afterAll(() => Promise.all([server.close(), limited.close()]));

async function connect(who: PersonaName | 'guest', on: TestServer = server): Promise<AgoraClientSocket> {
	const socket = await connectClient(on.url, who === 'guest' ? undefined : (await signIn(on.app, who)).cookie);
	sockets.push(socket);
	return socket;
}

const send = (socket: AgoraClientSocket, command: string, payload: unknown) => emitRaw(socket, command, payload) as Promise<AnyAck>;

/** Records every fact of these names a socket receives, so a test can show that it received none. */
function heard(socket: AgoraClientSocket, names: string[]): string[] {
	const received: string[] = [];
	for (const name of names) (socket as unknown as { on(e: string, l: () => void): void }).on(name, () => received.push(name));
	return received;
}

/** A command answered after a fact was sent arrives after that fact on the same connection: nothing pending then. */
const settle = (socket: AgoraClientSocket) => send(socket, 'project:leave', { projectId: 'settle' });

const FACTS = ['idea:edited', 'idea:withdrawn', 'idea:duplicate-changed'];

async function anIdeaBy(who: PersonaName, overrides: Record<string, unknown> = {}, on: TestServer = server) {
	const target = on === server ? project : await aProject(on.app);
	return anIdea(on.app, (await signIn(on.app, who)).actor, target.id, overrides);
}

const editOf = (ideaId: string, title = 'Plant lime trees along the square') => ({
	ideaId,
	title,
	body: '<p>Lime trees give <strong>shade</strong> and smell good in June.</p>',
	topic: 'green-spaces'
});

describe('idea:edit', () => {
	it('[I7] the author edits; idea:edited reaches the project and idea rooms, not another project’s', async () => {
		const idea = await anIdeaBy('amira');
		const [author, projectWatcher, ideaWatcher, outsider] = await Promise.all([connect('amira'), connect('guest'), connect('guest'), connect('guest')]);
		expect(await send(projectWatcher, 'project:join', { projectId: project.id })).toMatchObject({ ok: true });
		expect(await send(ideaWatcher, 'idea:join', { ideaId: idea.id })).toMatchObject({ ok: true });
		expect(await send(outsider, 'project:join', { projectId: elsewhere.id })).toMatchObject({ ok: true });
		const missed = heard(outsider, FACTS);
		const inProject = nextEvent<Record<string, unknown>>(projectWatcher, 'idea:edited');
		const inIdea = nextEvent<Record<string, unknown>>(ideaWatcher, 'idea:edited');

		const ack = await send(author, 'idea:edit', editOf(idea.id));
		expect(ack).toMatchObject({ ok: true, data: { id: idea.id, title: 'Plant lime trees along the square' } });
		const expected = {
			projectId: project.id,
			ideaId: idea.id,
			title: 'Plant lime trees along the square',
			body: '<p>Lime trees give <strong>shade</strong> and smell good in June.</p>',
			bodyText: 'Lime trees give shade and smell good in June.',
			topic: { slug: 'green-spaces', name: 'Green spaces' },
			editedAt: ack.data?.editedAt
		};
		expect(await inProject).toEqual(expected);
		expect(await inIdea).toEqual(expected);
		await settle(outsider);
		expect(missed).toEqual([]);
	});

	it.each([
		['a guest', 'guest', 'unauthenticated'],
		['another citizen', 'bruno', 'forbidden'],
		['a moderator', 'max', 'forbidden'],
		['an admin', 'ada', 'forbidden']
	] as const)('[I7] %s may not edit someone’s idea', async (_label, who, code) => {
		const idea = await anIdeaBy('amira');
		expect(await send(await connect(who), 'idea:edit', editOf(idea.id))).toMatchObject({ ok: false, error: { code } });
	});

	it('[R11] the eleventh edit in a minute is refused, worded for people', async () => {
		const idea = await anIdeaBy('bruno', {}, limited);
		const author = await connect('bruno', limited);
		for (let n = 0; n < 10; n++) expect(await send(author, 'idea:edit', editOf(idea.id, `Plant lime trees, take ${n}`))).toMatchObject({ ok: true });
		const refused = await send(author, 'idea:edit', editOf(idea.id, 'One edit too many'));
		expect(refused).toMatchObject({ ok: false, error: { code: 'rate_limited', retryAfterSeconds: expect.any(Number) } });
		expect(refused.error?.message).toMatch(/try again/);
	});
});

describe('idea:withdraw', () => {
	it.each([
		['the author', 'amira', true],
		['a moderator', 'max', false],
		['an admin', 'ada', false]
	] as const)('[I9] %s withdraws; idea:withdrawn reaches both rooms; votes are then refused', async (_label, who, byAuthor) => {
		const idea = await anIdeaBy('amira');
		const [actor, projectWatcher, ideaWatcher, voter] = await Promise.all([connect(who), connect('guest'), connect('guest'), connect('bruno')]);
		await send(projectWatcher, 'project:join', { projectId: project.id });
		await send(ideaWatcher, 'idea:join', { ideaId: idea.id });
		const facts = [nextEvent(projectWatcher, 'idea:withdrawn'), nextEvent(ideaWatcher, 'idea:withdrawn')];
		expect(await send(actor, 'idea:withdraw', { ideaId: idea.id, reason: 'Posted twice by mistake.' })).toMatchObject({ ok: true });
		for (const fact of await Promise.all(facts)) {
			expect(fact).toEqual({ projectId: project.id, ideaId: idea.id, withdrawn: { at: expect.any(String), reason: 'Posted twice by mistake.', byAuthor } });
		}
		expect(await send(voter, 'vote:cast', { ideaId: idea.id, value: 1 })).toMatchObject({ ok: false, error: { code: 'conflict', key: 'idea_withdrawn' } });
	});

	it.each([
		['a guest', 'guest', 'unauthenticated'],
		['another citizen', 'bruno', 'forbidden'],
		['a facilitator', 'fatou', 'forbidden']
	] as const)('[I9] %s may not withdraw someone’s idea', async (_label, who, code) => {
		const idea = await anIdeaBy('amira');
		expect(await send(await connect(who), 'idea:withdraw', { ideaId: idea.id, reason: 'I do not like it.' })).toMatchObject({ ok: false, error: { code } });
	});

	it('[R12] withdrawals are limited per account', async () => {
		const max = await connect('max', limited);
		// Four authors, so R4 (five ideas a minute each) does not refuse the fixtures themselves.
		const authors: PersonaName[] = ['amira', 'bruno', 'fatou', 'ada'];
		const ideas = [];
		for (let n = 0; n < 11; n++) ideas.push(await anIdeaBy(authors[n % authors.length]!, { title: `An idea to withdraw, number ${n}` }, limited));
		for (const idea of ideas.slice(0, 10)) expect(await send(max, 'idea:withdraw', { ideaId: idea.id, reason: 'Off topic for this project.' })).toMatchObject({ ok: true });
		expect(await send(max, 'idea:withdraw', { ideaId: ideas[10]!.id, reason: 'Off topic for this project.' })).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
	});
});

describe('idea:mark-duplicate and idea:unmark-duplicate', () => {
	it('[I10] [I11] a moderator marks and unmarks; the duplicate’s, the original’s and the project’s rooms hear it', async () => {
		const original = await anIdeaBy('amira');
		const duplicate = await anIdeaBy('bruno', { title: 'More trees for the square' });
		await server.app.services.votes.cast((await signIn(server.app, 'fatou')).actor, { ideaId: duplicate.id, value: 1 });
		const [moderator, originalWatcher, duplicateWatcher, projectWatcher, outsider] = await Promise.all([connect('max'), connect('guest'), connect('guest'), connect('guest'), connect('guest')]);
		await send(originalWatcher, 'idea:join', { ideaId: original.id });
		await send(duplicateWatcher, 'idea:join', { ideaId: duplicate.id });
		await send(projectWatcher, 'project:join', { projectId: project.id });
		await send(outsider, 'project:join', { projectId: elsewhere.id });
		const missed = heard(outsider, FACTS);
		const marked = { projectId: project.id, ideaId: duplicate.id, duplicateOf: original.id, original: original.id, originalDuplicateUpvotes: 1 };
		const facts = [originalWatcher, duplicateWatcher, projectWatcher].map((socket) => nextEvent(socket, 'idea:duplicate-changed'));
		expect(await send(moderator, 'idea:mark-duplicate', { ideaId: duplicate.id, duplicateOf: original.id })).toMatchObject({ ok: true, data: { duplicateOf: original.id } });
		expect(await Promise.all(facts)).toEqual([marked, marked, marked]);

		const undone = nextEvent(originalWatcher, 'idea:duplicate-changed');
		expect(await send(moderator, 'idea:unmark-duplicate', { ideaId: duplicate.id })).toMatchObject({ ok: true, data: { duplicateOf: null } });
		expect(await undone).toEqual({ ...marked, duplicateOf: null, originalDuplicateUpvotes: 0 });
		await settle(outsider);
		expect(missed).toEqual([]);
	});

	it('[I12] a duplicate takes no votes over the socket', async () => {
		const original = await anIdeaBy('amira');
		const duplicate = await anIdeaBy('bruno', { title: 'The same idea again' });
		expect(await send(await connect('ada'), 'idea:mark-duplicate', { ideaId: duplicate.id, duplicateOf: original.id })).toMatchObject({ ok: true });
		expect(await send(await connect('amira'), 'vote:cast', { ideaId: duplicate.id, value: 1 })).toMatchObject({ ok: false, error: { code: 'conflict', key: 'idea_is_duplicate' } });
	});

	it.each([
		['a guest', 'guest', 'unauthenticated'],
		['a citizen', 'amira', 'forbidden'],
		['the duplicate’s author', 'bruno', 'forbidden'],
		['a facilitator', 'fatou', 'forbidden']
	] as const)('[I10] %s may not mark or unmark duplicates', async (_label, who, code) => {
		const original = await anIdeaBy('amira');
		const duplicate = await anIdeaBy('bruno', { title: 'Yet another copy of it' });
		const socket = await connect(who);
		expect(await send(socket, 'idea:mark-duplicate', { ideaId: duplicate.id, duplicateOf: original.id })).toMatchObject({ ok: false, error: { code } });
		expect(await send(socket, 'idea:unmark-duplicate', { ideaId: duplicate.id })).toMatchObject({ ok: false, error: { code } });
	});

	it('[R13] marks and undos count together against one limit', async () => {
		const amira = await signIn(limited.app, 'amira');
		const target = await aProject(limited.app);
		const original = await anIdea(limited.app, amira.actor, target.id);
		const duplicate = await anIdea(limited.app, amira.actor, target.id, { title: 'A copy to toggle often' });
		const ada = await connect('ada', limited);
		for (let n = 0; n < 15; n++) {
			expect(await send(ada, 'idea:mark-duplicate', { ideaId: duplicate.id, duplicateOf: original.id })).toMatchObject({ ok: true });
			expect(await send(ada, 'idea:unmark-duplicate', { ideaId: duplicate.id })).toMatchObject({ ok: true });
		}
		expect(await send(ada, 'idea:mark-duplicate', { ideaId: duplicate.id, duplicateOf: original.id })).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
	});
});
