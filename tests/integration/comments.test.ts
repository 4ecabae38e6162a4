import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CommentView } from '../../src/lib/domain/comments';
import { LIMITS } from '../../src/lib/domain/limits';
import type { AgoraClientSocket } from '../../src/lib/realtime/client';
import { aProject, anIdea } from '../support/builders';
import { signIn, type PersonaName, type SignedInPersona } from '../support/personas';
import { connectClient, emitRaw, nextEvent, startTestServer, type TestServer } from '../support/server';

type AckOf = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } };
const codeOf = (ack: unknown) => ((ack as AckOf).ok ? 'ok' : (ack as Extract<AckOf, { ok: false }>).error.code);

/** Waits this long to be sure an event did not arrive (absence cannot be awaited). */
const QUIET_MS = 150;

describe('comments over Socket.io', () => {
	let server: TestServer;
	let projectId: string;
	const people = {} as Record<PersonaName, SignedInPersona>;
	const sockets: AgoraClientSocket[] = [];

	beforeAll(async () => {
		server = await startTestServer({ unlimited: true });
		projectId = (await aProject(server.app)).id;
		for (const name of ['amira', 'bruno', 'max', 'ada'] as const) people[name] = await signIn(server.app, name);
	});
	afterEach(() => {
		for (const socket of sockets.splice(0)) socket.disconnect();
	});
	afterAll(() => server.close());

	async function client(name?: PersonaName) {
		const socket = await connectClient(server.url, name ? people[name].cookie : undefined);
		sockets.push(socket);
		return socket;
	}
	async function watcherOf(ideaId: string, name?: PersonaName) {
		const socket = await client(name);
		expect(await socket.emitWithAck('idea:join', { ideaId })).toMatchObject({ ok: true });
		return socket;
	}
	/** An idea by Bruno, with a comment by Amira on it. */
	async function fixture() {
		const idea = await anIdea(server.app, people.bruno.actor, projectId);
		const comment = await server.app.services.comments.add(people.amira.actor, { ideaId: idea.id, body: 'Amira says hello' });
		return { idea, comment };
	}

	// Bruno is the idea's author; Amira the comment's; Max a moderator; Ada an admin.
	const WHO = ['guest', 'bruno', 'amira', 'max', 'ada'] as const;

	it('[C1] comment:create: guests are refused, every signed-in role may comment', async () => {
		const { idea } = await fixture();
		const answers: Record<string, string> = {};
		for (const who of WHO) {
			const socket = await client(who === 'guest' ? undefined : who);
			answers[who] = codeOf(await socket.emitWithAck('comment:create', { ideaId: idea.id, body: `Hello from ${who}` }));
		}
		expect(answers).toEqual({ guest: 'unauthenticated', bruno: 'ok', amira: 'ok', max: 'ok', ada: 'ok' });
	});

	it('[C3] [C4] comment:edit and comment:delete: only the comment’s author, not the idea’s author nor staff', async () => {
		const { comment } = await fixture();
		const edits: Record<string, string> = {};
		const deletions: Record<string, string> = {};
		for (const who of WHO.filter((name) => name !== 'amira')) {
			const socket = await client(who === 'guest' ? undefined : who);
			edits[who] = codeOf(await socket.emitWithAck('comment:edit', { commentId: comment.id, body: `Rewritten by ${who}` }));
			deletions[who] = codeOf(await socket.emitWithAck('comment:delete', { commentId: comment.id }));
		}
		const author = await client('amira');
		edits.amira = codeOf(await author.emitWithAck('comment:edit', { commentId: comment.id, body: 'Rewritten by me' }));
		deletions.amira = codeOf(await author.emitWithAck('comment:delete', { commentId: comment.id }));
		expect(edits).toEqual({ guest: 'unauthenticated', bruno: 'forbidden', max: 'forbidden', ada: 'forbidden', amira: 'ok' });
		expect(deletions).toEqual({ guest: 'unauthenticated', bruno: 'forbidden', max: 'forbidden', ada: 'forbidden', amira: 'ok' });
		expect(codeOf(await author.emitWithAck('comment:edit', { commentId: 'nobody-wrote-this', body: 'Lost' }))).toBe('not_found');
	});

	it('[C5] comment:upvote: everyone signed in but the comment’s own author', async () => {
		const { comment } = await fixture();
		const answers: Record<string, string> = {};
		for (const who of WHO) {
			const socket = await client(who === 'guest' ? undefined : who);
			answers[who] = codeOf(await socket.emitWithAck('comment:upvote', { commentId: comment.id, value: true }));
		}
		expect(answers).toEqual({ guest: 'unauthenticated', bruno: 'ok', amira: 'forbidden', max: 'ok', ada: 'ok' });
		const page = await (await client('max')).emitWithAck('comment:thread', { ideaId: comment.ideaId });
		expect(page).toMatchObject({ ok: true, data: { entries: [{ id: comment.id, upvotes: 3, myUpvote: true }] } });
	});

	it('[C6] comment:thread and comment:history: anyone may read, guests included', async () => {
		const { comment } = await fixture();
		await server.app.services.comments.edit(people.amira.actor, { commentId: comment.id, body: 'Amira said hello' });
		for (const who of WHO) {
			const socket = await client(who === 'guest' ? undefined : who);
			expect(await socket.emitWithAck('comment:thread', { ideaId: comment.ideaId, sort: 'upvoted' })).toMatchObject({
				ok: true,
				data: { sort: 'upvoted', nextCursor: null, entries: [{ id: comment.id, body: 'Amira said hello', editedAt: expect.any(String) }] }
			});
			expect(await socket.emitWithAck('comment:history', { commentId: comment.id })).toEqual({
				ok: true,
				data: [{ body: 'Amira says hello', writtenAt: comment.createdAt }]
			});
		}
		const guest = await client();
		expect(codeOf(await guest.emitWithAck('comment:thread', { ideaId: 'unknown-idea' }))).toBe('not_found');
	});

	it('[C1]–[C5] facts reach the idea’s watchers only; counts reach the project’s watchers too', async () => {
		const { idea } = await fixture();
		const other = await fixture();
		const reader = await watcherOf(idea.id);
		const elsewhere = await watcherOf(other.idea.id);
		const projectWatcher = await client();
		await projectWatcher.emitWithAck('project:join', { projectId });
		const leaked: string[] = [];
		for (const event of ['comment:created', 'comment:edited', 'comment:deleted', 'comment:counted', 'idea:counted'] as const) {
			elsewhere.on(event, () => leaked.push(`other idea: ${event}`));
			if (event !== 'idea:counted') projectWatcher.on(event, () => leaked.push(`project: ${event}`));
		}
		const amira = await client('amira');
		const bruno = await client('bruno');

		const created = nextEvent<{ ideaId: string; comment: CommentView }>(reader, 'comment:created');
		const countedOnReader = nextEvent<{ commentCount: number; votesVersion: number }>(reader, 'idea:counted');
		const countedOnProject = nextEvent<{ ideaId: string; commentCount: number; votesVersion: number }>(projectWatcher, 'idea:counted');
		const ack = await amira.emitWithAck('comment:create', { ideaId: idea.id, body: 'Live to every reader' });
		if (!ack.ok) throw new Error(ack.error.message);
		expect(await created).toEqual({ ideaId: idea.id, comment: { ...ack.data, myUpvote: false } });
		expect(await countedOnReader).toMatchObject({ commentCount: 2 });
		expect(await countedOnProject).toMatchObject({ ideaId: idea.id, commentCount: 2 });

		const reply = nextEvent<{ comment: CommentView }>(reader, 'comment:created');
		await bruno.emitWithAck('comment:create', { ideaId: idea.id, parentId: ack.data.id, body: 'A reply, live too' });
		expect((await reply).comment).toMatchObject({ parentId: ack.data.id, byIdeaAuthor: true, author: { role: 'citizen' } });

		const upvoted = nextEvent(reader, 'comment:counted');
		await bruno.emitWithAck('comment:upvote', { commentId: ack.data.id, value: true });
		expect(await upvoted).toEqual({ ideaId: idea.id, commentId: ack.data.id, upvotes: 1, version: 2 });

		const edited = nextEvent<{ comment: CommentView }>(reader, 'comment:edited');
		await amira.emitWithAck('comment:edit', { commentId: ack.data.id, body: 'Live, and edited' });
		expect((await edited).comment).toMatchObject({ id: ack.data.id, body: 'Live, and edited', version: 3, myUpvote: false });

		const deleted = nextEvent(reader, 'comment:deleted');
		const uncounted = nextEvent<{ commentCount: number }>(projectWatcher, 'idea:counted');
		await amira.emitWithAck('comment:delete', { commentId: ack.data.id });
		expect(await deleted).toEqual({ ideaId: idea.id, commentId: ack.data.id, parentId: null, deletedAt: expect.any(String), version: 4 });
		expect(await uncounted).toMatchObject({ commentCount: 2 });

		await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
		expect(leaked).toEqual([]);
	});

	it('[I6] a retried comment:create with the same idempotency key is posted and broadcast once', async () => {
		const { idea } = await fixture();
		const reader = await watcherOf(idea.id);
		let arrivals = 0;
		reader.on('comment:created', () => (arrivals += 1));
		const amira = await client('amira');
		const payload = { ideaId: idea.id, body: 'Sent twice, posted once', idempotencyKey: 'socket-comment-key-0001' };
		const [first, second] = await Promise.all([amira.emitWithAck('comment:create', payload), amira.emitWithAck('comment:create', payload)]);
		expect(first.ok && second.ok && first.data.id === second.data.id).toBe(true);
		await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
		expect(arrivals).toBe(1);
	});
});

describe('comment limits over Socket.io', () => {
	let server: TestServer;
	const sockets: AgoraClientSocket[] = [];
	beforeAll(async () => {
		server = await startTestServer();
	});
	afterEach(() => {
		for (const socket of sockets.splice(0)) socket.disconnect();
	});
	afterAll(() => server.close());

	it('[R6] [R8] [R9] comment:create, comment:edit and comment:upvote each refuse past their allowance, saying when to retry', async () => {
		const amira = await signIn(server.app, 'amira');
		const bruno = await signIn(server.app, 'bruno');
		const idea = await anIdea(server.app, bruno.actor, (await aProject(server.app)).id);
		const socket = await connectClient(server.url, amira.cookie);
		sockets.push(socket);

		const creates = await Promise.all(
			Array.from({ length: LIMITS['comment.add'][0].points + 2 }, (_, n) => emitRaw(socket, 'comment:create', { ideaId: idea.id, body: `Comment ${n}` }))
		);
		expect(creates.filter((ack) => codeOf(ack) === 'rate_limited')).toHaveLength(2);
		const refusal = creates.find((ack) => codeOf(ack) === 'rate_limited') as { error: { message: string; retryAfterSeconds: number } };
		expect(refusal.error).toMatchObject({ retryAfterSeconds: expect.any(Number), message: expect.stringMatching(/minute/) });

		const own = creates.find((ack) => codeOf(ack) === 'ok') as { data: CommentView };
		const edits = await Promise.all(
			Array.from({ length: LIMITS['comment.edit'][0].points + 1 }, (_, n) => emitRaw(socket, 'comment:edit', { commentId: own.data.id, body: `Edit ${n}` }))
		);
		expect(edits.map(codeOf).filter((code) => code !== 'ok')).toEqual(['rate_limited']);

		const target = await server.app.services.comments.add(bruno.actor, { ideaId: idea.id, body: 'Upvote me' });
		const upvotes = await Promise.all(
			Array.from({ length: LIMITS['comment.upvote'][0].points + 1 }, (_, n) => emitRaw(socket, 'comment:upvote', { commentId: target.id, value: n % 2 === 0 }))
		);
		expect(upvotes.map(codeOf).filter((code) => code !== 'ok')).toEqual(['rate_limited']);
		// Garbage is refused by its parse and costs no allowance.
		expect(codeOf(await emitRaw(socket, 'comment:delete', { commentId: 42 }))).toBe('invalid');
		expect(codeOf(await emitRaw(socket, 'comment:delete', { commentId: own.data.id }))).toBe('ok');
	});
});
