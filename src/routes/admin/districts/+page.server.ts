import { consoleGate } from '$lib/server/admin-forms';
import { failFromDomain } from '$lib/server/http-errors';
import { inLocale } from '$lib/domain/projects';
import type { Actions, PageServerLoad } from './$types';

/** AD9: the districts on the map now, each with its ideas. */
export const load: PageServerLoad = async ({ locals, url }) => {
	consoleGate(locals.actor, url, 'districts');
	const { city } = locals.app.services;
	const [{ districts, districtsApproximate }, counts] = await Promise.all([city.get(), city.ideaCountsByDistrict(locals.actor)]);
	return {
		approximate: districtsApproximate,
		districts: districts.map((district) => ({
			slug: district.slug,
			name: inLocale(district.name, district.translations, locals.locale),
			population: district.population,
			ideas: counts.get(district.slug) ?? 0
		}))
	};
};

export const actions: Actions = {
	/** AD9: replaces the districts with the uploaded file (the service checks the admin, the file and the ideas). */
	upload: async ({ request, locals }) => {
		let text: string | null = null;
		try {
			const file = (await request.formData()).get('file');
			text = file instanceof File ? (file.size > 0 ? await file.text() : '') : typeof file === 'string' ? file : null;
		} catch (error) {
			// A body over BODY_SIZE_LIMIT is SvelteKit's 413 (too large); any other unreadable body is no file.
			if ((error as { status?: number }).status === 413) throw error;
			text = null;
		}
		try {
			const result = await locals.app.services.city.replaceDistricts(locals.actor, text);
			return { replaced: result };
		} catch (error) {
			return failFromDomain(error);
		}
	}
};
