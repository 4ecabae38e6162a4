import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectSocket } from 'socket.io-client';
import { IDEA_BODY_MAX, IDEA_TITLE_MAX } from '../../src/lib/domain/ideas';
import { CONNECTION_LIMITS } from '../../src/lib/domain/limits';
import type { AgoraClientSocket } from '../../src/lib/realtime/client';
import { MAX_SOCKET_MESSAGE_BYTES } from '../../server/realtime';
import { signIn } from '../support/personas';
import { emitRaw, startTestServer, type TestServer } from '../support/server';

type Outcome = { connected: AgoraClientSocket } | { refused: Error & { data?: { code?: string; retryAfterSeconds?: number } } };

function attempt(url: string, cookie?: string): Promise<Outcome> {
	const socket: AgoraClientSocket = connectSocket(url, { transports: ['websocket'], forceNew: true, reconnection: false, ...(cookie ? { extraHeaders: { cookie } } : {}) });
	return new Promise((resolve) => {
		socket.once('connect', () => resolve({ connected: socket }));
		socket.once('connect_error', (error) => {
			socket.close();
			resolve({ refused: error });
		});
	});
}

/** JSON escapes a control character as six bytes (\u0001): the costliest character a valid string may hold. */
const COSTLIEST = '\u0001';

function largestValidIdea() {
	return {
		projectId: 'p'.repeat(64),
		title: COSTLIEST.repeat(IDEA_TITLE_MAX),
		body: COSTLIEST.repeat(IDEA_BODY_MAX),
		topic: 't'.repeat(40),
		location: { lat: -89.12345678901234, lng: -179.1234567890123 },
		idempotencyKey: 'k'.repeat(64)
	};
}

describe('Socket.io connection limits and frame size', () => {
	let server: TestServer;
	const sockets: AgoraClientSocket[] = [];

	beforeAll(async () => {
		server = await startTestServer();
	});
	afterAll(async () => {
		for (const socket of sockets) socket.disconnect();
		await server.close();
	});

	it('[R7] refuses an account’s connection past its cap with a connect_error it can read, and lets one in once a tab closes', async () => {
		const amira = await signIn(server.app, 'amira');
		for (let tab = 0; tab < CONNECTION_LIMITS.openPerAccount; tab++) {
			const outcome = await attempt(server.url, amira.cookie);
			if (!('connected' in outcome)) throw outcome.refused;
			sockets.push(outcome.connected);
		}
		const refused = await attempt(server.url, amira.cookie);
		expect('refused' in refused && refused.refused).toMatchObject({
			message: expect.stringContaining('Please try again in'),
			data: { code: 'rate_limited', retryAfterSeconds: expect.any(Number) }
		});
		const guest = await attempt(server.url);
		expect('connected' in guest).toBe(true);
		if ('connected' in guest) sockets.push(guest.connected);

		sockets.shift()!.disconnect();
		await expect
			.poll(async () => {
				const outcome = await attempt(server.url, amira.cookie);
				if ('connected' in outcome) sockets.push(outcome.connected);
				return 'connected' in outcome;
			})
			.toBe(true);
	});

	it('[R7] lets exactly its cap of guests in from one address, then refuses the next with a readable connect_error', { timeout: 60_000 }, async () => {
		// Its own server, so the other tests' sockets do not count against the address.
		const venue = await startTestServer();
		const guests: AgoraClientSocket[] = [];
		try {
			let refusedAt = -1;
			for (let batch = 0; refusedAt < 0 && guests.length < CONNECTION_LIMITS.openPerAddress + 100; batch++) {
				for (const outcome of await Promise.all(Array.from({ length: 100 }, () => attempt(venue.url)))) {
					if ('connected' in outcome) guests.push(outcome.connected);
					else if (refusedAt < 0) refusedAt = guests.length;
				}
			}
			expect(guests.length).toBe(CONNECTION_LIMITS.openPerAddress);
			const refused = await attempt(venue.url);
			expect('refused' in refused && refused.refused.data).toMatchObject({ code: 'rate_limited', retryAfterSeconds: expect.any(Number) });
		} finally {
			for (const guest of guests) guest.disconnect();
			await venue.close();
		}
	});

	it('sizes the frame limit to the largest valid command with headroom, and that command is answered', async () => {
		const payload = largestValidIdea();
		// socket.io-parser's frame: packet type, ack id, then the JSON array of event name and payload.
		const frameBytes = Buffer.byteLength(`421234567${JSON.stringify(['idea:create', payload])}`);
		console.log(`largest valid idea:create frame: ${frameBytes} bytes; limit ${MAX_SOCKET_MESSAGE_BYTES}`);
		expect(frameBytes * 1.5).toBeLessThan(MAX_SOCKET_MESSAGE_BYTES);
		expect(frameBytes * 4).toBeGreaterThan(MAX_SOCKET_MESSAGE_BYTES);

		const socket = sockets.at(-1)!;
		const ack = (await emitRaw(socket, 'idea:create', payload)) as { ok: boolean; error?: { code: string } };
		// Parsed and answered (refused: the socket is a guest's and the project unknown), never dropped.
		expect(ack.ok).toBe(false);
		expect(socket.connected).toBe(true);
	});

	it('drops a frame just over the limit, and only that connection', async () => {
		const outcome = await attempt(server.url);
		if (!('connected' in outcome)) throw outcome.refused;
		const dropped = new Promise<string>((resolve) => outcome.connected.once('disconnect', (reason) => resolve(reason)));
		(outcome.connected as unknown as { emit(event: string, payload: unknown): void }).emit('idea:create', { body: 'x'.repeat(MAX_SOCKET_MESSAGE_BYTES) });
		expect(await dropped).toBe('transport close');
		expect(sockets.at(-1)!.connected).toBe(true);
	});
});
