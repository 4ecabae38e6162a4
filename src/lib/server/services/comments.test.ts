import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../../domain/limits';
import type { App } from '../app';
import { createTestApp } from '../../../../tests/support/app';
import { aProject, anIdea } from '../../../../tests/support/builders';
import { signIn } from '../../../../tests/support/personas';

describe('comments', () => {
	let app: App;
	beforeEach(async () => {
		app = await createTestApp();
	});
	afterEach(() => app.close());

	it('[R6] one account comments at most 10 times a minute, whichever transport; another account is not held back', async () => {
		const amira = await signIn(app, 'amira');
		const bruno = await signIn(app, 'bruno');
		const idea = await anIdea(app, bruno.actor, (await aProject(app)).id);
		const perMinute = LIMITS['comment.add'][0].points;
		const attempts = await Promise.allSettled(
			Array.from({ length: perMinute + 3 }, (_, n) => app.services.comments.add({ ...amira.actor, address: '203.0.113.4' }, { ideaId: idea.id, body: `Comment ${n}` }))
		);
		expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(perMinute);
		const refusal = attempts.find((attempt) => attempt.status === 'rejected') as PromiseRejectedResult;
		expect(refusal.reason).toMatchObject({ code: 'rate_limited', retryAfterSeconds: expect.any(Number) });
		expect(await app.services.comments.list(idea.id)).toHaveLength(perMinute);
		await expect(app.services.comments.add(bruno.actor, { ideaId: idea.id, body: 'Still welcome' })).resolves.toMatchObject({ body: 'Still welcome' });
		await expect(app.services.comments.add(amira.actor, { ideaId: idea.id, body: '' })).rejects.toMatchObject({ code: 'invalid' });
	});
});
