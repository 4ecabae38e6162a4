import { constants as zlib } from 'node:zlib';
import compression from 'compression';
import express, { type Express, type RequestHandler } from 'express';
import type { App } from '../src/lib/server/app';
import type { Realtime } from './realtime';
import { imageRoutes } from './image-routes';
import { unsubscribeRoutes } from './unsubscribe-route';
import { securityHeaders } from './security-headers';
import { PROTOCOL_HEADER } from './sveltekit';
import { withTimeout } from './timeout';

/** A health check answers within this time, whatever the store does. */
const HEALTH_TIMEOUT_MS = 3_000;

/** Below this many bytes the encoding's framing and the CPU cost more than they save. */
const COMPRESSION_THRESHOLD_BYTES = 1024;
/**
 * Brotli quality 4: on the 320-idea project page (540 kB) it gives 53 kB in 9 ms, against gzip's 89 kB in 21 ms
 * (its window spans the whole page, so text that the markup and the hydration data share is sent once). Quality 5
 * saves 6 kB more for twice the CPU, which a loaded server feels in every page's time to first byte.
 */
const BROTLI_QUALITY = 4;

/**
 * Compresses every dynamic response above the threshold, brotli when the client accepts it, else gzip. Each write
 * is flushed, so a streamed SvelteKit response reaches the browser chunk by chunk instead of at its end. Files that
 * adapter-node serves precompressed arrive already encoded and pass through; Socket.io and the Yjs WebSockets never
 * reach Express (they answer on the HTTP server before it).
 */
function compressResponses(): RequestHandler {
	return compression({
		threshold: COMPRESSION_THRESHOLD_BYTES,
		flush: zlib.Z_SYNC_FLUSH,
		brotli: { flush: zlib.BROTLI_OPERATION_FLUSH, params: { [zlib.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } }
	});
}

/**
 * The Express app in front of SvelteKit: health first, image uploads and files, then SvelteKit's handler (pages, form
 * actions, /api/*).
 * `svelteKit` is absent only in tests that exercise sockets and Yjs without a build.
 */
export function createHttpApp(app: App, realtime: () => Realtime | null, svelteKit: RequestHandler | null): Express {
	const http = express();
	http.disable('x-powered-by');
	http.set('trust proxy', 'loopback');
	http.use(securityHeaders(app.config));
	http.use(compressResponses());

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

	http.use(imageRoutes(app));
	http.use(unsubscribeRoutes(app));

	if (svelteKit) {
		http.use((request, _response, next) => {
			request.headers[PROTOCOL_HEADER] = request.protocol;
			next();
		});
		http.use(svelteKit);
	}
	return http;
}
