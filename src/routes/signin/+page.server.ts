import { redirect } from '@sveltejs/kit';
import { cookieMaxAge, cookieName, deLocalizeHref, isLocale, localizeHref } from '$lib/paraglide/runtime';
import { failFromDomain } from '$lib/server/http-errors';
import { safeReturnTo } from '$lib/server/return-to';
import { SESSION_COOKIE, sessionCookieOptions } from '$lib/server/session-cookie';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const returnTo = safeReturnTo(url.searchParams.get('returnTo'));
	if (locals.actor.kind === 'user') redirect(303, localizeHref(returnTo));
	// E10: back from a password reset.
	return { returnTo, resetDone: url.searchParams.get('reset') === 'done' };
};

export const actions: Actions = {
	default: async ({ request, locals, cookies, url }) => {
		const form = await request.formData();
		const email = form.get('email');
		const returnTo = safeReturnTo(form.get('returnTo'));
		let signedIn;
		try {
			signedIn = await locals.app.services.accounts.signIn({ email, password: form.get('password') }, { address: locals.actor.address, locale: locals.locale });
		} catch (error) {
			return failFromDomain(error, { email: typeof email === 'string' ? email.slice(0, 254) : '' });
		}
		cookies.set(SESSION_COOKIE, signedIn.sessionToken, sessionCookieOptions(locals.app.config, signedIn.expiresAt, url));
		// L2: the account's language wins from now on, on this device too.
		const locale = signedIn.locale && isLocale(signedIn.locale) ? signedIn.locale : locals.locale;
		if (locale !== locals.locale) cookies.set(cookieName, locale, { path: '/', maxAge: cookieMaxAge, httpOnly: false, sameSite: 'lax', secure: url.protocol === 'https:' });
		redirect(303, localizeHref(deLocalizeHref(returnTo), { locale }));
	}
};
