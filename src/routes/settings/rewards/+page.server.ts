import { redirect } from '@sveltejs/kit';
import { inLocale } from '$lib/domain/projects';
import { failFromDomain, rethrowAsHttp } from '$lib/server/http-errors';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

/** LB2/BG3: the signed-in person's reward choices, and the city's districts to choose a home from. */
export const load: PageServerLoad = async ({ locals }) => {
	if (locals.actor.kind !== 'user') redirect(303, localizeHref(`/signin?returnTo=${encodeURIComponent('/settings/rewards')}`, { locale: locals.locale }));
	try {
		const [preferences, city] = await Promise.all([locals.app.services.points.preferences(locals.actor), locals.app.services.city.get()]);
		const districts = city.districts.map((district) => ({ slug: district.slug, name: inLocale(district.name, district.translations, locals.locale) }));
		return { preferences, districts: districts.sort((a, b) => a.name.localeCompare(b.name, locals.locale)), userId: locals.actor.userId };
	} catch (error) {
		rethrowAsHttp(error);
	}
};

/**
 * A checkbox sends "on" when ticked and nothing otherwise; anything else is passed on as it came, for the service's
 * schema to refuse. An empty district is "I'd rather not say".
 */
function preferencesFrom(form: FormData) {
	const listed = form.get('listed');
	const home = form.get('homeDistrict');
	return {
		listed: listed === null ? false : listed === 'on' ? true : listed,
		homeDistrict: home === null || home === '' ? null : home
	};
}

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const input = preferencesFrom(await request.formData());
		try {
			await locals.app.services.points.setPreferences(locals.actor, input);
			return { saved: true };
		} catch (error) {
			return failFromDomain(error, {});
		}
	}
};
