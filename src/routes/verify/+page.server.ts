import { failFromDomain } from '$lib/server/http-errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	emailStatus: await locals.app.services.accountEmail.emailStatus(locals.actor)
});

export const actions: Actions = {
	/** E5: a new verification link (the banner's and this page's button). */
	resend: async ({ locals }) => {
		try {
			await locals.app.services.accountEmail.resendVerification(locals.actor, { address: locals.actor.address, locale: locals.locale });
		} catch (error) {
			return failFromDomain(error, { action: 'resend' });
		}
		return { action: 'resend', resent: true };
	}
};
