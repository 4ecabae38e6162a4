import { sql } from 'kysely';
import type { Executor } from './executor';
import type { Dialect } from './schema';

export interface DraftRecord {
	id: string;
	projectId: string;
	projectSlug: string;
	projectStatus: string;
	createdBy: string;
	title: string;
	summary: string;
	cost: number | null;
	/** D42: the cost when last published. */
	publishedCost: number | null;
	/** D41: 1 once it has been private. */
	writtenInPrivate: number;
	visibility: string;
	status: string;
	ideaId: string | null;
	language: string;
	createdAt: string;
	updatedAt: string;
}

export interface DraftPersonRecord {
	id: string;
	displayName: string;
	role: string;
}

export interface DraftAuthorRecord extends DraftPersonRecord {
	draftId: string;
	joinedAt: string;
}

export interface DraftLinkRecord {
	id: string;
	draftId: string;
	createdBy: string;
	expiresAt: string;
	revokedAt: string | null;
}

export interface DraftInvitationRecord {
	draftId: string;
	draftTitle: string;
	projectSlug: string;
	invitedById: string;
	invitedByName: string;
	invitedByRole: string;
	createdAt: string;
}

export interface DraftJoinRequestRecord {
	id: string;
	draftId: string;
	draftTitle: string;
	userId: string;
	displayName: string;
	role: string;
	message: string;
	createdAt: string;
}

export interface NewDraftRecord {
	id: string;
	projectId: string;
	createdBy: string;
	title: string;
	summary: string;
	cost: number | null;
	visibility: string;
	language: string;
	createdAt: string;
}

/** The store of drafts: co-authors, invitations, share links, join requests, and idea credits (D1–D29). */
/** D20: how many of a project's newest public open drafts similar drafts are looked for in. */
const PUBLIC_DRAFTS_SCANNED = 500;

export function draftsRepository(db: Executor, dialect: Dialect) {
	const draftColumns = [
		'd.id',
		'd.project_id as projectId',
		'p.slug as projectSlug',
		'p.status as projectStatus',
		'd.created_by as createdBy',
		'd.title',
		'd.summary',
		'd.cost',
		'd.published_cost as publishedCost',
		'd.written_in_private as writtenInPrivate',
		'd.visibility',
		'd.status',
		'd.idea_id as ideaId',
		'd.language',
		'd.created_at as createdAt',
		'd.updated_at as updatedAt'
	] as const;
	const drafts = () => db.selectFrom('drafts as d').innerJoin('projects as p', 'p.id', 'd.project_id');
	const requests = () =>
		db
			.selectFrom('draft_join_requests as r')
			.innerJoin('users as u', 'u.id', 'r.user_id')
			.innerJoin('drafts as d', 'd.id', 'r.draft_id')
			.select(['r.id', 'r.draft_id as draftId', 'd.title as draftTitle', 'r.user_id as userId', 'u.display_name as displayName', 'u.role', 'r.message', 'r.created_at as createdAt']);

	return {
		async insert(draft: NewDraftRecord): Promise<void> {
			await db
				.insertInto('drafts')
				.values({
					id: draft.id,
					project_id: draft.projectId,
					created_by: draft.createdBy,
					title: draft.title,
					summary: draft.summary,
					cost: draft.cost,
					visibility: draft.visibility,
					written_in_private: draft.visibility === 'public' ? 0 : 1,
					status: 'open',
					language: draft.language,
					created_at: draft.createdAt,
					updated_at: draft.createdAt
				})
				.execute();
		},

		async find(id: string): Promise<DraftRecord | undefined> {
			return drafts().select(draftColumns).where('d.id', '=', id).executeTakeFirst();
		},

		/** The draft, locked until the transaction ends on PostgreSQL (SQLite runs one writing transaction at a time). */
		async lockForChange(id: string): Promise<DraftRecord | undefined> {
			let query = drafts().select(draftColumns).where('d.id', '=', id);
			if (dialect === 'postgres') query = query.forUpdate('d');
			return query.executeTakeFirst();
		},

		/** D13: the draft an idea was published from, if any. */
		async findByIdea(ideaId: string): Promise<DraftRecord | undefined> {
			return drafts().select(draftColumns).where('d.idea_id', '=', ideaId).executeTakeFirst();
		},

		/** D16: co-authors in the order they joined. */
		async authorsOf(draftIds: readonly string[]): Promise<DraftAuthorRecord[]> {
			if (draftIds.length === 0) return [];
			return db
				.selectFrom('draft_authors as a')
				.innerJoin('users as u', 'u.id', 'a.user_id')
				.select(['a.draft_id as draftId', 'u.id', 'u.display_name as displayName', 'u.role', 'a.joined_at as joinedAt'])
				.where('a.draft_id', 'in', draftIds)
				.orderBy('a.joined_at')
				.orderBy('u.id')
				.execute();
		},

		/** Returns whether the person was not a co-author before. */
		async addAuthor(draftId: string, userId: string, joinedAt: string): Promise<boolean> {
			const result = await db
				.insertInto('draft_authors')
				.values({ draft_id: draftId, user_id: userId, joined_at: joinedAt })
				.onConflict((conflict) => conflict.columns(['draft_id', 'user_id']).doNothing())
				.executeTakeFirst();
			return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
		},

		async removeAuthor(draftId: string, userId: string): Promise<void> {
			await db.deleteFrom('draft_authors').where('draft_id', '=', draftId).where('user_id', '=', userId).execute();
		},

		/** D23: the drafts a person co-writes, most recently changed first. */
		async listForAuthor(userId: string, limit: number): Promise<DraftRecord[]> {
			return drafts()
				.innerJoin('draft_authors as a', 'a.draft_id', 'd.id')
				.select(draftColumns)
				.where('a.user_id', '=', userId)
				.orderBy('d.updated_at', 'desc')
				.orderBy('d.id', 'desc')
				.limit(limit)
				.execute();
		},

		async setVisibility(id: string, visibility: string, at: string): Promise<void> {
			// D41: once private, always written in private.
			await db
				.updateTable('drafts')
				.set({ visibility, updated_at: at, ...(visibility === 'public' ? {} : { written_in_private: 1 }) })
				.where('id', '=', id)
				.execute();
		},

		/** D13/D15: moves between open and published; returns false when the draft was not in `from` (a race lost). */
		async setStatus(id: string, from: string, to: { status: string; ideaId: string | null; at: string }): Promise<boolean> {
			const result = await db
				.updateTable('drafts')
				.set({ status: to.status, ...(to.ideaId ? { idea_id: to.ideaId } : {}), updated_at: to.at })
				.where('id', '=', id)
				.where('status', '=', from)
				.executeTakeFirst();
			return Number(result.numUpdatedRows) === 1;
		},

		/** D22: the copies of the document's fields that lists show. */
		/** D22: the copy of the document's fields that lists show; `published` also makes the cost the idea's (D42). */
		async setListing(id: string, listing: { title: string; summary: string; cost: number | null; at: string }, published = false): Promise<void> {
			await db
				.updateTable('drafts')
				.set({ title: listing.title, summary: listing.summary, cost: listing.cost, updated_at: listing.at, ...(published ? { published_cost: listing.cost } : {}) })
				.where('id', '=', id)
				.execute();
		},

		/** D9: accounts whose display name is `name`, case aside; two at most, which is enough to know it is ambiguous. */
		async usersNamed(name: string): Promise<DraftPersonRecord[]> {
			return db
				.selectFrom('users')
				.select(['id', 'display_name as displayName', 'role'])
				.where(sql<string>`lower(display_name)`, '=', name.toLowerCase())
				.limit(2)
				.execute();
		},

		/** Returns whether the invitation is new. */
		async invite(invitation: { draftId: string; userId: string; invitedBy: string; createdAt: string }): Promise<boolean> {
			const result = await db
				.insertInto('draft_invitations')
				.values({ draft_id: invitation.draftId, user_id: invitation.userId, invited_by: invitation.invitedBy, created_at: invitation.createdAt })
				.onConflict((conflict) => conflict.columns(['draft_id', 'user_id']).doNothing())
				.executeTakeFirst();
			return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
		},

		/** Returns whether there was an invitation to remove. */
		async removeInvitation(draftId: string, userId: string): Promise<boolean> {
			const result = await db.deleteFrom('draft_invitations').where('draft_id', '=', draftId).where('user_id', '=', userId).executeTakeFirst();
			return Number(result.numDeletedRows) === 1;
		},

		async invitationsFor(userId: string): Promise<DraftInvitationRecord[]> {
			return db
				.selectFrom('draft_invitations as i')
				.innerJoin('drafts as d', 'd.id', 'i.draft_id')
				.innerJoin('projects as p', 'p.id', 'd.project_id')
				.innerJoin('users as u', 'u.id', 'i.invited_by')
				.select(['i.draft_id as draftId', 'd.title as draftTitle', 'p.slug as projectSlug', 'u.id as invitedById', 'u.display_name as invitedByName', 'u.role as invitedByRole', 'i.created_at as createdAt'])
				.where('i.user_id', '=', userId)
				.orderBy('i.created_at', 'desc')
				.execute();
		},

		async invitedTo(draftId: string): Promise<DraftPersonRecord[]> {
			return db
				.selectFrom('draft_invitations as i')
				.innerJoin('users as u', 'u.id', 'i.user_id')
				.select(['u.id', 'u.display_name as displayName', 'u.role'])
				.where('i.draft_id', '=', draftId)
				.orderBy('i.created_at')
				.execute();
		},

		async insertLink(link: { id: string; draftId: string; tokenHash: string; createdBy: string; createdAt: string; expiresAt: string }): Promise<void> {
			await db
				.insertInto('draft_links')
				.values({ id: link.id, draft_id: link.draftId, token_hash: link.tokenHash, created_by: link.createdBy, created_at: link.createdAt, expires_at: link.expiresAt })
				.execute();
		},

		async findLinkByHash(tokenHash: string): Promise<DraftLinkRecord | undefined> {
			return db
				.selectFrom('draft_links')
				.select(['id', 'draft_id as draftId', 'created_by as createdBy', 'expires_at as expiresAt', 'revoked_at as revokedAt'])
				.where('token_hash', '=', tokenHash)
				.executeTakeFirst();
		},

		/** D8: returns whether a live link of that draft was revoked. */
		async revokeLink(draftId: string, linkId: string, at: string): Promise<boolean> {
			const result = await db
				.updateTable('draft_links')
				.set({ revoked_at: at })
				.where('id', '=', linkId)
				.where('draft_id', '=', draftId)
				.where('revoked_at', 'is', null)
				.executeTakeFirst();
			return Number(result.numUpdatedRows) === 1;
		},

		/** The links of a draft that still work at `now`. */
		async liveLinks(draftId: string, now: string): Promise<DraftLinkRecord[]> {
			return db
				.selectFrom('draft_links')
				.select(['id', 'draft_id as draftId', 'created_by as createdBy', 'expires_at as expiresAt', 'revoked_at as revokedAt'])
				.where('draft_id', '=', draftId)
				.where('revoked_at', 'is', null)
				.where('expires_at', '>', now)
				.orderBy('created_at')
				.execute();
		},

		/** D18: returns whether the request is new (one pending request per person per draft). */
		async requestJoin(request: { id: string; draftId: string; userId: string; message: string; createdAt: string }): Promise<boolean> {
			const result = await db
				.insertInto('draft_join_requests')
				.values({ id: request.id, draft_id: request.draftId, user_id: request.userId, message: request.message, created_at: request.createdAt })
				.onConflict((conflict) => conflict.columns(['draft_id', 'user_id']).doNothing())
				.executeTakeFirst();
			return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
		},

		async findJoinRequest(id: string): Promise<DraftJoinRequestRecord | undefined> {
			return requests().where('r.id', '=', id).executeTakeFirst();
		},

		async pendingJoinRequest(draftId: string, userId: string): Promise<DraftJoinRequestRecord | undefined> {
			return requests().where('r.draft_id', '=', draftId).where('r.user_id', '=', userId).executeTakeFirst();
		},

		/** Returns whether the request was still pending (D19: a request is answered once). */
		async removeJoinRequest(id: string): Promise<boolean> {
			const result = await db.deleteFrom('draft_join_requests').where('id', '=', id).executeTakeFirst();
			return Number(result.numDeletedRows) === 1;
		},

		async joinRequestsOf(draftIds: readonly string[]): Promise<DraftJoinRequestRecord[]> {
			if (draftIds.length === 0) return [];
			return requests().where('r.draft_id', 'in', draftIds).orderBy('r.created_at').execute();
		},

		/**
		 * D20: public open drafts of a project whose title holds any of `terms` (lower-case words), newest first; the
		 * service ranks them by how much their titles overlap. Matched here rather than with SQL's `lower()`, which
		 * folds only ASCII on SQLite ("Éclairage" would not hold "éclairage"); a project has few public drafts being
		 * written, and the newest PUBLIC_DRAFTS_SCANNED are the ones read.
		 */
		async publicWithTerms(projectId: string, terms: readonly string[], limit: number): Promise<{ id: string; title: string }[]> {
			const wanted = terms.filter((term) => term !== '');
			if (wanted.length === 0) return [];
			const rows = await db
				.selectFrom('drafts')
				.select(['id', 'title'])
				.where('project_id', '=', projectId)
				.where('visibility', '=', 'public')
				.where('status', '=', 'open')
				.orderBy('updated_at', 'desc')
				.limit(PUBLIC_DRAFTS_SCANNED)
				.execute();
			return rows.filter((row) => wanted.some((term) => row.title.toLowerCase().includes(term))).slice(0, limit);
		},

		/** D16: credits every co-author of an idea, in order. */
		async creditIdea(ideaId: string, userIds: readonly string[]): Promise<void> {
			await db.deleteFrom('idea_authors').where('idea_id', '=', ideaId).execute();
			if (userIds.length === 0) return;
			await db
				.insertInto('idea_authors')
				.values(userIds.map((userId, position) => ({ idea_id: ideaId, user_id: userId, position })))
				.execute();
		},

		/** D16: an idea's credited authors, in order (empty for an idea not published from a draft). */
		async ideaAuthors(ideaId: string): Promise<DraftPersonRecord[]> {
			return db
				.selectFrom('idea_authors as a')
				.innerJoin('users as u', 'u.id', 'a.user_id')
				.select(['u.id', 'u.display_name as displayName', 'u.role'])
				.where('a.idea_id', '=', ideaId)
				.orderBy('a.position')
				.execute();
		}
	};
}
