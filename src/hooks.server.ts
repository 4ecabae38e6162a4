import type { Handle, HandleServerError } from '@sveltejs/kit';
import { allowTileImages } from '$lib/server/csp';
import { codeOfStatus } from '$lib/server/http-status';
import { useApp } from '$lib/server/registry';
import { SESSION_COOKIE } from '$lib/server/session-cookie';

export const handle: Handle = async ({ event, resolve }) => {
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

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status === 404) return { message: 'This page does not exist.', code: 'not_found' };
	// SvelteKit's own refusals (a body over BODY_SIZE_LIMIT: 413) are the client's doing, not failures of ours.
	if (status < 500) return { message: status === 413 ? 'That is too large to send.' : message, code: codeOfStatus(status) };
	useApp().log.error({ err: error, path: event.url.pathname, status }, 'unhandled error in a page or route');
	return { message: 'Something went wrong on our side. Please try again.', code: 'internal' };
};
