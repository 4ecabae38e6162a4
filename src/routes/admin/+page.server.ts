import { consoleGate } from '$lib/server/admin-forms';
import type { PageServerLoad } from './$types';

/** The console's first page: what this staff member may do here. */
export const load: PageServerLoad = ({ locals, url }) => {
	const staff = consoleGate(locals.actor, url);
	return { role: staff.role };
};
