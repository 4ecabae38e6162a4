import express, { type ErrorRequestHandler, type Router } from 'express';
import type { App } from '../src/lib/server/app';
import { DomainError, isDomainError } from '../src/lib/domain/errors';
import { IMAGE_MAX_BYTES } from '../src/lib/domain/images';
import { describeDomainError } from '../src/lib/i18n/domain-messages';
import { negotiateLocale } from '../src/lib/i18n/negotiate';
import { HTTP_STATUS } from '../src/lib/server/http-status';
import { sessionTokenFromCookieHeader } from '../src/lib/server/session-cookie';
import { clientAddressOf } from './client-address';
import { isAllowedOrigin } from './origin';

/** The header through which a page says which language it shows, so errors come back in it. */
export const LOCALE_HEADER = 'x-agora-locale';
/** Re-encoded files never change under their name: a browser and any cache may keep them for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const FILE_NAME = /^[A-Za-z0-9_-]{1,64}-\d{1,5}\.webp$/;

/**
 * Image uploads and files, in Express rather than SvelteKit: an upload is bigger than the 512 kB every form and API
 * body is held to (BODY_SIZE_LIMIT), and only this route may take IMAGE_MAX_BYTES. The route still authenticates,
 * calls one service method and maps its DomainError, like every transport.
 *
 * `POST /api/images` takes the file's bytes as the body. A cross-site page cannot send it: the Origin must be ours
 * and the Content-Type an image type, which no plain HTML form can produce.
 */
export function imageRoutes(app: App): Router {
	const router = express.Router();
	const { images, accounts } = app.services;

	const localeOf = (request: express.Request) =>
		negotiateLocale({ declared: request.get(LOCALE_HEADER), cookieHeader: request.get('cookie'), acceptLanguage: request.get('accept-language') });

	const answerError = (request: express.Request, response: express.Response, error: DomainError) => {
		const { message, code, key, params, fields } = describeDomainError(error, localeOf(request));
		response.status(HTTP_STATUS[error.code]).set('Cache-Control', 'no-store').json({ message, code, key, params, ...(fields ? { fields } : {}) });
	};

	router.post(
		'/api/images',
		(request, response, next) => {
			if (!request.get('origin') || !isAllowedOrigin(request, app.config)) {
				answerError(request, response, new DomainError('forbidden', 'validation_invalid'));
				return;
			}
			if (!/^image\//i.test(request.get('content-type') ?? '')) {
				answerError(request, response, new DomainError('invalid', 'image_type_unsupported'));
				return;
			}
			next();
		},
		express.raw({ type: () => true, limit: IMAGE_MAX_BYTES }),
		async (request, response) => {
			try {
				const actor = {
					...(await accounts.actorForSession(sessionTokenFromCookieHeader(request.get('cookie')))),
					address: clientAddressOf(request.headers, request.socket.remoteAddress ?? '', app.config)
				};
				const body: unknown = request.body;
				const bytes = Buffer.isBuffer(body) ? new Uint8Array(body.buffer, body.byteOffset, body.byteLength) : new Uint8Array();
				const image = await images.upload(actor, bytes);
				response.status(201).set('Cache-Control', 'no-store').json({ image });
			} catch (error) {
				if (!isDomainError(error)) throw error;
				answerError(request, response, error);
			}
		}
	);

	router.get('/images/:name', async (request, response) => {
		const name = request.params.name;
		const bytes = FILE_NAME.test(name) ? await images.file(name) : undefined;
		if (!bytes) {
			response.status(404).set('Cache-Control', 'no-store').type('text/plain').send('Not found');
			return;
		}
		response.set({ 'Content-Type': 'image/webp', 'Cache-Control': IMMUTABLE }).send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
	});

	// express.raw's refusals: a body over the limit, or one that ended early.
	const refusals: ErrorRequestHandler = (error: { type?: string; status?: number }, request, response, next) => {
		if (error.type === 'entity.too.large') {
			answerError(request, response, new DomainError('too_large', 'image_too_large', { max: IMAGE_MAX_BYTES / (1024 * 1024) }));
			return;
		}
		if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
			answerError(request, response, new DomainError('invalid', 'image_unreadable'));
			return;
		}
		next(error);
	};
	router.use(refusals);
	return router;
}
