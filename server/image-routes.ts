import express, { type Router } from 'express';
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
 * body is held to (BODY_SIZE_LIMIT), and only this route may take IMAGE_MAX_BYTES, read only after the session and
 * the limit admitted it. The route still authenticates,
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
		async (request, response) => {
			try {
				const actor = {
					...(await accounts.actorForSession(sessionTokenFromCookieHeader(request.get('cookie')))),
					address: clientAddressOf(request.headers, request.socket.remoteAddress ?? '', app.config)
				};
				// The service reads the body only once it has admitted the person and taken a point of R10.
				const image = await images.upload(actor, () => readBody(request, IMAGE_MAX_BYTES));
				response.status(201).set('Cache-Control', 'no-store').json({ image });
			} catch (error) {
				if (!isDomainError(error)) throw error;
				// A refusal before the body was read: the connection cannot be reused for the next request.
				response.set('Connection', 'close');
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

	return router;
}

/**
 * The request's body, refused as `too_large` as soon as it passes `max` bytes (a Content-Length over it is refused
 * before any byte is read), and as `image_unreadable` when the client stops sending.
 */
function readBody(request: express.Request, max: number): Promise<Uint8Array> {
	const tooLarge = () => new DomainError('too_large', 'image_too_large', { max: max / (1024 * 1024) });
	if (Number(request.get('content-length') ?? 0) > max) return Promise.reject(tooLarge());
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let length = 0;
		request.on('data', (chunk: Buffer) => {
			length += chunk.byteLength;
			if (length > max) {
				request.removeAllListeners('data');
				request.pause();
				reject(tooLarge());
				return;
			}
			chunks.push(chunk);
		});
		request.once('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
		request.once('aborted', () => reject(new DomainError('invalid', 'image_unreadable')));
		request.once('error', () => reject(new DomainError('invalid', 'image_unreadable')));
	});
}
