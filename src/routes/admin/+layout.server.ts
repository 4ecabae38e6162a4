import { consoleSectionsOf } from '$lib/domain/admin';
import { consoleGate } from '$lib/server/admin-forms';
import type { LayoutServerLoad } from './$types';

/** AD2: the staff console opens to staff only; the navigation shows the parts their role may open. */
export const load: LayoutServerLoad = ({ locals, url }) => {
	const staff = consoleGate(locals.actor, url);
	return { sections: consoleSectionsOf(staff.role) };
};
