import { describe, expect, it } from 'vitest';
import { startTestServer } from '../support/server';

describe('/healthz', () => {
	it('answers 503 and names the store when the database stops answering', async () => {
		const server = await startTestServer();
		try {
			expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
			await server.app.store.close();
			const response = await fetch(`${server.url}/healthz`);
			expect(response.status).toBe(503);
			expect(await response.json()).toEqual({ status: 'unavailable', store: { ok: false, dialect: 'sqlite' }, redis: null });
		} finally {
			await server.close();
		}
	});
});
