import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUEST } from '../../src/lib/domain/actors';
import type { App } from '../../src/lib/server/app';
import { DEMO_PASSWORD, DEMO_PROJECT_SLUG, seedDemo } from '../../src/lib/server/demo/seed';
import { UNLIMITED } from '../../src/lib/server/rate-limits';
import { createTestApp } from '../support/app';

describe('the demo city', () => {
	let app: App;
	beforeAll(async () => {
		// As `npm run seed:demo` does: the seed writes far past R4–R6 from a few dozen accounts.
		app = await createTestApp({}, { limits: UNLIMITED });
		await seedDemo(app);
	}, 120_000);
	afterAll(() => app.close());

	it('has Brussels’ 19 districts, marked approximate, one open project and at least 300 ideas over every district and topic', async () => {
		const city = await app.services.city.get();
		expect(city.districts).toHaveLength(19);
		expect(city.districtsApproximate).toBe(true);
		const project = await app.services.projects.getBySlug(DEMO_PROJECT_SLUG);
		expect(project.status).toBe('open');
		const ideas = await app.services.ideas.list(GUEST, project.id);
		expect(ideas.length).toBeGreaterThanOrEqual(300);
		expect(new Set(ideas.map((idea) => idea.district.slug)).size).toBe(19);
		expect(new Set(ideas.map((idea) => idea.topic.slug)).size).toBe(city.topics.length);
		expect(ideas.some((idea) => idea.upvotes > 0) && ideas.some((idea) => idea.commentCount > 0)).toBe(true);
		// [L1] some are written in French and Dutch, and say so.
		expect(new Set(ideas.map((idea) => idea.language))).toEqual(new Set(['en', 'fr', 'nl']));
	});

	it('keeps every cached tally equal to the votes themselves', async () => {
		const project = await app.services.projects.getBySlug(DEMO_PROJECT_SLUG);
		for (const idea of await app.services.ideas.list(GUEST, project.id)) {
			expect({ upvotes: idea.upvotes, downvotes: idea.downvotes }).toEqual(await app.store.votes.count(idea.id));
		}
	});

	it('[C2] threads its comments: some are replies, and every idea’s count matches its comments', async () => {
		const project = await app.services.projects.getBySlug(DEMO_PROJECT_SLUG);
		let replies = 0;
		for (const idea of await app.services.ideas.list(GUEST, project.id)) {
			const { entries } = await app.services.comments.thread(GUEST, { ideaId: idea.id });
			const shown = entries.length + entries.reduce((sum, entry) => sum + entry.replies.length, 0);
			expect(shown).toBe(idea.commentCount);
			replies += entries.reduce((sum, entry) => sum + entry.replies.length, 0);
		}
		expect(replies).toBeGreaterThan(50);
	});

	it('lets every staff role and a citizen sign in with the printed password', async () => {
		for (const [email, role] of [
			['admin@agora.example', 'admin'],
			['moderator@agora.example', 'moderator'],
			['facilitator@agora.example', 'facilitator'],
			['amelie.dubois@agora.example', 'citizen']
		] as const) {
			const { account } = await app.services.accounts.signIn({ email, password: DEMO_PASSWORD });
			expect(account.role).toBe(role);
		}
	});

	it('adds nothing when seeded again', async () => {
		const project = await app.services.projects.getBySlug(DEMO_PROJECT_SLUG);
		const before = await app.services.ideas.list(GUEST, project.id);
		const summary = await seedDemo(app);
		expect(summary.seededIdeas).toBe(0);
		expect(await app.services.projects.list()).toHaveLength(1);
		expect(await app.services.ideas.list(GUEST, project.id)).toEqual(before);
	});
});
