import type { Executor } from './executor';

export interface StaffMemberRecord {
	id: string;
	email: string;
	displayName: string;
	role: string;
	createdAt: string;
}

export interface StaffInvitationRecord {
	id: string;
	tokenHash: string;
	email: string;
	role: string;
	invitedBy: string;
	createdAt: string;
	expiresAt: string;
	acceptedAt: string | null;
	acceptedBy: string | null;
	revokedAt: string | null;
}

export interface FacilitatorAssignmentRecord {
	projectId: string;
	userId: string;
	displayName: string;
}

const invitationColumns = [
	'id',
	'token_hash as tokenHash',
	'email',
	'role',
	'invited_by as invitedBy',
	'created_at as createdAt',
	'expires_at as expiresAt',
	'accepted_at as acceptedAt',
	'accepted_by as acceptedBy',
	'revoked_at as revokedAt'
] as const;

/** AD3/AD10/AD11: the city's staff, their invitations, and which facilitators run which project. */
export function staffRepository(db: Executor) {
	return {
		/** Every account with a role other than citizen, by name. */
		async listMembers(): Promise<StaffMemberRecord[]> {
			return db
				.selectFrom('users')
				.select(['id', 'email', 'display_name as displayName', 'role', 'created_at as createdAt'])
				.where('role', '!=', 'citizen')
				.orderBy('display_name')
				.execute();
		},
		async findMember(id: string): Promise<StaffMemberRecord | undefined> {
			return db.selectFrom('users').select(['id', 'email', 'display_name as displayName', 'role', 'created_at as createdAt']).where('id', '=', id).executeTakeFirst();
		},
		async countAdmins(): Promise<number> {
			const row = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('count')).where('role', '=', 'admin').executeTakeFirst();
			return Number(row?.count ?? 0);
		},
		async insertInvitation(invitation: StaffInvitationRecord): Promise<void> {
			await db
				.insertInto('staff_invitations')
				.values({
					id: invitation.id,
					token_hash: invitation.tokenHash,
					email: invitation.email,
					role: invitation.role,
					invited_by: invitation.invitedBy,
					created_at: invitation.createdAt,
					expires_at: invitation.expiresAt
				})
				.execute();
		},
		/** The newest invitations first (the console's list). */
		async listInvitations(limit: number): Promise<StaffInvitationRecord[]> {
			return db.selectFrom('staff_invitations').select(invitationColumns).orderBy('created_at', 'desc').limit(limit).execute();
		},
		async findInvitationByTokenHash(tokenHash: string): Promise<StaffInvitationRecord | undefined> {
			return db.selectFrom('staff_invitations').select(invitationColumns).where('token_hash', '=', tokenHash).executeTakeFirst();
		},
		/** Revokes an invitation nobody used yet; false when there is no such open invitation. */
		async revokeInvitation(id: string, at: string): Promise<boolean> {
			const result = await db
				.updateTable('staff_invitations')
				.set({ revoked_at: at })
				.where('id', '=', id)
				.where('accepted_at', 'is', null)
				.where('revoked_at', 'is', null)
				.executeTakeFirst();
			return Number(result.numUpdatedRows) === 1;
		},
		/** AD10: marks an open, unexpired invitation used; false when someone used, revoked or outlived it first. */
		async acceptInvitation(id: string, userId: string, at: string): Promise<boolean> {
			const result = await db
				.updateTable('staff_invitations')
				.set({ accepted_at: at, accepted_by: userId })
				.where('id', '=', id)
				.where('accepted_at', 'is', null)
				.where('revoked_at', 'is', null)
				.where('expires_at', '>', at)
				.executeTakeFirst();
			return Number(result.numUpdatedRows) === 1;
		},
		async assignFacilitator(projectId: string, userId: string, assignedBy: string, at: string): Promise<void> {
			await db
				.insertInto('project_facilitators')
				.values({ project_id: projectId, user_id: userId, assigned_by: assignedBy, created_at: at })
				.onConflict((conflict) => conflict.columns(['project_id', 'user_id']).doNothing())
				.execute();
		},
		async unassignFacilitator(projectId: string, userId: string): Promise<void> {
			await db.deleteFrom('project_facilitators').where('project_id', '=', projectId).where('user_id', '=', userId).execute();
		},
		async unassignEverywhere(userId: string): Promise<void> {
			await db.deleteFrom('project_facilitators').where('user_id', '=', userId).execute();
		},
		async facilitatorsOf(projectId: string): Promise<FacilitatorAssignmentRecord[]> {
			return db
				.selectFrom('project_facilitators as f')
				.innerJoin('users as u', 'u.id', 'f.user_id')
				.select(['f.project_id as projectId', 'f.user_id as userId', 'u.display_name as displayName'])
				.where('f.project_id', '=', projectId)
				.orderBy('u.display_name')
				.execute();
		},
		async projectIdsRunBy(userId: string): Promise<string[]> {
			const rows = await db.selectFrom('project_facilitators').select('project_id').where('user_id', '=', userId).execute();
			return rows.map((row) => row.project_id);
		}
	};
}
