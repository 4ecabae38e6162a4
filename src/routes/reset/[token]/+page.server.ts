import { redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { failFromDomain, rethrowAsHttp } from '$lib/server/http-errors';
import type { Actions, PageServerLoad } from './$types';

/** E9: the link from the e-mail shows the form while it works; the token is used by the form's POST only. */
export const load: PageServerLoad = async ({ locals, params }) => {
	try {
		return { linkState: await locals.app.services.accountEmail.inspectLink('reset', params.token, { address: locals.actor.address }) };
	} catch (error) {
		rethrowAsHttp(error);
	}
};

export const actions: Actions = {
	/** E10/E11: the new password; every other session of the account ends. */
	default: async ({ request, locals, params }) => {
		const form = await request.formData();
		const { accounts, accountEmail } = locals.app.services;
		let userId: string;
		try {
			({ userId } = await accountEmail.resetPassword(
				{ token: params.token, password: form.get('password') },
				{ address: locals.actor.address, locale: locals.locale, sessionKey: accounts.sessionKeyOf(locals.sessionToken) }
			));
		} catch (error) {
			return failFromDomain(error);
		}
		// The account's own session stays signed in; anyone else signs in with the new password.
		if (locals.actor.kind === 'user' && locals.actor.userId === userId) redirect(303, localizeHref('/'));
		redirect(303, localizeHref('/signin?reset=done'));
	}
};
