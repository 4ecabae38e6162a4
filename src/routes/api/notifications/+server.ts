import { json } from '@sveltejs/kit';
import { rethrowAsHttp } from '$lib/server/http-errors';
import type { RequestHandler } from './$types';

/** N4: the caller's newest notifications, grouped, with the unread count: how a bell catches up after a drop. */
export const GET: RequestHandler = async ({ locals }) => {
	try {
		return json(await locals.app.services.notifications.list(locals.actor), { headers: { 'Cache-Control': 'no-store' } });
	} catch (error) {
		rethrowAsHttp(error);
	}
};
