import type { Handle, HandleServerError } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { paraglideMiddleware } from '$lib/paraglide/server';
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
	event.locals.actor = await app.services.accounts.actorForSession(sessionToken);
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	return response;
};

export const handle = sequence(handleLocale, handleSession);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	const locale = getLocale();
	if (status === 404) return { message: m.error_page_not_found({}, { locale }), code: 'not_found' };
	if (status === 413) return { message: m.error_too_large({}, { locale }), code: 'too_large' };
	useApp().log.error({ err: error, path: event.url.pathname, status }, 'unhandled error in a page or route');
	return { message: status >= 500 ? m.error_internal({}, { locale }) : message, code: 'internal' };
};
