import { redirect } from '@sveltejs/kit';
import { failFromDomain } from '$lib/server/http-errors';
import { safeReturnTo } from '$lib/server/return-to';
import { SESSION_COOKIE, sessionCookieOptions } from '$lib/server/session-cookie';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const returnTo = safeReturnTo(url.searchParams.get('returnTo'));
	if (locals.actor.kind === 'user') redirect(303, returnTo);
	return { returnTo };
};

export const actions: Actions = {
	default: async ({ request, locals, cookies, url }) => {
		const form = await request.formData();
		const email = form.get('email');
		const displayName = form.get('displayName');
		const returnTo = safeReturnTo(form.get('returnTo'));
		let signedIn;
		try {
			signedIn = await locals.app.services.accounts.signUp({ email, displayName, password: form.get('password') }, locals.actor);
		} catch (error) {
			return failFromDomain(error, {
				email: typeof email === 'string' ? email.slice(0, 254) : '',
				displayName: typeof displayName === 'string' ? displayName.slice(0, 60) : ''
			});
		}
		cookies.set(SESSION_COOKIE, signedIn.sessionToken, sessionCookieOptions(locals.app.config, signedIn.expiresAt, url));
		redirect(303, returnTo);
	}
};
