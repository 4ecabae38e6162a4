import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectSocket } from 'socket.io-client';
import { aProject } from '../support/builders';
import { startTestServer, type TestServer } from '../support/server';

const EVERY_RESPONSE = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'strict-origin-when-cross-origin',
	'x-frame-options': 'DENY',
	'cross-origin-opener-policy': 'same-origin',
	'permissions-policy': expect.stringContaining('geolocation=(self)')
};

function headersOf(response: Response): Record<string, string> {
	return Object.fromEntries(response.headers.entries());
}

describe('security headers and the CSP (production build)', () => {
	let server: TestServer;

	beforeAll(async () => {
		server = await startTestServer({ svelteKit: true, env: { MAP_TILE_URL: 'https://{s}.tiles.example/{z}/{x}/{y}.png' } });
		await aProject(server.app, { slug: 'headers' });
	});
	afterAll(() => server.close());

	it('sets them on every kind of response', async () => {
		const asset = `/_app/immutable/entry/${readdirSync('build/client/_app/immutable/entry').find((file) => file.endsWith('.js'))}`;
		const kinds: Record<string, string> = {
			page: '/projects/headers',
			health: '/healthz',
			'static file': '/favicon.svg',
			'built asset': asset,
			'JSON API 404': '/api/projects/nope/ideas',
			'page 404': '/no/such/page',
			'Socket.io polling handshake': '/socket.io/?EIO=4&transport=polling',
			'Socket.io error': '/socket.io/?EIO=1&transport=nothing'
		};
		for (const [kind, path] of Object.entries(kinds)) {
			const response = await fetch(`${server.url}${path}`);
			expect(headersOf(response), `${kind} ${path} (${response.status})`).toMatchObject(EVERY_RESPONSE);
			expect(response.headers.get('strict-transport-security'), kind).toBeNull();
		}
	});

	it('gives pages a CSP with a nonce for scripts, no plugins, no framing, and the configured tile host for images', async () => {
		const response = await fetch(`${server.url}/projects/headers`);
		const csp = response.headers.get('content-security-policy') ?? '';
		const directives = new Map(csp.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
		expect(directives.get('script-src')).toEqual(expect.arrayContaining(["'self'", expect.stringMatching(/^'nonce-/)]));
		expect(directives.get('script-src')).not.toContain("'unsafe-inline'");
		expect(directives.get('object-src')).toEqual(["'none'"]);
		expect(directives.get('base-uri')).toEqual(["'self'"]);
		expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
		expect(directives.get('form-action')).toEqual(["'self'"]);
		expect(directives.get('img-src')).toEqual(["'self'", 'data:', 'blob:', 'https://*.tiles.example']);
		const nonce = /'nonce-([^']+)'/.exec(csp)![1];
		expect(await response.text()).toContain(`nonce="${nonce}"`);
	});

	it('refuses a Socket.io handshake whose Origin differs only in scheme or port', async () => {
		const url = new URL(server.url);
		for (const origin of [`https://${url.host}`, `http://${url.hostname}:${Number(url.port) + 1}`]) {
			const socket = connectSocket(server.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { origin } });
			const outcome = await new Promise<string>((resolve) => {
				socket.once('connect', () => resolve('connected'));
				socket.once('connect_error', () => resolve('refused'));
			});
			socket.close();
			expect(outcome, origin).toBe('refused');
		}
	});
});
