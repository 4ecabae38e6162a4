import { consoleGate, textFields } from '$lib/server/admin-forms';
import { failFromDomain } from '$lib/server/http-errors';
import type { Config } from '$lib/server/config';
import type { Actions, PageServerLoad } from './$types';

/** Where the invited person reaches Agora: PUBLIC_ORIGIN when set, else the address the admin is using. */
const origin = (config: Config, url: URL) => (config.publicOriginExplicit ? config.publicOrigin : url.origin);

/** AD10/AD11: the staff with their roles, and the invitations sent. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const admin = consoleGate(locals.actor, url, 'staff');
	const { staff } = locals.app.services;
	const [members, invitations] = await Promise.all([staff.members(locals.actor), staff.invitations(locals.actor)]);
	return { members, invitations, me: admin.userId };
};

export const actions: Actions = {
	/** AD10: the link is e-mailed, and shown once here too, for an admin who hands it over in person. */
	invite: async ({ request, locals, url }) => {
		const values = textFields(await request.formData(), ['email', 'role'], 254);
		try {
			const { invitation, token } = await locals.app.services.staff.invite(locals.actor, values);
			return { invited: { email: invitation.email, role: invitation.role, link: `${origin(locals.app.config, url)}/invitations/${token}` } };
		} catch (error) {
			return failFromDomain(error, { form: 'invite', values });
		}
	},
	/** AD10 */
	revoke: async ({ request, locals }) => {
		const { invitationId } = textFields(await request.formData(), ['invitationId'], 64);
		try {
			await locals.app.services.staff.revoke(locals.actor, invitationId);
			return { revoked: true };
		} catch (error) {
			return failFromDomain(error, { form: 'revoke' });
		}
	},
	/** AD11: another role, or back to citizen. */
	role: async ({ request, locals }) => {
		const values = textFields(await request.formData(), ['userId', 'role'], 64);
		try {
			await locals.app.services.staff.changeRole(locals.actor, values);
			return { roleChanged: values.userId };
		} catch (error) {
			return failFromDomain(error, { form: `role-${values.userId}` });
		}
	}
};
