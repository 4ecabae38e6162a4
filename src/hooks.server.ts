import type { Handle, HandleServerError } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { allowTileImages } from '$lib/server/csp';
import { codeOfStatus } from '$lib/server/http-status';
import { useApp } from '$lib/server/registry';
import { SESSION_COOKIE } from '$lib/server/session-cookie';

/**
 * L2: the language of the request: the URL's prefix, else the person's choice (cookie), else Accept-Language, else
 * English. A page asked for without a prefix is redirected to its prefixed address, so every page a person sees is
 * shareable in its language. `getLocale()` answers for this request from here on (actions, errors, `load`).
 */
const handleLocale: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		event.locals.locale = locale;
		return resolve(event, { transformPageChunk: ({ html }) => html.replace('%agora.lang%', locale) });
	});

const handleSession: Handle = async ({ event, resolve }) => {
	const app = useApp();
	const sessionToken = event.cookies.get(SESSION_COOKIE);
	event.locals.app = app;
	event.locals.sessionToken = sessionToken;
	// The address travels with the actor so every service method can apply its per-address write limit.
	event.locals.actor = { ...(await app.services.accounts.actorForSession(sessionToken)), address: event.getClientAddress() };
	const response = await resolve(event);
	// The other security headers are set by Express in front (server/security-headers.ts), on every response.
	const csp = response.headers.get('content-security-policy');
	if (csp) response.headers.set('content-security-policy', allowTileImages(csp, app.config.map.tileUrl));
	return response;
};

export const handle = sequence(handleLocale, handleSession);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	const locale = getLocale();
	if (status === 404) return { message: m.error_page_not_found({}, { locale }), code: 'not_found' };
	// SvelteKit's own refusals (a body over BODY_SIZE_LIMIT: 413) are the client's doing, not failures of ours.
	if (status === 413) return { message: m.error_too_large({}, { locale }), code: 'too_large' };
	if (status < 500) return { message, code: codeOfStatus(status) };
	useApp().log.error({ err: error, path: event.url.pathname, status }, 'unhandled error in a page or route');
	return { message: m.error_internal({}, { locale }), code: 'internal' };
};
