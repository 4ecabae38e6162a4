import { Socket } from 'node:net';
import { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../src/lib/server/config';
import { isAllowedOrigin } from './origin';

function handshake(headers: Record<string, string>, remoteAddress = '203.0.113.5'): IncomingMessage {
	const socket = new Socket();
	Object.defineProperty(socket, 'remoteAddress', { value: remoteAddress });
	const request = new IncomingMessage(socket);
	request.headers = headers;
	return request;
}

describe('isAllowedOrigin', () => {
	const config = readConfig({ PORT: '3000' });

	it('accepts the public origin, the origin the request was sent to, and clients without Origin', () => {
		expect(isAllowedOrigin(handshake({ origin: 'http://localhost:3000', host: 'elsewhere:1' }), config)).toBe(true);
		expect(isAllowedOrigin(handshake({ origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' }), config)).toBe(true);
		expect(isAllowedOrigin(handshake({ host: '127.0.0.1:3000' }), config)).toBe(true);
	});

	it('compares scheme, host and port, not only the host', () => {
		expect(isAllowedOrigin(handshake({ origin: 'https://127.0.0.1:3000', host: '127.0.0.1:3000' }), config)).toBe(false);
		expect(isAllowedOrigin(handshake({ origin: 'http://127.0.0.1:4000', host: '127.0.0.1:3000' }), config)).toBe(false);
		expect(isAllowedOrigin(handshake({ origin: 'https://localhost:3000', host: 'localhost:3000' }), config)).toBe(false);
		expect(isAllowedOrigin(handshake({ origin: 'null', host: '127.0.0.1:3000' }), config)).toBe(false);
		expect(isAllowedOrigin(handshake({ origin: 'not a url', host: '127.0.0.1:3000' }), config)).toBe(false);
	});

	it('trusts X-Forwarded-Proto only from a proxy on this machine', () => {
		const proxied = { origin: 'https://agora.example', host: 'agora.example', 'x-forwarded-proto': 'https' };
		expect(isAllowedOrigin(handshake(proxied, '127.0.0.1'), config)).toBe(true);
		expect(isAllowedOrigin(handshake(proxied, '203.0.113.5'), config)).toBe(false);
	});
});
