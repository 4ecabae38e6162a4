import { redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { SESSION_COOKIE } from '$lib/server/session-cookie';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, localizeHref('/'));

export const actions: Actions = {
	default: async ({ locals, cookies }) => {
		await locals.app.services.accounts.signOut(locals.sessionToken);
		cookies.delete(SESSION_COOKIE, { path: '/' });
		redirect(303, localizeHref('/'));
	}
};
