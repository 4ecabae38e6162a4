import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestHandler } from 'express';
import { io as connectSocket } from 'socket.io-client';
import { createApp, type App } from '../../src/lib/server/app';
import { readConfig } from '../../src/lib/server/config';
import type { Clock } from '../../src/lib/server/ports';
import { UNLIMITED } from '../../src/lib/server/rate-limits';
import { provideApp } from '../../src/lib/server/registry';
import type { AgoraClientSocket } from '../../src/lib/realtime/client';
import { startServer, type RunningServer } from '../../server/start';
import { hasProductionBuild, loadSvelteKitHandler } from '../../server/sveltekit';

export interface TestServer {
	readonly app: App;
	readonly server: RunningServer;
	readonly url: string;
	/** Stops the server; removes its data folder unless `keepData`. */
	close(options?: { keepData?: boolean }): Promise<void>;
}

/**
 * The real app on port 0 with a fresh SQLite file (or the given env, e.g. DATABASE_URL). With `svelteKit`, the
 * production build is mounted too, which `npm test` builds first. A `clock` moves the services' time (session expiry);
 * `unlimited` lifts the write limits (R4–R6) for files that post many fixtures from one persona and test something else.
 */
export async function startTestServer(
	options: { env?: Record<string, string>; svelteKit?: boolean; dataDir?: string; clock?: Clock; unlimited?: boolean } = {}
): Promise<TestServer> {
	const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'agora-test-'));
	const config = readConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...options.env });
	const app = await createApp(config, { ...(options.clock ? { clock: options.clock } : {}), ...(options.unlimited ? { limits: UNLIMITED } : {}) });
	let server: RunningServer;
	try {
		let svelteKit: RequestHandler | null = null;
		if (options.svelteKit) {
			if (!hasProductionBuild()) throw new Error('No build found: run `npm run build` first (npm test does).');
			provideApp(app);
			svelteKit = await loadSvelteKitHandler(config);
		}
		server = await startServer(app, { svelteKit });
	} catch (error) {
		await app.close();
		if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
		throw error;
	}
	return {
		app,
		server,
		url: server.url,
		async close({ keepData = false } = {}) {
			await server.close();
			if (!keepData && !options.dataDir) rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

/** A real Socket.io client, signed in when given a session cookie; resolves once connected. */
export async function connectClient(url: string, cookie?: string): Promise<AgoraClientSocket> {
	const socket: AgoraClientSocket = connectSocket(url, {
		transports: ['websocket'],
		forceNew: true,
		reconnectionDelay: 50,
		reconnectionDelayMax: 200,
		...(cookie ? { extraHeaders: { cookie } } : {})
	});
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', reject);
	});
	return socket;
}

/** Resolves with the next payload of `event`, or rejects after `timeoutMs`. */
export function nextEvent<T>(socket: AgoraClientSocket, event: string, timeoutMs = 5_000, matches: (payload: T) => boolean = () => true): Promise<T> {
	return new Promise((resolve, reject) => {
		const untyped = socket as unknown as { on(e: string, l: (p: T) => void): void; off(e: string, l: (p: T) => void): void };
		const timer = setTimeout(() => {
			untyped.off(event, listener);
			reject(new Error(`no ${event} within ${timeoutMs} ms`));
		}, timeoutMs);
		const listener = (payload: T) => {
			if (!matches(payload)) return;
			clearTimeout(timer);
			untyped.off(event, listener);
			resolve(payload);
		};
		untyped.on(event, listener);
	});
}

/** Sends any event with any payload (garbage included) and resolves with the ack. */
export function emitRaw(socket: AgoraClientSocket, event: string, payload: unknown, timeoutMs = 5_000): Promise<unknown> {
	const untyped = socket as unknown as { timeout(ms: number): { emitWithAck(e: string, p: unknown): Promise<unknown> } };
	return untyped.timeout(timeoutMs).emitWithAck(event, payload);
}
