import { DEFAULT_POINT_WEIGHTS, POINT_REASONS } from '$lib/domain/points';
import { consoleGate } from '$lib/server/admin-forms';
import { failFromDomain } from '$lib/server/http-errors';
import type { Actions, PageServerLoad } from './$types';

/** PT2/PT8: the points per reason in force, beside Agora's defaults; admins only. */
export const load: PageServerLoad = async ({ locals, url }) => {
	consoleGate(locals.actor, url, 'points');
	return { weights: await locals.app.services.points.weights(), defaults: DEFAULT_POINT_WEIGHTS };
};

/** One field per reason, as typed (cut short for echoing); the service's schema reads the numbers. */
function weightsFrom(form: FormData): Record<string, string | undefined> {
	return Object.fromEntries(
		POINT_REASONS.map((reason) => {
			const value = form.get(reason);
			return [reason, typeof value === 'string' ? value.slice(0, 40) : undefined];
		})
	);
}

export const actions: Actions = {
	/** PT2: every weight at once (R45); PT8 refuses a table that puts volume first. */
	save: async ({ request, locals }) => {
		const input = weightsFrom(await request.formData());
		try {
			await locals.app.services.points.setWeights(locals.actor, input);
			return { saved: true };
		} catch (error) {
			return failFromDomain(error, { values: input });
		}
	}
};
