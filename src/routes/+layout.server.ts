import { inLocale } from '$lib/domain/projects';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	const { actor, app } = locals;
	return {
		cityName: inLocale(app.config.city.name, app.config.city.translations, locals.locale),
		locale: locals.locale,
		user: actor.kind === 'user' ? { id: actor.userId, displayName: actor.displayName, role: actor.role, blocked: actor.blocked === true } : null
	};
};
