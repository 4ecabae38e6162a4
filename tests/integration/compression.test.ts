import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, createBrotliDecompress, createGunzip, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../../src/lib/domain/projects';
import { SOCKET_PATH } from '../../src/lib/realtime/protocol';
import { createHttpApp } from '../../server/http';
import { createTestApp } from '../support/app';
import { aProject, anIdea } from '../support/builders';
import { signIn } from '../support/personas';
import { startTestServer, type TestServer } from '../support/server';

interface RawResponse {
	readonly status: number;
	readonly encoding: string | undefined;
	readonly vary: string | undefined;
	/** The body exactly as it came over the wire. */
	readonly wire: Buffer;
	/** The body decoded according to its Content-Encoding. */
	readonly text: string;
}

/** A GET through node:http, which (unlike fetch) neither asks for nor undoes any encoding by itself. */
function rawGet(url: string, acceptEncoding: string | null): Promise<RawResponse> {
	return new Promise((resolve, reject) => {
		const headers = acceptEncoding === null ? {} : { 'accept-encoding': acceptEncoding };
		const outgoing = request(url, { headers }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('error', reject);
			response.on('end', () => {
				const wire = Buffer.concat(chunks);
				const encoding = response.headers['content-encoding'];
				const decoded = encoding === 'br' ? brotliDecompressSync(wire) : encoding === 'gzip' ? gunzipSync(wire) : wire;
				resolve({ status: response.statusCode ?? 0, encoding, vary: response.headers.vary, wire, text: decoded.toString('utf8') });
			});
		});
		outgoing.on('error', reject);
		outgoing.end();
	});
}

describe('HTTP compression (production build)', () => {
	let server: TestServer;
	let project: Project;

	beforeAll(async () => {
		server = await startTestServer({ svelteKit: true });
		project = await aProject(server.app, { slug: 'compressed-streets' });
		const { actor } = await signIn(server.app, 'bruno');
		for (let index = 0; index < 5; index++) await anIdea(server.app, actor, project.id, { title: `Shade for bus stop number ${index}` });
	});
	afterAll(() => server.close());

	const pagePath = () => `/projects/${project.slug}`;

	it('sends a page with brotli when accepted, preferring it to gzip, and says it varies by Accept-Encoding', async () => {
		const plain = await rawGet(`${server.url}${pagePath()}`, null);
		const br = await rawGet(`${server.url}${pagePath()}`, 'br');
		const preferred = await rawGet(`${server.url}${pagePath()}`, 'gzip, deflate, br');
		expect(plain).toMatchObject({ status: 200, encoding: undefined });
		expect(plain.text).toContain('Shade for bus stop number 4');
		expect(br.encoding).toBe('br');
		expect(br.vary).toMatch(/accept-encoding/i);
		expect(br.text).toContain('Shade for bus stop number 4');
		expect(br.wire.length).toBeLessThan(plain.wire.length / 3);
		expect(preferred.encoding).toBe('br');
	});

	it('sends a page with gzip to a client that accepts only gzip, and as-is to one that accepts nothing', async () => {
		const gzip = await rawGet(`${server.url}${pagePath()}`, 'gzip');
		expect(gzip.encoding).toBe('gzip');
		expect(gzip.text).toContain('Shade for bus stop number 0');
		const identity = await rawGet(`${server.url}${pagePath()}`, 'identity');
		expect(identity.encoding).toBeUndefined();
	});

	it('compresses JSON from the API as well', async () => {
		const response = await rawGet(`${server.url}/api/projects/${project.id}/ideas`, 'br');
		expect(response.encoding).toBe('br');
		expect(JSON.parse(response.text)).toMatchObject({ ideas: expect.any(Array) });
	});

	it('leaves tiny responses such as /healthz alone', async () => {
		for (const accept of ['br', 'gzip', null]) {
			const response = await rawGet(`${server.url}/healthz`, accept);
			expect(response.status).toBe(200);
			expect(response.encoding).toBeUndefined();
			expect(JSON.parse(response.text)).toMatchObject({ status: 'ok' });
		}
	});

	it('serves a JavaScript asset precompressed at build time, byte for byte the same file', async () => {
		const html = (await rawGet(`${server.url}${pagePath()}`, null)).text;
		const asset = /\/_app\/immutable\/entry\/start\.[\w-]+\.js/.exec(html)?.[0];
		expect(asset).toBeDefined();
		const plain = await rawGet(`${server.url}${asset}`, null);
		const br = await rawGet(`${server.url}${asset}`, 'br');
		const gzip = await rawGet(`${server.url}${asset}`, 'gzip');
		expect(plain).toMatchObject({ status: 200, encoding: undefined });
		expect(br.encoding).toBe('br');
		expect(gzip.encoding).toBe('gzip');
		expect(br.text).toBe(plain.text);
		expect(gzip.text).toBe(plain.text);
		expect(br.wire.length).toBeLessThan(gzip.wire.length);
	});

	it('does not touch Socket.io traffic: its polling transport answers before Express', async () => {
		const response = await rawGet(`${server.url}${SOCKET_PATH}/?EIO=4&transport=polling`, 'br');
		expect(response.status).toBe(200);
		expect(response.encoding).not.toBe('br');
		expect(response.text).toMatch(/^0\{"sid"/);
	});
});

describe('HTTP compression of a streamed response', () => {
	/**
	 * A handler in SvelteKit's place that sends its first chunk, then waits until the client has read it before
	 * sending the rest: if compression held chunks back until the end, the client would never see the first one.
	 */
	it.each(['br', 'gzip'])('delivers each chunk as it is written (%s)', async (encoding) => {
		const app = await createTestApp();
		let releaseRest: () => void = () => {};
		const restMayFollow = new Promise<void>((resolve) => (releaseRest = resolve));
		const http = createServer(
			createHttpApp(app, () => null, (_request, response) => {
				response.setHeader('Content-Type', 'text/html; charset=utf-8');
				response.write(`<p>first chunk</p>${' '.repeat(2048)}`);
				void restMayFollow.then(() => response.end('<p>the rest</p>'));
			})
		);
		await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
		try {
			const { port } = http.address() as AddressInfo;
			const text = await new Promise<string>((resolve, reject) => {
				const outgoing = request(`http://127.0.0.1:${port}/streamed`, { headers: { 'accept-encoding': encoding } }, (response) => {
					expect(response.headers['content-encoding']).toBe(encoding);
					let decoded = '';
					const decoder = encoding === 'br' ? createBrotliDecompress() : createGunzip();
					decoder.on('data', (chunk: Buffer) => {
						decoded += chunk.toString('utf8');
						if (decoded.includes('first chunk')) releaseRest();
					});
					decoder.on('end', () => resolve(decoded));
					decoder.on('error', reject);
					response.pipe(decoder);
				});
				outgoing.on('error', reject);
				outgoing.end();
			});
			expect(text).toContain('the rest');
		} finally {
			releaseRest();
			await new Promise((resolve) => http.close(resolve));
			await app.close();
		}
	});
});

