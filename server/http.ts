import express, { type Express, type RequestHandler } from 'express';
import type { App } from '../src/lib/server/app';
import type { Realtime } from './realtime';
import { securityHeaders } from './security-headers';
import { PROTOCOL_HEADER } from './sveltekit';
import { withTimeout } from './timeout';

/** A health check answers within this time, whatever the store does. */
const HEALTH_TIMEOUT_MS = 3_000;

/**
 * The Express app in front of SvelteKit: health first, then SvelteKit's handler (pages, form actions, /api/*).
 * `svelteKit` is absent only in tests that exercise sockets and Yjs without a build.
 */
export function createHttpApp(app: App, realtime: () => Realtime | null, svelteKit: RequestHandler | null): Express {
	const http = express();
	http.disable('x-powered-by');
	http.set('trust proxy', 'loopback');
	http.use(securityHeaders(app.config));

	http.get('/healthz', async (_request, response) => {
		// The cause goes to the log, not to a public endpoint (it may name hosts or users).
		const store = await withTimeout(app.store.ping(), HEALTH_TIMEOUT_MS, 'the store did not answer in time').then(
			() => ({ ok: true, dialect: app.store.dialect }),
			(error: unknown) => {
				app.log.warn({ err: error }, 'health check: the store is down');
				return { ok: false, dialect: app.store.dialect };
			}
		);
		const redisHealthy = (await realtime()?.redisHealthy()) ?? null;
		const redis = redisHealthy === null ? null : { ok: redisHealthy };
		const healthy = store.ok && (redis?.ok ?? true);
		response
			.status(healthy ? 200 : 503)
			.set('Cache-Control', 'no-store')
			.json({ status: healthy ? 'ok' : 'unavailable', store, redis });
	});

	if (svelteKit) {
		http.use((request, _response, next) => {
			request.headers[PROTOCOL_HEADER] = request.protocol;
			next();
		});
		http.use(svelteKit);
	}
	return http;
}
