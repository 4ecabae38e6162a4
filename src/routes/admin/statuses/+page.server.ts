import { IDEA_STATUSES } from '$lib/domain/ideas';
import { INTERFACE_LOCALES } from '$lib/domain/locales';
import { consoleGate } from '$lib/server/admin-forms';
import { failFromDomain } from '$lib/server/http-errors';
import type { Actions, PageServerLoad } from './$types';

/** ST9: the city's names (three languages) and colours for the statuses; admins only. */
export const load: PageServerLoad = async ({ locals, url }) => {
	consoleGate(locals.actor, url, 'statuses');
	return { current: await locals.app.services.statuses.labels() };
};

/** The form's fields, `<status>.<locale>` and `<status>.colour`, as the service's input; anything else is left out. */
function labelsFrom(form: FormData) {
	const text = (name: string) => {
		const value = form.get(name);
		return typeof value === 'string' ? value.slice(0, 400) : undefined;
	};
	return Object.fromEntries(
		IDEA_STATUSES.map((status) => [
			status,
			{ names: Object.fromEntries(INTERFACE_LOCALES.map((locale) => [locale, text(`${status}.${locale}`)])), colour: text(`${status}.colour`) }
		])
	);
}

export const actions: Actions = {
	/** ST9: every status's names and colour at once. */
	save: async ({ request, locals }) => {
		const input = labelsFrom(await request.formData());
		try {
			await locals.app.services.statuses.setLabels(locals.actor, input);
			return { saved: true };
		} catch (error) {
			return failFromDomain(error, { values: input });
		}
	},
	/** ST9: back to Agora's words and colours. */
	reset: async ({ locals }) => {
		try {
			await locals.app.services.statuses.setLabels(locals.actor, null);
			return { saved: true };
		} catch (error) {
			return failFromDomain(error, {});
		}
	}
};
