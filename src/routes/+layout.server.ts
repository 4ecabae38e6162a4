import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	const { actor, app } = locals;
	return {
		cityName: app.config.city.name,
		locale: locals.locale,
		user: actor.kind === 'user' ? { id: actor.userId, displayName: actor.displayName, role: actor.role } : null
	};
};
