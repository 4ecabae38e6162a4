import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postAction } from '../support/http';
import { startTestServer, type TestServer } from '../support/server';

/** Its own file: adapter-node reads ORIGIN once per process, when the handler loads. */
describe('behind https with PUBLIC_ORIGIN', () => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startTestServer({ svelteKit: true, env: { PUBLIC_ORIGIN: 'https://agora.example' } });
	});
	afterAll(() => server.close());

	it('[A4] marks the session cookie Secure and trusts only the public origin for form posts', async () => {
		const signUp = { email: 'dora@test.example', displayName: 'Dora', password: 'tram lines at dawn' };
		const fromPublicOrigin = await postAction(`${server.url}/signup`, signUp, { origin: 'https://agora.example' });
		expect(fromPublicOrigin.result).toMatchObject({ type: 'redirect' });
		expect(fromPublicOrigin.setCookie).toMatch(/;\s*Secure/i);
		const fromElsewhere = await postAction(`${server.url}/signup`, { ...signUp, email: 'eve@test.example' }, { origin: server.url });
		expect(fromElsewhere.status).toBe(403);
	});

	it('sends HSTS on every response, pages, health and Socket.io alike', async () => {
		for (const path of ['/', '/healthz', '/favicon.svg', '/socket.io/?EIO=4&transport=polling', '/no-such-page']) {
			const response = await fetch(`${server.url}${path}`);
			expect(response.headers.get('strict-transport-security'), path).toBe('max-age=31536000');
		}
	});
});
