import { redirect } from '@sveltejs/kit';
import { interfaceLocaleSchema } from '$lib/domain/locales';
import { cookieMaxAge, cookieName, deLocalizeHref, localizeHref } from '$lib/paraglide/runtime';
import { safeReturnTo } from '$lib/server/return-to';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

/**
 * L2: the language switcher. The choice is kept in a cookie (and in the account, for the next sign-in anywhere), and
 * the person lands on the same page in that language. A plain form, so it works without JavaScript.
 */
export const actions: Actions = {
	default: async ({ request, locals, cookies, url }) => {
		const form = await request.formData();
		const chosen = interfaceLocaleSchema.safeParse(form.get('locale'));
		const returnTo = deLocalizeHref(safeReturnTo(form.get('returnTo')));
		if (!chosen.success) redirect(303, localizeHref(returnTo, { locale: locals.locale }));
		cookies.set(cookieName, chosen.data, { path: '/', maxAge: cookieMaxAge, httpOnly: false, sameSite: 'lax', secure: url.protocol === 'https:' });
		await locals.app.services.accounts.setLocale(locals.actor, chosen.data);
		redirect(303, localizeHref(returnTo, { locale: chosen.data }));
	}
};
