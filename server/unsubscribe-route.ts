import express, { type Router } from 'express';
import type { App } from '../src/lib/server/app';
import { isDomainError } from '../src/lib/domain/errors';
import { HTTP_STATUS } from '../src/lib/server/http-status';

/**
 * N9: RFC 8058 one-click unsubscribe, in Express rather than SvelteKit: a mail provider posts
 * `List-Unsubscribe=One-Click` from its own servers, without our Origin, which SvelteKit's cross-site form check
 * (rightly) refuses for every other form. The link's token is the only credential, as the RFC intends; the route
 * calls one service method and answers without a page (nobody reads it).
 */
export function unsubscribeRoutes(app: App): Router {
	const router = express.Router();
	router.post('/unsubscribe/:token', express.urlencoded({ extended: false, limit: '1kb' }), async (request, response) => {
		if (request.body?.['List-Unsubscribe'] !== 'One-Click') {
			response.status(400).set('Cache-Control', 'no-store').json({ code: 'invalid' });
			return;
		}
		try {
			const kind = typeof request.query.kind === 'string' ? request.query.kind : 'all';
			await app.services.notificationMail.unsubscribe(request.params.token, kind);
			response.status(200).set('Cache-Control', 'no-store').json({ ok: true });
		} catch (error) {
			if (!isDomainError(error)) throw error;
			response.status(HTTP_STATUS[error.code]).set('Cache-Control', 'no-store').json({ code: error.code });
		}
	});
	return router;
}
