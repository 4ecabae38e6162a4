import { failFromDomain } from '$lib/server/http-errors';
import type { Actions } from './$types';

export const actions: Actions = {
	/** E8: the same answer whether or not an account has the address. */
	default: async ({ request, locals }) => {
		const form = await request.formData();
		const email = form.get('email');
		const echo = { email: typeof email === 'string' ? email.slice(0, 254) : '' };
		try {
			await locals.app.services.accountEmail.requestPasswordReset({ email }, { address: locals.actor.address, locale: locals.locale });
		} catch (error) {
			return failFromDomain(error, echo);
		}
		return { ...echo, sent: true };
	}
};
