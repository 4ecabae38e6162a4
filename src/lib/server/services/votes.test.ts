import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GUEST } from '../../domain/actors';
import type { App } from '../app';
import { createTestApp, recordEvents } from '../../../../tests/support/app';
import { aProject, anIdea } from '../../../../tests/support/builders';
import { signIn, signInCitizen } from '../../../../tests/support/personas';

describe('votes', () => {
	let app: App;
	beforeEach(async () => {
		app = await createTestApp();
	});
	afterEach(() => app.close());

	async function anIdeaByBruno() {
		const bruno = await signIn(app, 'bruno');
		const project = await aProject(app);
		return anIdea(app, bruno.actor, project.id);
	}

	it('[V2] casting the same value twice counts once; the other value switches', async () => {
		const idea = await anIdeaByBruno();
		const { actor } = await signIn(app, 'amira');
		const events = recordEvents(app);
		expect(await app.services.votes.cast(actor, { ideaId: idea.id, value: 1 })).toMatchObject({ upvotes: 1, downvotes: 0, myVote: 1 });
		expect(await app.services.votes.cast(actor, { ideaId: idea.id, value: 1 })).toMatchObject({ upvotes: 1, downvotes: 0 });
		expect(await app.services.votes.cast(actor, { ideaId: idea.id, value: -1 })).toMatchObject({ upvotes: 0, downvotes: 1, myVote: -1 });
		expect(events.filter((event) => event.type === 'idea.counted')).toHaveLength(2);
	});

	it('[V3] withdrawing removes the vote, and withdrawing again is harmless', async () => {
		const idea = await anIdeaByBruno();
		const { actor } = await signIn(app, 'amira');
		await app.services.votes.cast(actor, { ideaId: idea.id, value: -1 });
		expect(await app.services.votes.withdraw(actor, { ideaId: idea.id })).toMatchObject({ upvotes: 0, downvotes: 0, myVote: null });
		expect(await app.services.votes.withdraw(actor, { ideaId: idea.id })).toMatchObject({ upvotes: 0, downvotes: 0, myVote: null });
	});

	it('[V2][V5] a vote that changes nothing keeps the version, so a version gap always means a missed change', async () => {
		const idea = await anIdeaByBruno();
		const { actor } = await signIn(app, 'amira');
		const events = recordEvents(app);
		expect(await app.services.votes.cast(actor, { ideaId: idea.id, value: 1 })).toMatchObject({ votesVersion: 1, myVote: 1 });
		expect(await app.services.votes.cast(actor, { ideaId: idea.id, value: 1 })).toEqual({ ideaId: idea.id, upvotes: 1, downvotes: 0, commentCount: 0, votesVersion: 1, myVote: 1 });
		expect(await app.services.votes.withdraw(actor, { ideaId: idea.id })).toMatchObject({ votesVersion: 2, myVote: null });
		expect(await app.services.votes.withdraw(actor, { ideaId: idea.id })).toEqual({ ideaId: idea.id, upvotes: 0, downvotes: 0, commentCount: 0, votesVersion: 2, myVote: null });
		expect(await app.services.ideas.get(GUEST, idea.id)).toMatchObject({ votesVersion: 2 });
		expect(events.map((event) => event.type)).toEqual(['idea.counted', 'vote.recorded', 'idea.counted', 'vote.recorded']);
	});

	it('[V5] vote.recorded carries the version its change produced', async () => {
		const idea = await anIdeaByBruno();
		const { actor } = await signIn(app, 'amira');
		const events = recordEvents(app);
		await app.services.votes.cast(actor, { ideaId: idea.id, value: -1 });
		await app.services.votes.cast(actor, { ideaId: idea.id, value: 1 });
		expect(events.filter((event) => event.type === 'vote.recorded')).toMatchObject([
			{ value: -1, votesVersion: 1 },
			{ value: 1, votesVersion: 2 }
		]);
	});

	it('[V5] standings read counts, versions and one voter’s own votes together, for sending again after an outage', async () => {
		const idea = await anIdeaByBruno();
		const other = await anIdeaByBruno();
		const amira = await signIn(app, 'amira');
		const bruno = await signIn(app, 'bruno');
		await app.services.votes.cast(amira.actor, { ideaId: idea.id, value: -1 });
		await app.services.votes.cast(bruno.actor, { ideaId: idea.id, value: 1 });
		const standings = await app.services.votes.standings([idea.id, other.id, 'missing'], amira.actor.userId);
		expect(standings.sort((a, b) => a.votesVersion - b.votesVersion)).toEqual([
			{ ideaId: other.id, projectId: other.projectId, upvotes: 0, downvotes: 0, commentCount: 0, votesVersion: 0, myVote: null },
			{ ideaId: idea.id, projectId: idea.projectId, upvotes: 1, downvotes: 1, commentCount: 0, votesVersion: 2, myVote: -1 }
		]);
		expect(await app.services.votes.standings([idea.id])).toMatchObject([{ myVote: null }]);
		expect(await app.services.votes.standings([])).toEqual([]);
	});

	it('[V1] 50 simultaneous casts from one citizen leave exactly one vote', async () => {
		const idea = await anIdeaByBruno();
		const { actor } = await signIn(app, 'amira');
		await Promise.all(Array.from({ length: 50 }, (_, i) => app.services.votes.cast(actor, { ideaId: idea.id, value: i % 2 === 0 ? 1 : -1 })));
		const tally = await app.store.votes.count(idea.id);
		expect(tally.upvotes + tally.downvotes).toBe(1);
		expect(await app.services.ideas.get(GUEST, idea.id)).toMatchObject(tally);
	});

	it('[V1] 50 citizens voting at once are all counted', async () => {
		const idea = await anIdeaByBruno();
		const citizens = await Promise.all(Array.from({ length: 50 }, (_, i) => signInCitizen(app, i)));
		await Promise.all(citizens.map(({ actor }) => app.services.votes.cast(actor, { ideaId: idea.id, value: 1 })));
		expect(await app.services.ideas.get(GUEST, idea.id)).toMatchObject({ upvotes: 50, downvotes: 0 });
	});

	it('[V4] refuses guests, unknown ideas and closed projects', async () => {
		const idea = await anIdeaByBruno();
		const { actor } = await signIn(app, 'amira');
		await expect(app.services.votes.cast(GUEST, { ideaId: idea.id, value: 1 })).rejects.toMatchObject({ code: 'unauthenticated' });
		await expect(app.services.votes.cast(actor, { ideaId: 'missing', value: 1 })).rejects.toMatchObject({ code: 'not_found' });
		const closed = await aProject(app, { status: 'closed' });
		await app.store.ideas.insert({
			id: 'in-closed-project', projectId: closed.id, authorId: actor.userId, title: 'Old idea', body: 'From before the project closed.', bodyText: 'From before the project closed.',
			topicId: (await app.services.city.get()).topics[0]!.id, districtId: (await app.services.city.get()).districts[0]!.id,
			lat: 50.85, lng: 4.35, locationApproximate: false, language: 'en', status: 'proposed', createdAt: new Date().toISOString()
		});
		await expect(app.services.votes.cast(actor, { ideaId: 'in-closed-project', value: 1 })).rejects.toMatchObject({ code: 'forbidden' });
	});
});
