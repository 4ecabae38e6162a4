import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GUEST } from '../../domain/actors';
import type { App } from '../app';
import { CHANGES_MARGIN_MS } from './ideas';
import { CHANGES_SINCE_MAX_AHEAD_MS } from '../../domain/ideas';
import { createTestApp, manualClock, recordEvents } from '../../../../tests/support/app';
import { createIdempotency } from './idempotency';
import { aProject, ideaInput, PLACES } from '../../../../tests/support/builders';
import { signIn } from '../../../../tests/support/personas';

describe('ideas', () => {
	let app: App;
	beforeEach(async () => {
		app = await createTestApp();
	});
	afterEach(() => app.close());

	it('[I4] derives the district from the point and publishes idea.created', async () => {
		const { actor } = await signIn(app, 'amira');
		const project = await aProject(app);
		const events = recordEvents(app);
		const idea = await app.services.ideas.create(actor, ideaInput(project.id, { location: PLACES.grandPlace }));
		expect(idea.district.slug).toBe('brussels-city');
		expect(idea).toMatchObject({ upvotes: 0, downvotes: 0, myVote: null, status: 'proposed', author: { id: actor.userId } });
		expect(events).toEqual([{ type: 'idea.created', projectId: project.id, idea: expect.objectContaining({ id: idea.id }) }]);
		expect(events[0]).not.toHaveProperty('idea.myVote');
	});

	it('[I4] refuses a point outside the city, beside the location field', async () => {
		const { actor } = await signIn(app, 'amira');
		const project = await aProject(app);
		await expect(app.services.ideas.create(actor, ideaInput(project.id, { location: PLACES.antwerp }))).rejects.toMatchObject({
			code: 'invalid',
			fields: { location: { key: 'idea_location_outside', params: { city: 'Brussels' } } }
		});
	});

	it('lists a person\'s ideas anyone may read for their profile, without hidden or withdrawn ones', async () => {
		const { actor } = await signIn(app, 'amira');
		const max = await signIn(app, 'max');
		const project = await aProject(app);
		const first = await app.services.ideas.create(actor, ideaInput(project.id, { title: 'Benches along the canal' }));
		const hidden = await app.services.ideas.create(actor, ideaInput(project.id, { title: 'Posters on every lamp post' }));
		const withdrawn = await app.services.ideas.create(actor, ideaInput(project.id, { title: 'A second skate park' }));
		const latest = await app.services.ideas.create(actor, ideaInput(project.id, { title: 'Water fountains in the park' }));
		await app.services.moderation.hide(max.actor, { targetKind: 'idea', targetId: hidden.id, reason: 'spam' });
		await app.services.ideas.withdraw(actor, { ideaId: withdrawn.id, reason: 'The city already plans one nearby.' });
		const listed = await app.services.ideas.byAuthor(actor.userId);
		expect(listed.map((idea) => idea.id).sort()).toEqual([latest.id, first.id].sort());
		expect(listed.find((idea) => idea.id === latest.id)).toMatchObject({ title: 'Water fountains in the park', status: 'proposed', upvotes: 0, project: { slug: project.slug, title: project.title } });
		await expect(app.services.ideas.byAuthor('../etc')).rejects.toMatchObject({ code: 'invalid' });
	});

	describe('[I6] idempotency keys', () => {
		const key = 'form-4f1b2c3d4e5f6a7b';

		it('a retry with the same key returns the first idea, posts once and publishes once', async () => {
			const { actor } = await signIn(app, 'amira');
			const project = await aProject(app);
			const events = recordEvents(app);
			const first = await app.services.ideas.create(actor, { ...ideaInput(project.id), idempotencyKey: key });
			const retry = await app.services.ideas.create(actor, { ...ideaInput(project.id, { title: 'Edited after the timeout' }), idempotencyKey: key });
			expect(retry).toEqual(first);
			expect(await app.services.ideas.list(actor, project.id)).toHaveLength(1);
			expect(events.filter((event) => event.type === 'idea.created')).toHaveLength(1);
		});

		it('keys are per account, a new key posts again, and a replay costs no write allowance (R4)', async () => {
			const amira = await signIn(app, 'amira');
			const bruno = await signIn(app, 'bruno');
			const project = await aProject(app);
			const mine = await app.services.ideas.create(amira.actor, { ...ideaInput(project.id), idempotencyKey: key });
			const theirs = await app.services.ideas.create(bruno.actor, { ...ideaInput(project.id), idempotencyKey: key });
			expect(theirs.id).not.toBe(mine.id);
			for (let n = 0; n < 4; n++) await app.services.ideas.create(amira.actor, { ...ideaInput(project.id), idempotencyKey: `${key}-${n}` });
			await expect(app.services.ideas.create(amira.actor, { ...ideaInput(project.id), idempotencyKey: `${key}-new` })).rejects.toMatchObject({ code: 'rate_limited' });
			expect((await app.services.ideas.create(amira.actor, { ...ideaInput(project.id), idempotencyKey: key })).id).toBe(mine.id);
		});

		it.each([['too short', 'abc'], ['not URL-safe', 'a key with spaces!!'], ['not a string', 42], ['too long', 'k'.repeat(65)]])(
			'refuses a key that is %s as invalid',
			async (_label, idempotencyKey) => {
				const { actor } = await signIn(app, 'amira');
				const project = await aProject(app);
				await expect(app.services.ideas.create(actor, { ...ideaInput(project.id), idempotencyKey })).rejects.toMatchObject({
					code: 'invalid',
					fields: { idempotencyKey: { key: 'validation_invalid' } }
				});
			}
		);

		it('keys are purged after 24 hours, not before', async () => {
			const clock = manualClock(new Date());
			const idempotency = createIdempotency({ store: app.store, clock });
			const { actor } = await signIn(app, 'amira');
			await app.services.ideas.create(actor, { ...ideaInput((await aProject(app)).id), idempotencyKey: key });
			clock.advance(23 * 3_600_000);
			expect(await idempotency.purge()).toBe(0);
			clock.advance(2 * 3_600_000);
			expect(await idempotency.purge()).toBe(1);
			expect(await app.store.idempotency.find(actor.userId, 'idea.create', key)).toBeUndefined();
		});
	});

	it('[I1] refuses guests', async () => {
		const project = await aProject(app);
		await expect(app.services.ideas.create(GUEST, ideaInput(project.id))).rejects.toMatchObject({ code: 'unauthenticated' });
	});

	it('[I2] refuses closed projects', async () => {
		const { actor } = await signIn(app, 'amira');
		const project = await aProject(app, { status: 'closed' });
		await expect(app.services.ideas.create(actor, ideaInput(project.id))).rejects.toMatchObject({ code: 'forbidden' });
	});

	it('[I3] names each invalid field', async () => {
		const { actor } = await signIn(app, 'amira');
		const project = await aProject(app);
		const error = await app.services.ideas
			.create(actor, { projectId: project.id, title: 'short', body: 'x'.repeat(5001), topic: 'no such', location: { lat: 'x' } })
			.catch((caught: unknown) => caught);
		expect(error).toMatchObject({ code: 'invalid' });
		expect(Object.keys((error as { fields: object }).fields).sort()).toEqual(['body', 'location.lat', 'location.lng', 'title', 'topic']);
	});

	it('[I3] refuses an unknown topic', async () => {
		const { actor } = await signIn(app, 'amira');
		const project = await aProject(app);
		await expect(app.services.ideas.create(actor, ideaInput(project.id, { topic: 'astrology' }))).rejects.toMatchObject({
			code: 'invalid',
			fields: { topic: { key: 'idea_topic_unknown' } }
		});
	});

	it('lists newest first with the viewer’s own vote', async () => {
		const amira = await signIn(app, 'amira');
		const project = await aProject(app);
		const first = await app.services.ideas.create(amira.actor, ideaInput(project.id, { title: 'The first idea here' }));
		const second = await app.services.ideas.create(amira.actor, ideaInput(project.id, { title: 'The second idea here' }));
		await app.services.votes.cast(amira.actor, { ideaId: first.id, value: -1 });
		const mine = await app.services.ideas.list(amira.actor, project.id);
		expect(mine.map((idea) => idea.id)).toEqual([second.id, first.id]);
		expect(mine[1]).toMatchObject({ myVote: -1, downvotes: 1 });
		const asGuest = await app.services.ideas.list(GUEST, project.id);
		expect(asGuest[1]).toMatchObject({ myVote: null, downvotes: 1 });
	});

	it('answers not_found for unknown projects and ideas', async () => {
		await expect(app.services.ideas.list(GUEST, 'nope')).rejects.toMatchObject({ code: 'not_found' });
		await expect(app.services.ideas.get(GUEST, 'nope')).rejects.toMatchObject({ code: 'not_found' });
		await expect(app.services.ideas.list(GUEST, { evil: true })).rejects.toMatchObject({ code: 'invalid' });
	});

	describe('changesSince: the catch-up of a page that was away', () => {
		let clock: ReturnType<typeof manualClock>;
		let timed: App;
		beforeEach(async () => {
			clock = manualClock();
			timed = await createTestApp({}, { clock });
		});
		afterEach(() => timed.close());

		const minutes = (count: number) => clock.advance(count * 60_000);

		it('gives a marker that lies the safety margin before the read', async () => {
			const project = await aProject(timed);
			const { since } = await timed.services.ideas.snapshot(GUEST, { projectId: project.id });
			expect(Date.parse(since)).toBe(clock.now().getTime() - CHANGES_MARGIN_MS);
		});

		it('[V5] returns the ideas created since in full and, for older ideas voted on since, counts with the viewer’s vote', async () => {
			const bruno = await signIn(timed, 'bruno');
			const amira = await signIn(timed, 'amira');
			const project = await aProject(timed);
			const old = await timed.services.ideas.create(bruno.actor, ideaInput(project.id, { title: 'Older idea, voted on later' }));
			const untouched = await timed.services.ideas.create(bruno.actor, ideaInput(project.id, { title: 'Older idea, left alone' }));
			minutes(1);
			const { since, ideas: rendered } = await timed.services.ideas.snapshot(amira.actor, { projectId: project.id });
			expect(rendered.map((idea) => idea.id)).toContain(untouched.id);
			minutes(1);
			await timed.services.votes.cast(amira.actor, { ideaId: old.id, value: 1 });
			await timed.services.comments.add(bruno.actor, { ideaId: old.id, body: 'Still a good idea.' });
			minutes(1);
			const first = await timed.services.ideas.create(bruno.actor, ideaInput(project.id, { title: 'Posted while away, first' }));
			minutes(1);
			const second = await timed.services.ideas.create(bruno.actor, ideaInput(project.id, { title: 'Posted while away, second' }));

			const mine = await timed.services.ideas.changesSince(amira.actor, { projectId: project.id, since });
			expect(mine.ideas.map((idea) => idea.id)).toEqual([second.id, first.id]);
			// The comment moved the counts' version too (V5).
			expect(mine.counts).toEqual([{ ideaId: old.id, upvotes: 1, downvotes: 0, votesVersion: 2, commentCount: 1, myVote: 1 }]);
			expect(Date.parse(mine.since)).toBe(clock.now().getTime() - CHANGES_MARGIN_MS);
			const asGuest = await timed.services.ideas.changesSince(GUEST, { projectId: project.id, since });
			expect(asGuest.counts).toEqual([expect.objectContaining({ ideaId: old.id, myVote: null })]);
		});

		it('[I7] [I9] reports older ideas edited since and ideas withdrawn since, and leaves withdrawn ones out of the rest', async () => {
			const bruno = await signIn(timed, 'bruno');
			const project = await aProject(timed);
			const edited = await timed.services.ideas.create(bruno.actor, ideaInput(project.id, { title: 'Before the edit' }));
			const withdrawn = await timed.services.ideas.create(bruno.actor, ideaInput(project.id, { title: 'Withdrawn while away' }));
			minutes(1);
			const { since } = await timed.services.ideas.snapshot(GUEST, { projectId: project.id });
			minutes(1);
			await timed.services.ideas.edit(bruno.actor, { ideaId: edited.id, title: 'After the edit', body: '<p>A body that says more now.</p>', topic: 'green-spaces' });
			await timed.services.ideas.withdraw(bruno.actor, { ideaId: withdrawn.id, reason: 'Posted twice' });
			const postedAndWithdrawn = await timed.services.ideas.create(bruno.actor, ideaInput(project.id, { title: 'Posted and withdrawn while away' }));
			await timed.services.ideas.withdraw(bruno.actor, { ideaId: postedAndWithdrawn.id, reason: 'Wrong project' });
			const changes = await timed.services.ideas.changesSince(GUEST, { projectId: project.id, since });
			expect(changes.edited).toEqual([{ ideaId: edited.id, title: 'After the edit', bodyText: 'A body that says more now.', topic: expect.objectContaining({ slug: 'green-spaces' }), editedAt: expect.any(String) }]);
			expect([...changes.withdrawn].sort()).toEqual([withdrawn.id, postedAndWithdrawn.id].sort());
			expect(changes.ideas).toEqual([]);
			expect(changes.counts.map((counts) => counts.ideaId)).toEqual([edited.id]);
		});

		it('asked again from the marker it gave, returns nothing once nothing changed', async () => {
			const { actor } = await signIn(timed, 'bruno');
			const project = await aProject(timed);
			await timed.services.ideas.create(actor, ideaInput(project.id));
			minutes(1);
			const { since } = await timed.services.ideas.changesSince(GUEST, { projectId: project.id, since: new Date(0).toISOString() });
			minutes(1);
			expect(await timed.services.ideas.changesSince(GUEST, { projectId: project.id, since })).toMatchObject({ ideas: [], counts: [] });
		});

		it('still returns a vote stamped just before the marker (a write that committed after the read)', async () => {
			const bruno = await signIn(timed, 'bruno');
			const amira = await signIn(timed, 'amira');
			const project = await aProject(timed);
			const idea = await timed.services.ideas.create(bruno.actor, ideaInput(project.id));
			minutes(1);
			clock.advance(-CHANGES_MARGIN_MS / 2);
			await timed.services.votes.cast(amira.actor, { ideaId: idea.id, value: -1 });
			clock.advance(CHANGES_MARGIN_MS / 2);
			const { since } = await timed.services.ideas.snapshot(GUEST, { projectId: project.id });
			const changes = await timed.services.ideas.changesSince(GUEST, { projectId: project.id, since });
			expect(changes.counts).toEqual([expect.objectContaining({ ideaId: idea.id, downvotes: 1, votesVersion: 1 })]);
		});

		it('accepts any ISO form of a time and compares it as the stored form', async () => {
			const { actor } = await signIn(timed, 'bruno');
			const project = await aProject(timed);
			clock.advance(500);
			const idea = await timed.services.ideas.create(actor, ideaInput(project.id));
			// "…:00Z" sorts after "…:00.500Z" as text: unless normalised, the idea would be missed.
			const wholeSecond = idea.createdAt.replace(/\.\d{3}Z$/, 'Z');
			expect(wholeSecond).not.toBe(idea.createdAt);
			const changes = await timed.services.ideas.changesSince(GUEST, { projectId: project.id, since: wholeSecond });
			expect(changes.ideas.map((shown) => shown.id)).toEqual([idea.id]);
		});

		it('refuses garbage: no time, not a time, far in the future, a huge string; unknown projects are not_found', async () => {
			const project = await aProject(timed);
			const ask = (input: unknown) => timed.services.ideas.changesSince(GUEST, input);
			const ahead = new Date(clock.now().getTime() + CHANGES_SINCE_MAX_AHEAD_MS + 1_000).toISOString();
			for (const since of [undefined, null, '', 'yesterday', '2026-13-01T00:00:00Z', 1_700_000_000_000, ahead, '2'.repeat(100_000)]) {
				await expect(ask({ projectId: project.id, since }), String(since).slice(0, 30)).rejects.toMatchObject({ code: 'invalid' });
			}
			await expect(ask({ projectId: project.id, since: new Date(clock.now().getTime() + 60_000).toISOString() })).resolves.toMatchObject({ ideas: [] });
			await expect(ask({ projectId: 'nope', since: clock.now().toISOString() })).rejects.toMatchObject({ code: 'not_found' });
			await expect(ask('garbage')).rejects.toMatchObject({ code: 'invalid' });
		});
	});
});
