import { INVITATION_TOKEN_PATTERN, INVITATION_TTL_DAYS, invitationFormSchema, requireAdmin, roleChangeSchema } from '../../domain/admin';
import { roleSchema, type Actor, type Role } from '../../domain/actors';
import { DomainError } from '../../domain/errors';
import { limitSubjectOf } from '../../domain/limits';
import { parseInput } from '../../domain/validation';
import type { ServicePorts } from '../ports';
import type { StaffInvitationRecord } from '../storage/store';

export interface StaffMember {
	readonly userId: string;
	readonly email: string;
	readonly displayName: string;
	readonly role: Role;
}

export type InvitationState = 'open' | 'accepted' | 'revoked' | 'expired';

export interface StaffInvitation {
	readonly id: string;
	readonly email: string;
	readonly role: Role;
	readonly createdAt: string;
	readonly expiresAt: string;
	readonly state: InvitationState;
}

/** What creating an invitation answers: the invitation and, once only, its secret token (for the link). */
export interface CreatedInvitation {
	readonly invitation: StaffInvitation;
	readonly token: string;
}

/**
 * AD10: how an invitation reaches the person: the lead wires this to the mail port at merge. Until then the console
 * shows the link to the admin, who passes it on.
 */
export type InvitationSender = (message: { email: string; role: Role; token: string }) => Promise<void>;

/** The invitations the console lists (the newest). */
const LISTED_INVITATIONS = 100;

export function createStaffService({ store, events, clock, ids, secrets, limits }: ServicePorts, options: { sendInvitation?: InvitationSender } = {}) {
	const stateOf = (record: StaffInvitationRecord): InvitationState =>
		record.acceptedAt ? 'accepted' : record.revokedAt ? 'revoked' : record.expiresAt <= clock.now().toISOString() ? 'expired' : 'open';
	const toInvitation = (record: StaffInvitationRecord): StaffInvitation => ({
		id: record.id,
		email: record.email,
		role: roleSchema.catch('citizen').parse(record.role),
		createdAt: record.createdAt,
		expiresAt: record.expiresAt,
		state: stateOf(record)
	});

	async function findOpen(token: unknown): Promise<StaffInvitationRecord> {
		if (typeof token !== 'string' || !INVITATION_TOKEN_PATTERN.test(token)) throw new DomainError('not_found', 'admin_invitation_invalid');
		const record = await store.staff.findInvitationByTokenHash(secrets.sessionIdOf(token));
		if (!record || stateOf(record) !== 'open') throw new DomainError('not_found', 'admin_invitation_invalid');
		return record;
	}

	return {
		/** AD11: every account with a staff role (admins). */
		async members(actor: Actor): Promise<StaffMember[]> {
			requireAdmin(actor);
			return (await store.staff.listMembers()).map((row) => ({ userId: row.id, email: row.email, displayName: row.displayName, role: roleSchema.catch('citizen').parse(row.role) }));
		},

		/** AD10: the newest invitations with their state (admins). */
		async invitations(actor: Actor): Promise<StaffInvitation[]> {
			requireAdmin(actor);
			return (await store.staff.listInvitations(LISTED_INVITATIONS)).map(toInvitation);
		},

		/**
		 * AD10: invites someone by e-mail to the staff with a role (admins; R43). Only the token's digest is stored; the
		 * token comes back once, for the link, and goes to `sendInvitation` when one is wired.
		 */
		async invite(actor: Actor, input: unknown): Promise<CreatedInvitation> {
			const admin = requireAdmin(actor);
			await limits.take('admin.invite', limitSubjectOf(actor));
			const { email, role } = parseInput(invitationFormSchema, input);
			const token = secrets.newSessionToken();
			const now = clock.now();
			const record: StaffInvitationRecord = {
				id: ids.next(),
				tokenHash: secrets.sessionIdOf(token),
				email,
				role,
				invitedBy: admin.userId,
				createdAt: now.toISOString(),
				expiresAt: new Date(now.getTime() + INVITATION_TTL_DAYS * 86_400_000).toISOString(),
				acceptedAt: null,
				acceptedBy: null,
				revokedAt: null
			};
			await store.staff.insertInvitation(record);
			await options.sendInvitation?.({ email, role, token });
			return { invitation: toInvitation(record), token };
		},

		/** AD10: revokes an unused invitation (admins; R43); `not_found` when it was used, revoked or never existed. */
		async revoke(actor: Actor, invitationId: unknown): Promise<void> {
			requireAdmin(actor);
			await limits.take('admin.invite', limitSubjectOf(actor));
			if (typeof invitationId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(invitationId)) throw new DomainError('not_found', 'admin_invitation_invalid');
			if (!(await store.staff.revokeInvitation(invitationId, clock.now().toISOString()))) throw new DomainError('not_found', 'admin_invitation_invalid');
		},

		/** AD10: what an invitation offers, for its page; `not_found` unless it is open (anyone with the link). */
		async describeInvitation(token: unknown): Promise<{ role: Role; email: string; expiresAt: string }> {
			const record = await findOpen(token);
			return { role: roleSchema.catch('citizen').parse(record.role), email: record.email, expiresAt: record.expiresAt };
		},

		/**
		 * AD10: the signed-in person takes the invitation's role, exactly as the admin chose it, if their account's
		 * e-mail is the one invited (a forwarded or leaked link makes nobody else staff). The invitation is used up
		 * once, even when two tabs race. Publishes `account.changed`, so the person's open connections follow.
		 */
		async accept(actor: Actor, token: unknown): Promise<Role> {
			if (actor.kind !== 'user') throw new DomainError('unauthenticated', 'admin_sign_in');
			const person = actor;
			await limits.take('admin.acceptInvitation', limitSubjectOf(actor));
			const record = await findOpen(token);
			const role = roleSchema.parse(record.role);
			const account = await store.staff.findMember(person.userId);
			if (!account || account.email !== record.email) throw new DomainError('forbidden', 'admin_invitation_other_email', { email: record.email });
			await store.transaction(async (tx) => {
				if (!(await tx.staff.acceptInvitation(record.id, person.userId, clock.now().toISOString()))) {
					throw new DomainError('not_found', 'admin_invitation_invalid');
				}
				await tx.users.setRole(person.userId, role);
			});
			events.publish({ type: 'account.changed', userId: person.userId });
			return role;
		},

		/**
		 * AD11: gives a staff member another role, or takes it away (`citizen`) (admins; R44). An admin may not take
		 * their own admin role (the city would risk having none); a facilitator who stops being one stops running
		 * projects. Publishes `account.changed`.
		 */
		async changeRole(actor: Actor, input: unknown): Promise<void> {
			const admin = requireAdmin(actor);
			await limits.take('admin.staff', limitSubjectOf(actor));
			const { userId, role } = parseInput(roleChangeSchema, input);
			if (userId === admin.userId && role !== 'admin') throw new DomainError('conflict', 'admin_role_self', {}, { role: { key: 'admin_role_self' } });
			await store.transaction(async (tx) => {
				if (!(await tx.users.setRole(userId, role))) throw new DomainError('not_found', 'account_not_found');
				if (role !== 'facilitator') await tx.staff.unassignEverywhere(userId);
			});
			events.publish({ type: 'account.changed', userId });
		}
	};
}

export type StaffService = ReturnType<typeof createStaffService>;
