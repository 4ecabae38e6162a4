import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app';
import { createTestApp } from '../../../../tests/support/app';
import { aProject } from '../../../../tests/support/builders';

describe('open data downloads', () => {
	let app: App;
	beforeAll(async () => {
		app = await createTestApp();
	});
	afterAll(() => app.close());

	it('[R19] one address downloads at most 30 exports a minute; an unknown project costs nothing', async () => {
		const project = await aProject(app);
		const visitor = { kind: 'guest' as const, address: '203.0.113.19' };
		for (let index = 0; index < 5; index += 1) await expect(app.services.openData.export(visitor, 'no-such-project')).rejects.toMatchObject({ code: 'not_found' });
		for (let index = 0; index < 30; index += 1) await app.services.openData.export(visitor, project.slug);
		await expect(app.services.openData.export(visitor, project.slug)).rejects.toMatchObject({ code: 'rate_limited' });
		await expect(app.services.openData.export({ kind: 'guest', address: '203.0.113.20' }, project.slug)).resolves.toMatchObject({ licence: 'CC-BY-4.0' });
	});
});
