import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdeaView } from '../../src/lib/domain/ideas';
import { postAction } from '../support/http';
import { aProject, anIdea } from '../support/builders';
import { signIn, type PersonaName, type SignedInPersona } from '../support/personas';
import { startTestServer, type TestServer } from '../support/server';

/** The idea page's comment form actions, for readers without JavaScript (comment-forms.ts), over real HTTP. */
describe('the no-JavaScript comment forms', () => {
	let server: TestServer;
	let idea: IdeaView;
	let ideaUrl: string;
	const people = {} as Record<PersonaName, SignedInPersona>;

	beforeAll(async () => {
		server = await startTestServer({ svelteKit: true, unlimited: true });
		for (const name of ['amira', 'bruno', 'max', 'ada'] as const) people[name] = await signIn(server.app, name);
		const project = await aProject(server.app);
		idea = await anIdea(server.app, people.bruno.actor, project.id);
		ideaUrl = `${server.url}/en/projects/${project.slug}/ideas/${idea.id}`;
	});
	afterAll(() => server.close());

	const post = (action: string, fields: Record<string, string>, who?: PersonaName) =>
		postAction(`${ideaUrl}?/${action}`, fields, who ? { cookie: people[who].cookie } : {});
	const amirasComment = () => server.app.services.comments.add(people.amira.actor, { ideaId: idea.id, body: 'Amira wrote this' });

	it('[C1] [C2] posts a comment and a reply, landing on each', async () => {
		const posted = await post('comment', { body: 'Posted from a plain form' }, 'amira');
		expect(posted.result).toMatchObject({ type: 'redirect', location: expect.stringMatching(new RegExp(`^/en/projects/.+/ideas/${idea.id}#comment-`)) });
		const parentId = posted.result.location!.split('#comment-')[1]!;
		const reply = await post('comment', { body: 'A reply from a plain form', parentId }, 'bruno');
		expect(reply.result.type).toBe('redirect');
		const { entries } = await server.app.services.comments.thread(people.amira.actor, { ideaId: idea.id });
		expect(entries.find((entry) => entry.id === parentId)?.replies.map((entry) => entry.body)).toEqual(['A reply from a plain form']);
	});

	it('[C1] asks guests to sign in, and keeps what they typed', async () => {
		const { status, result } = await post('comment', { body: 'From a guest' });
		expect(status).toBe(401);
		expect(result.data).toMatchObject({ code: 'unauthenticated', message: 'Sign in to comment.', commentForm: 'new', body: 'From a guest' });
	});

	it('[C3] [C4] edits and deletes for the comment’s author only', async () => {
		const comment = await amirasComment();
		for (const who of ['bruno', 'max', 'ada'] as const) {
			expect((await post('commentEdit', { commentId: comment.id, body: `Rewritten by ${who}` }, who)).status).toBe(403);
			expect((await post('commentDelete', { commentId: comment.id }, who)).status).toBe(403);
		}
		expect((await post('commentEdit', { commentId: comment.id, body: 'Rewritten' })).status).toBe(401);
		const edited = await post('commentEdit', { commentId: comment.id, body: 'Rewritten by Amira' }, 'amira');
		expect(edited.result).toMatchObject({ type: 'redirect', location: expect.stringContaining(`#comment-${comment.id}`) });
		expect((await post('commentDelete', { commentId: comment.id }, 'amira')).result.type).toBe('redirect');
		expect(await server.app.services.comments.history({ commentId: comment.id })).toEqual([]);
	});

	it('[C5] upvotes and takes back, never one’s own', async () => {
		const comment = await amirasComment();
		expect((await post('commentUpvote', { commentId: comment.id, value: 'true' }, 'amira')).status).toBe(403);
		expect((await post('commentUpvote', { commentId: comment.id, value: 'true' })).status).toBe(401);
		for (const who of ['bruno', 'max', 'ada'] as const) expect((await post('commentUpvote', { commentId: comment.id, value: 'true' }, who)).result.type).toBe('redirect');
		await post('commentUpvote', { commentId: comment.id, value: 'false' }, 'ada');
		const { entries } = await server.app.services.comments.thread(people.bruno.actor, { ideaId: idea.id });
		expect(entries.find((entry) => entry.id === comment.id)).toMatchObject({ upvotes: 2, myUpvote: true });
	});

	it.each([
		['comment', {}],
		['comment', { body: '\u0000 NUL' }],
		['comment', { body: 'x'.repeat(100_000) }],
		['comment', { body: 'A fine reply', parentId: '../../etc/passwd' }],
		['comment', { body: 'A fine comment', idempotencyKey: 'short' }],
		['commentEdit', {}],
		['commentEdit', { commentId: 'x'.repeat(10_000), body: 'Fine words' }],
		['commentDelete', { commentId: '' }],
		['commentUpvote', { commentId: 'abc', value: 'sideways' }],
		['commentUpvote', {}]
	])('%s with garbage %j answers 400 invalid and changes nothing', async (action, fields) => {
		const before = await server.app.services.comments.list(idea.id);
		const { status, result } = await post(action, fields as Record<string, string>, 'amira');
		expect(status).toBe(400);
		expect(result.data).toMatchObject({ code: 'invalid', commentForm: expect.any(String) });
		expect(await server.app.services.comments.list(idea.id)).toEqual(before);
	});

	it('answers 404 for a comment that does not exist, and for a reply to one', async () => {
		expect((await post('commentDelete', { commentId: 'missing' }, 'amira')).status).toBe(404);
		expect((await post('comment', { body: 'Into the void', parentId: 'missing' }, 'amira')).status).toBe(404);
	});

	it('renders the thread in the page, and an unknown sort or a bad cursor in the address safely', async () => {
		const html = await (await fetch(`${ideaUrl}?comments=upvoted`)).text();
		expect(html).toContain('id="comments-heading"');
		expect(html).toContain('Posted from a plain form');
		expect((await fetch(`${ideaUrl}?comments=loudest`)).status).toBe(200);
		expect((await fetch(`${ideaUrl}?after=${'x'.repeat(5_000)}`)).status).toBe(400);
	});
});
