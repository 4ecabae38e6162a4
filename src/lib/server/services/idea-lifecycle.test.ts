import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GUEST } from '../../domain/actors';
import { DEFAULT_EDIT_WINDOW_MINUTES } from '../../domain/projects';
import type { App } from '../app';
import { createTestApp, manualClock, recordEvents, withoutListeners } from '../../../../tests/support/app';
import { aProject, anIdea } from '../../../../tests/support/builders';
import { signIn, type PersonaName } from '../../../../tests/support/personas';

const RICH_BODY = '<p>Shade is <strong>scarce</strong>:</p><ul><li>plant trees</li><li>add benches</li></ul><p><a href="https://example.org">a study</a></p>';
const edit = (ideaId: string, overrides: Record<string, unknown> = {}) => ({
	ideaId,
	title: 'Plant lime trees along the square',
	body: '<p>Lime trees give shade <em>and</em> smell good in June.</p>',
	topic: 'green-spaces',
	...overrides
});

describe('idea lifecycle', () => {
	let app: App;
	let clock: ReturnType<typeof manualClock>;
	beforeEach(async () => {
		clock = manualClock(new Date());
		app = await createTestApp({}, { clock });
	});
	afterEach(() => app.close());

	const actorOf = async (name: PersonaName) => (await signIn(app, name)).actor;

	describe('rich bodies', () => {
		it('[I3] stores sanitized HTML and its plain text; the text is what the length rules measure', async () => {
			const amira = await actorOf('amira');
			const project = await aProject(app);
			const idea = await anIdea(app, amira, project.id, { body: `${RICH_BODY}<script>alert(1)</script><img src=x onerror=alert(1)>` });
			expect(idea.body).toBe(RICH_BODY.replace('href="https://example.org"', 'href="https://example.org" rel="nofollow ugc noopener"'));
			expect(idea.bodyText).toBe('Shade is scarce:\nplant trees\nadd benches\na study');
			await expect(anIdea(app, amira, project.id, { body: `<p><strong>${'x'.repeat(10)}</strong></p>${'<p></p>'.repeat(100)}` })).rejects.toMatchObject({
				code: 'invalid',
				fields: { body: { key: 'validation_too_short', params: { min: 20 } } }
			});
		});

		it('[I3] plain text is accepted and becomes paragraphs', async () => {
			const idea = await anIdea(app, await actorOf('amira'), (await aProject(app)).id, { body: 'A first paragraph that is long enough.\n\nAnd a <second> one.' });
			expect(idea.body).toBe('<p>A first paragraph that is long enough.</p><p>And a &lt;second&gt; one.</p>');
		});

		it('[I3] refuses markup beyond the size cap before sanitizing it', async () => {
			const project = await aProject(app);
			await expect(anIdea(app, await actorOf('amira'), project.id, { body: `<p>${'<em>x</em>'.repeat(5000)}</p>` })).rejects.toMatchObject({
				code: 'invalid',
				fields: { body: { key: 'validation_too_long' } }
			});
		});
	});

	describe('[I7] author edits', () => {
		it('the author edits within the window; the previous version is kept (I8) and idea.edited is published', async () => {
			const amira = await actorOf('amira');
			const idea = await anIdea(app, amira, (await aProject(app)).id, { body: RICH_BODY });
			const events = recordEvents(app, withoutListeners);
			clock.advance(10 * 60_000);
			const edited = await app.services.ideas.edit(amira, edit(idea.id));
			expect(edited).toMatchObject({ title: 'Plant lime trees along the square', body: '<p>Lime trees give shade <em>and</em> smell good in June.</p>', editedAt: clock.now().toISOString() });
			expect(events).toEqual([
				expect.objectContaining({ type: 'idea.edited', ideaId: idea.id, projectId: idea.projectId, title: edited.title, bodyText: 'Lime trees give shade and smell good in June.' })
			]);
			const page = await app.services.ideas.page(GUEST, idea.id);
			expect(page.revisions).toEqual([
				expect.objectContaining({ title: idea.title, body: idea.body, writtenAt: idea.createdAt, replacedBy: expect.objectContaining({ id: amira.userId }) })
			]);
		});

		it('a second edit keeps both earlier versions, newest first', async () => {
			const amira = await actorOf('amira');
			const idea = await anIdea(app, amira, (await aProject(app)).id);
			clock.advance(60_000);
			await app.services.ideas.edit(amira, edit(idea.id));
			clock.advance(60_000);
			await app.services.ideas.edit(amira, edit(idea.id, { title: 'Plant oaks along the square' }));
			const { revisions } = await app.services.ideas.page(GUEST, idea.id);
			expect(revisions.map((revision) => revision.title)).toEqual(['Plant lime trees along the square', idea.title]);
		});

		it('an edit that changes nothing stores nothing and publishes nothing', async () => {
			const amira = await actorOf('amira');
			const idea = await anIdea(app, amira, (await aProject(app)).id);
			const events = recordEvents(app, withoutListeners);
			await app.services.ideas.edit(amira, { ideaId: idea.id, title: idea.title, body: idea.body, topic: idea.topic.slug });
			expect(events).toEqual([]);
			expect((await app.services.ideas.page(GUEST, idea.id)).revisions).toEqual([]);
		});

		it('after the project’s window the author may no longer edit', async () => {
			const amira = await actorOf('amira');
			const idea = await anIdea(app, amira, (await aProject(app)).id);
			clock.advance(DEFAULT_EDIT_WINDOW_MINUTES * 60_000);
			await expect(app.services.ideas.edit(amira, edit(idea.id))).rejects.toMatchObject({
				code: 'forbidden',
				key: 'idea_edit_window_closed',
				params: { minutes: DEFAULT_EDIT_WINDOW_MINUTES }
			});
			expect((await app.services.ideas.page(amira, idea.id)).rights.edit).toBe(false);
		});

		it.each([
			['a guest', null, 'unauthenticated'],
			['another citizen', 'bruno', 'forbidden'],
			['a moderator', 'max', 'forbidden'],
			['an admin', 'ada', 'forbidden']
		] as const)('%s may not edit someone’s idea', async (_label, who, code) => {
			const idea = await anIdea(app, await actorOf('amira'), (await aProject(app)).id);
			const actor = who ? await actorOf(who) : GUEST;
			await expect(app.services.ideas.edit(actor, edit(idea.id))).rejects.toMatchObject({ code });
		});

		it('refuses an unknown topic, an unknown idea and bad fields', async () => {
			const amira = await actorOf('amira');
			const idea = await anIdea(app, amira, (await aProject(app)).id);
			await expect(app.services.ideas.edit(amira, edit(idea.id, { topic: 'nope' }))).rejects.toMatchObject({ fields: { topic: { key: 'idea_topic_unknown' } } });
			await expect(app.services.ideas.edit(amira, edit('missing'))).rejects.toMatchObject({ code: 'not_found' });
			await expect(app.services.ideas.edit(amira, edit(idea.id, { title: 'x', body: '<p>short</p>' }))).rejects.toMatchObject({
				code: 'invalid',
				fields: { title: { key: 'validation_too_short' }, body: { key: 'validation_too_short' } }
			});
		});

		it('[R11] at most 10 edits a minute per account', async () => {
			const amira = await actorOf('amira');
			const idea = await anIdea(app, amira, (await aProject(app)).id);
			for (let n = 0; n < 10; n++) await app.services.ideas.edit(amira, edit(idea.id, { title: `Plant lime trees, take ${n}` }));
			await expect(app.services.ideas.edit(amira, edit(idea.id, { title: 'One edit too many' }))).rejects.toMatchObject({ code: 'rate_limited' });
		});
	});

	describe('[I9] withdrawing', () => {
		const reason = { reason: 'The city already plans this.' };

		it.each([
			['the author', 'amira'],
			['a moderator', 'max'],
			['an admin', 'ada']
		] as const)('%s withdraws with a reason; the idea leaves the list, keeps its page and takes no votes or edits', async (_label, who) => {
			const amira = await actorOf('amira');
			const project = await aProject(app);
			const idea = await anIdea(app, amira, project.id);
			const events = recordEvents(app, withoutListeners);
			const withdrawn = await app.services.ideas.withdraw(await actorOf(who), { ideaId: idea.id, ...reason });
			expect(withdrawn.withdrawn).toEqual({ at: clock.now().toISOString(), reason: reason.reason, byAuthor: who === 'amira' });
			expect(events).toEqual([{ type: 'idea.withdrawn', projectId: project.id, ideaId: idea.id, withdrawn: withdrawn.withdrawn }]);
			expect(await app.services.ideas.list(GUEST, project.id)).toEqual([]);
			expect((await app.services.ideas.get(GUEST, idea.id)).withdrawn?.reason).toBe(reason.reason);
			await expect(app.services.votes.cast(await actorOf('bruno'), { ideaId: idea.id, value: 1 })).rejects.toMatchObject({ code: 'conflict', key: 'idea_withdrawn' });
			await expect(app.services.ideas.edit(amira, edit(idea.id))).rejects.toMatchObject({ code: 'conflict', key: 'idea_withdrawn' });
			await expect(app.services.ideas.withdraw(amira, { ideaId: idea.id, ...reason })).rejects.toMatchObject({ code: 'conflict' });
		});

		it.each([
			['a guest', null, 'unauthenticated'],
			['another citizen', 'bruno', 'forbidden'],
			['a facilitator', 'fatou', 'forbidden']
		] as const)('%s may not withdraw someone’s idea', async (_label, who, code) => {
			const idea = await anIdea(app, await actorOf('amira'), (await aProject(app)).id);
			await expect(app.services.ideas.withdraw(who ? await actorOf(who) : GUEST, { ideaId: idea.id, ...reason })).rejects.toMatchObject({ code });
		});

		it('needs a reason of 5–500 characters', async () => {
			const amira = await actorOf('amira');
			const idea = await anIdea(app, amira, (await aProject(app)).id);
			for (const bad of [undefined, '', 'no', 'x'.repeat(501)]) {
				await expect(app.services.ideas.withdraw(amira, { ideaId: idea.id, reason: bad })).rejects.toMatchObject({ code: 'invalid', fields: { reason: expect.anything() } });
			}
		});
	});

	describe('[I10] duplicates', () => {
		async function twoIdeas() {
			const amira = await actorOf('amira');
			const bruno = await actorOf('bruno');
			const project = await aProject(app);
			const original = await anIdea(app, amira, project.id);
			const duplicate = await anIdea(app, bruno, project.id, { title: 'More trees on the square please' });
			return { amira, bruno, project, original, duplicate };
		}

		it('a moderator marks a duplicate; both pages link; the original shows the duplicate’s upvotes (I11); the duplicate takes no votes (I12)', async () => {
			const { amira, bruno, project, original, duplicate } = await twoIdeas();
			await app.services.votes.cast(amira, { ideaId: duplicate.id, value: 1 });
			await app.services.votes.cast(bruno, { ideaId: duplicate.id, value: 1 });
			const events = recordEvents(app, withoutListeners);
			const marked = await app.services.ideas.markDuplicate(await actorOf('max'), { ideaId: duplicate.id, duplicateOf: original.id });
			expect(marked.duplicateOf).toBe(original.id);
			expect(events).toEqual([{ type: 'idea.duplicateChanged', projectId: project.id, ideaId: duplicate.id, duplicateOf: original.id, original: original.id, originalDuplicateUpvotes: 2 }]);
			const originalPage = await app.services.ideas.page(GUEST, original.id);
			expect(originalPage).toMatchObject({ duplicateUpvotes: 2, duplicates: [{ id: duplicate.id, title: duplicate.title, upvotes: 2 }] });
			expect((await app.services.ideas.page(GUEST, duplicate.id)).original).toEqual({ id: original.id, title: original.title, language: 'en' });
			await expect(app.services.votes.withdraw(amira, { ideaId: duplicate.id })).rejects.toMatchObject({ code: 'conflict', key: 'idea_is_duplicate' });
			await expect(app.services.ideas.edit(bruno, edit(duplicate.id))).rejects.toMatchObject({ key: 'idea_is_duplicate' });
		});

		it('undoing the mark lets the idea take votes again', async () => {
			const { amira, original, duplicate } = await twoIdeas();
			const ada = await actorOf('ada');
			await app.services.ideas.markDuplicate(ada, { ideaId: duplicate.id, duplicateOf: original.id });
			const events = recordEvents(app, withoutListeners);
			expect((await app.services.ideas.unmarkDuplicate(ada, { ideaId: duplicate.id })).duplicateOf).toBeNull();
			expect(events).toEqual([expect.objectContaining({ type: 'idea.duplicateChanged', duplicateOf: null, original: original.id, originalDuplicateUpvotes: 0 })]);
			await expect(app.services.votes.cast(amira, { ideaId: duplicate.id, value: 1 })).resolves.toMatchObject({ upvotes: 1 });
			await expect(app.services.ideas.unmarkDuplicate(ada, { ideaId: duplicate.id })).rejects.toMatchObject({ code: 'conflict', key: 'idea_not_duplicate' });
		});

		it('refuses itself, another project’s idea, a duplicate as original, and an original with duplicates of its own', async () => {
			const { amira, original, duplicate } = await twoIdeas();
			const max = await actorOf('max');
			const third = await anIdea(app, amira, original.projectId, { title: 'Shade for the tram stop' });
			const elsewhere = await anIdea(app, amira, (await aProject(app)).id);
			await expect(app.services.ideas.markDuplicate(max, { ideaId: duplicate.id, duplicateOf: duplicate.id })).rejects.toMatchObject({ key: 'idea_duplicate_self' });
			await expect(app.services.ideas.markDuplicate(max, { ideaId: duplicate.id, duplicateOf: elsewhere.id })).rejects.toMatchObject({ key: 'idea_duplicate_other_project' });
			await app.services.ideas.markDuplicate(max, { ideaId: duplicate.id, duplicateOf: original.id });
			await expect(app.services.ideas.markDuplicate(max, { ideaId: third.id, duplicateOf: duplicate.id })).rejects.toMatchObject({ key: 'idea_duplicate_of_duplicate' });
			await expect(app.services.ideas.markDuplicate(max, { ideaId: original.id, duplicateOf: third.id })).rejects.toMatchObject({ key: 'idea_duplicate_has_duplicates' });
			await expect(app.services.ideas.markDuplicate(max, { ideaId: duplicate.id, duplicateOf: 'missing' })).rejects.toMatchObject({ code: 'not_found' });
		});

		it.each([
			['a guest', null, 'unauthenticated'],
			['the author', 'bruno', 'forbidden'],
			['a citizen', 'amira', 'forbidden'],
			['a facilitator', 'fatou', 'forbidden']
		] as const)('%s may not mark or unmark duplicates', async (_label, who, code) => {
			const { original, duplicate } = await twoIdeas();
			const actor = who ? await actorOf(who) : GUEST;
			await expect(app.services.ideas.markDuplicate(actor, { ideaId: duplicate.id, duplicateOf: original.id })).rejects.toMatchObject({ code });
			await expect(app.services.ideas.unmarkDuplicate(actor, { ideaId: duplicate.id })).rejects.toMatchObject({ code });
		});

		it('withdrawing a duplicate takes its upvotes off its original (I11)', async () => {
			const { amira, bruno, original, duplicate } = await twoIdeas();
			await app.services.votes.cast(amira, { ideaId: duplicate.id, value: 1 });
			await app.services.ideas.markDuplicate(await actorOf('max'), { ideaId: duplicate.id, duplicateOf: original.id });
			const events = recordEvents(app, withoutListeners);
			await app.services.ideas.withdraw(bruno, { ideaId: duplicate.id, reason: 'Same as the other one.' });
			expect(events.map((event) => event.type)).toEqual(['idea.withdrawn', 'idea.duplicateChanged']);
			expect((await app.services.ideas.page(GUEST, original.id)).duplicateUpvotes).toBe(0);
		});
	});

	it('[I7] [I9] [I10] the page says what the actor may do', async () => {
		const amira = await actorOf('amira');
		const idea = await anIdea(app, amira, (await aProject(app)).id);
		expect((await app.services.ideas.page(GUEST, idea.id)).rights).toEqual({ edit: false, withdraw: false, markDuplicate: false });
		expect((await app.services.ideas.page(amira, idea.id)).rights).toEqual({ edit: true, withdraw: true, markDuplicate: false });
		expect((await app.services.ideas.page(await actorOf('bruno'), idea.id)).rights).toEqual({ edit: false, withdraw: false, markDuplicate: false });
		expect((await app.services.ideas.page(await actorOf('max'), idea.id)).rights).toEqual({ edit: false, withdraw: true, markDuplicate: true });
	});
});
