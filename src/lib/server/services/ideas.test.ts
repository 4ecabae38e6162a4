import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GUEST } from '../../domain/actors';
import type { App } from '../app';
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
			fields: { location: 'Choose a place inside Brussels.' }
		});
	});

	describe('[I5] idempotency keys', () => {
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
					fields: { idempotencyKey: expect.any(String) }
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
			fields: { topic: 'Choose one of the topics.' }
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
});
