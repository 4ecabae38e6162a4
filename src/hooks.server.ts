import type { Handle, HandleServerError } from '@sveltejs/kit';
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
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	return response;
};

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status === 404) return { message: 'This page does not exist.', code: 'not_found' };
	useApp().log.error({ err: error, path: event.url.pathname, status }, 'unhandled error in a page or route');
	return { message: status >= 500 ? 'Something went wrong on our side. Please try again.' : message, code: 'internal' };
};
