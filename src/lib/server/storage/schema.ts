import type { ColumnType, Generated } from 'kysely';

/** Timestamps are ISO-8601 UTC strings in both dialects: portable, sortable, and readable in a shell. */
type Timestamp = string;

export interface UsersTable {
	id: string;
	email: string;
	display_name: string;
	password_hash: string;
	role: string;
	/** L2: the interface language the person chose; null until they choose. */
	locale: ColumnType<string | null, string | null | undefined, string | null>;
	/** E1: when the account proved it receives mail at `email` (migration 030); null: not yet. */
	email_verified_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
	created_at: Timestamp;
	/** MO6 (migration 028): when a moderator blocked the account; null when it is not blocked. */
	blocked_at: ColumnType<string | null, string | null | undefined, string | null>;
	blocked_reason: ColumnType<string | null, string | null | undefined, string | null>;
	/** LB2 (migration 040): 1 when the person appears on public boards (the default), 0 when they opted out. */
	points_listed: ColumnType<number, number | undefined, number>;
	/** BG3 (migration 040): the district the person says they live in, or null. */
	home_district: ColumnType<string | null, string | null | undefined, string | null>;
}

/** E3/E9: one-time links sent by e-mail (migration 031); `id` is the SHA-256 of the token. */
export interface AccountTokensTable {
	id: string;
	user_id: string;
	/** 'verify' | 'reset' */
	purpose: string;
	/** The address the link was sent to. */
	email: string;
	created_at: Timestamp;
	expires_at: Timestamp;
	used_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
}

export interface SessionsTable {
	/** SHA-256 of the cookie's token: a stolen database row cannot be replayed as a cookie. */
	id: string;
	user_id: string;
	created_at: Timestamp;
	expires_at: Timestamp;
}

export interface DistrictsTable {
	id: string;
	slug: string;
	name: string;
	centre_lat: number;
	centre_lng: number;
	/** GeoJSON Polygon or MultiPolygon, as JSON text. */
	geometry: string;
	approximate: number;
	/** M8: inhabitants, when the district file says. */
	population: ColumnType<number | null, number | null | undefined, number | null>;
	/** JSON: the name in the other interface languages. */
	translations: ColumnType<string, string | undefined, string>;
}

export interface TopicsTable {
	id: string;
	slug: string;
	name: string;
	/** JSON: the name in the other interface languages. */
	translations: ColumnType<string, string | undefined, string>;
	position: number;
	/** AD7: 1–8, a topic palette token; null: by position (migration 036). */
	colour: ColumnType<number | null, number | null | undefined, number | null>;
	/** AD7: an icon name of the visual system; null: by slug (migration 036). */
	icon: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ProjectsTable {
	id: string;
	slug: string;
	title: string;
	description: string;
	/** JSON: `{ locale: { title, description } }` for the other interface languages. */
	translations: ColumnType<string, string | undefined, string>;
	status: string;
	closes_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
	/** I7: how long after posting an author may edit an idea (migration 008). */
	edit_window_minutes: ColumnType<number, number | undefined, number>;
	/** ST7: the upvotes at which the city promises an answer, null for none (migration 020). */
	support_threshold: ColumnType<number | null, number | null | undefined, number | null>;
	/** ST7: the days the city gives itself to answer an idea that crossed the threshold. */
	answer_days: ColumnType<number | null, number | null | undefined, number | null>;
	/** E6: 1 when voting needs a verified e-mail address (migration 032). */
	voting_needs_verified_email: ColumnType<number, number | undefined, number>;
	created_at: Timestamp;
	/** AD4: when participation opens, shown beside closes_at (migration 035). */
	opens_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
	/** AD5: 'up_down' or 'up_only' (migration 035). */
	vote_mode: ColumnType<string, string | undefined, string>;
	/** AD5: 'pin_optional' (a district is enough) or 'pin_required' (migration 035). */
	location_mode: ColumnType<string, string | undefined, string>;
}

export interface IdeasTable {
	id: string;
	project_id: string;
	author_id: string;
	title: string;
	body: string;
	/** The body as plain text, for search and previews (migration 006). */
	body_text: ColumnType<string, string | undefined, string>;
	topic_id: string;
	district_id: string;
	lat: number;
	lng: number;
	location_approximate: ColumnType<number, number | undefined, number>;
	language: ColumnType<string, string | undefined, string>;
	status: string;
	upvotes: ColumnType<number, number | undefined, number>;
	downvotes: ColumnType<number, number | undefined, number>;
	votes_version: ColumnType<number, number | undefined, number>;
	comment_count: ColumnType<number, number | undefined, number>;
	created_at: Timestamp;
	/** The last time the idea was created, voted on or commented on: what a catch-up asks about (migration 003). */
	changed_at: Timestamp;
	/** I7: the last edit, if any (migration 008; the versions before it are in idea_revisions). */
	edited_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
	/** I9: a soft delete, kept for the audit: when, by whom (a user id) and why. */
	withdrawn_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
	withdrawn_by: ColumnType<string | null, string | null | undefined, string | null>;
	withdrawn_reason: ColumnType<string | null, string | null | undefined, string | null>;
	/** I10: the idea of the same project this one duplicates, who said so and when. */
	duplicate_of: ColumnType<string | null, string | null | undefined, string | null>;
	duplicate_marked_by: ColumnType<string | null, string | null | undefined, string | null>;
	duplicate_marked_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
	/** B1: kept by the database whenever the counts change (migration 007). */
	trending_score: ColumnType<number, number | undefined, number>;
	/** B4: a random key in [0, 2^31), fixed at insert: the visitor's shuffle rotates it by their seed. */
	random_key: ColumnType<number, number | undefined, number>;
	/** B2: `upvotes - downvotes`, generated by the database, what "most supported" sorts by. */
	net_votes: ColumnType<number, never, never>;
	/** ST6: the first official response (migration 020). */
	first_answered_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
	/** ST7: when its upvotes first reached the project's support threshold; never cleared. */
	threshold_reached_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
}

/** ST3: one official response of the city, with the status it set (migration 020). */
export interface IdeaAnswersTable {
	id: string;
	idea_id: string;
	status_from: string;
	status_to: string;
	department: string;
	message: string;
	language: string;
	staff_id: string;
	staff_name: string;
	created_at: Timestamp;
}

/** FO1/FO2: who follows an idea; `following = 0` keeps an explicit unfollow (migration 021). */
export interface IdeaFollowsTable {
	user_id: string;
	idea_id: string;
	following: number;
	changed_at: Timestamp;
}

/** FO3: who follows a project. */
export interface ProjectFollowsTable {
	user_id: string;
	project_id: string;
	changed_at: Timestamp;
}

/** ST9: the city's name and colour for one status (migration 022). */
export interface StatusLabelsTable {
	status: string;
	names: string;
	colour: string;
	changed_at: Timestamp;
	changed_by: string;
}

/** N6: a person's e-mail choice for one kind of notification (migration 023). */
export interface NotificationPreferencesTable {
	user_id: string;
	kind: string;
	mode: string;
}

/** N7–N9: per person, their unsubscribe token, last digest and this hour's instant e-mails. */
export interface NotificationMailTable {
	user_id: string;
	unsubscribe_token: string;
	last_digest_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
	instant_hour: ColumnType<string | null, string | null | undefined, string | null>;
	instant_count: ColumnType<number, number | undefined, number>;
}

/** N1: one notification of one person. */
export interface NotificationsTable {
	fact_id: string;
	user_id: string;
	kind: string;
	idea_id: string;
	detail: string;
	created_at: Timestamp;
	read_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
}

/** I8: one earlier version of an idea, kept when an edit replaced it. */
export interface IdeaRevisionsTable {
	id: string;
	idea_id: string;
	title: string;
	body: string;
	body_text: string;
	topic_id: string;
	/** When this version was written (the idea's creation or the edit that made it). */
	written_at: Timestamp;
	/** When, and by whom (a user id), the edit that replaced it was made. */
	replaced_at: Timestamp;
	replaced_by: string;
}

export interface VotesTable {
	idea_id: string;
	user_id: string;
	value: number;
	updated_at: Timestamp;
}

export interface CommentsTable {
	id: string;
	idea_id: string;
	author_id: string;
	/** Emptied when the comment is deleted (C4). */
	body: string;
	created_at: Timestamp;
	/** The top-level comment this one replies to (C2), or null (migration 009). */
	parent_id: ColumnType<string | null, string | null | undefined, string | null>;
	edited_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
	deleted_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
	upvotes: ColumnType<number, number | undefined, number>;
	/** C8: bumped by every change of the comment. */
	version: ColumnType<number, number | undefined, number>;
}

/** C5: one row per upvote. */
export interface CommentVotesTable {
	comment_id: string;
	user_id: string;
	created_at: Timestamp;
}

/** C3: the previous bodies of an edited comment, numbered from 1 (its first body). */
export interface CommentRevisionsTable {
	comment_id: string;
	number: number;
	body: string;
	written_at: Timestamp;
}

export interface DocumentUpdatesTable {
	id: Generated<number>;
	document: string;
	update: Uint8Array;
	created_at: Timestamp;
}

/** Y16: the user who owns a Yjs client id in a document. */
export interface DocumentClientsTable {
	document: string;
	/** A bigint on PostgreSQL, which node-postgres reads as a string. */
	client_id: number | string;
	user_id: string;
	created_at: Timestamp;
}

/** I5: the first result of a create command, per account, command and client-chosen key. */
export interface IdempotencyKeysTable {
	account_id: string;
	command: string;
	key: string;
	/** The command's result as JSON, returned again to a retry. */
	result: string;
	created_at: Timestamp;
}

/** IM1–IM5 (migration 011): an uploaded image, the uploader's until posted with an idea. */
export interface IdeaImagesTable {
	id: string;
	uploader_id: string;
	idea_id: string | null;
	position: ColumnType<number, number | undefined, number>;
	width: number;
	height: number;
	/** JSON array of the re-encoded widths. */
	widths: string;
	alt: ColumnType<string, string | undefined, string>;
	created_at: Timestamp;
}

/** B8: one row per stem of an idea's title (migration 017), kept by storage/title-stems.ts. */
export interface IdeaTitleStemsTable {
	project_id: string;
	stem: string;
	idea_id: string;
}

/** D1–D17 (migration 013): a draft, with copies of its document's fields for lists (D22). */
export interface DraftsTable {
	id: string;
	project_id: string;
	created_by: string;
	title: string;
	summary: ColumnType<string, string | undefined, string>;
	/** Whole euros. */
	cost: number | null;
	/** D42 (migration 018): the cost when last published, which the idea shows. */
	published_cost: ColumnType<number | null, number | null | undefined, number | null>;
	/** D41 (migration 019): 1 once the draft has been private at any time. */
	written_in_private: ColumnType<number, number | undefined, number>;
	visibility: string;
	status: string;
	idea_id: ColumnType<string | null, string | null | undefined, string | null>;
	language: ColumnType<string, string | undefined, string>;
	created_at: Timestamp;
	updated_at: Timestamp;
}

export interface DraftAuthorsTable {
	draft_id: string;
	user_id: string;
	joined_at: Timestamp;
}

/** D9/D10: a pending invitation by name. */
export interface DraftInvitationsTable {
	draft_id: string;
	user_id: string;
	invited_by: string;
	created_at: Timestamp;
}

/** D6–D8: a share link; only the SHA-256 of its token is kept. */
export interface DraftLinksTable {
	id: string;
	draft_id: string;
	token_hash: string;
	created_by: string;
	created_at: Timestamp;
	expires_at: Timestamp;
	revoked_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
}

/** D18/D19: a pending request to join a public draft. */
export interface DraftJoinRequestsTable {
	id: string;
	draft_id: string;
	user_id: string;
	message: ColumnType<string, string | undefined, string>;
	created_at: Timestamp;
}

/** D16: every credited author of an idea published from a draft, in order (the first is `ideas.author_id`). */
export interface IdeaAuthorsTable {
	idea_id: string;
	user_id: string;
	position: number;
}

/** D30–D33 (migration 014): one version of a Yjs document, its whole state at that moment. */
export interface DocumentVersionsTable {
	id: string;
	document: string;
	number: number;
	kind: string;
	name: string | null;
	snapshot: Uint8Array;
	created_by: string | null;
	/** JSON array of user ids (D35). */
	authors: ColumnType<string, string | undefined, string>;
	restored_from: number | null;
	created_at: Timestamp;
}

/** MO3 (migration 026): the columns a hidden idea or comment carries; `hidden_at` null means shown. */
export interface HiddenColumns {
	hidden_at: ColumnType<string | null, string | null | undefined, string | null>;
	hidden_by: ColumnType<string | null, string | null | undefined, string | null>;
	hidden_reason: ColumnType<string | null, string | null | undefined, string | null>;
	hidden_note: ColumnType<string | null, string | null | undefined, string | null>;
}

/** MO1 (migration 025): a report on an idea or a comment; open while `resolved_at` is null. */
export interface ModerationReportsTable {
	id: string;
	target_kind: string;
	target_id: string;
	idea_id: string;
	project_id: string;
	reporter_id: string;
	reason: string;
	note: ColumnType<string | null, string | null | undefined, string | null>;
	created_at: Timestamp;
	resolved_at: ColumnType<string | null, string | null | undefined, string | null>;
	resolution: ColumnType<string | null, string | null | undefined, string | null>;
	resolved_by: ColumnType<string | null, string | null | undefined, string | null>;
}

/** MO7 (migration 027): one moderation action; rows are only ever inserted. */
export interface ModerationAuditTable {
	id: Generated<number>;
	at: Timestamp;
	action: string;
	moderator_id: string;
	target_kind: string;
	target_id: string;
	subject_user_id: ColumnType<string | null, string | null | undefined, string | null>;
	project_id: ColumnType<string | null, string | null | undefined, string | null>;
	reason: ColumnType<string | null, string | null | undefined, string | null>;
	note: ColumnType<string | null, string | null | undefined, string | null>;
}

/** AD3: a facilitator who runs a project (migration 037). */
export interface ProjectFacilitatorsTable {
	project_id: string;
	user_id: string;
	assigned_by: string;
	created_at: Timestamp;
}

/** AD10: an invitation to the staff; only the token's SHA-256 is kept (migration 038). */
export interface StaffInvitationsTable {
	id: string;
	token_hash: string;
	email: string;
	role: string;
	invited_by: string;
	created_at: Timestamp;
	expires_at: Timestamp;
	accepted_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
	accepted_by: ColumnType<string | null, string | null | undefined, string | null>;
	revoked_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
}

/** PT1 (migration 040): the append-only points ledger; see domain/points.ts LedgerEntry. */
export interface PointLedgerTable {
	id: string;
	user_id: string;
	points: number;
	reason: string;
	source_kind: string;
	source_id: string;
	idea_id: string;
	project_id: string | null;
	district_slug: string | null;
	counterpart_id: string | null;
	counterpart_district: string | null;
	limited_by: string | null;
	reverses: string | null;
	cause: string | null;
	created_at: Timestamp;
}

/** LB1 (migration 040): each person's points per board, derived from the ledger in the same transaction. */
export interface PointBalancesTable {
	board: string;
	user_id: string;
	points: number;
	reached_at: Timestamp;
	/** 1 or 0: a copy of users.points_listed, so a board reads one index. */
	listed: number;
}

/** PT2 (migration 040): an admin's weight for one reason. */
export interface PointWeightsTable {
	reason: string;
	points: number;
	updated_at: Timestamp;
	updated_by: string | null;
}

export interface Database {
	users: UsersTable;
	sessions: SessionsTable;
	account_tokens: AccountTokensTable;
	districts: DistrictsTable;
	topics: TopicsTable;
	projects: ProjectsTable;
	ideas: IdeasTable & HiddenColumns;
	idea_revisions: IdeaRevisionsTable;
	votes: VotesTable;
	comments: CommentsTable & HiddenColumns;
	comment_votes: CommentVotesTable;
	comment_revisions: CommentRevisionsTable;
	document_updates: DocumentUpdatesTable;
	document_clients: DocumentClientsTable;
	idempotency_keys: IdempotencyKeysTable;
	idea_images: IdeaImagesTable;
	idea_title_stems: IdeaTitleStemsTable;
	drafts: DraftsTable;
	draft_authors: DraftAuthorsTable;
	draft_invitations: DraftInvitationsTable;
	draft_links: DraftLinksTable;
	draft_join_requests: DraftJoinRequestsTable;
	idea_authors: IdeaAuthorsTable;
	document_versions: DocumentVersionsTable;
	idea_answers: IdeaAnswersTable;
	idea_follows: IdeaFollowsTable;
	project_follows: ProjectFollowsTable;
	notifications: NotificationsTable;
	status_labels: StatusLabelsTable;
	notification_preferences: NotificationPreferencesTable;
	notification_mail: NotificationMailTable;
	moderation_reports: ModerationReportsTable;
	moderation_audit: ModerationAuditTable;
	project_facilitators: ProjectFacilitatorsTable;
	staff_invitations: StaffInvitationsTable;
	point_ledger: PointLedgerTable;
	point_balances: PointBalancesTable;
	point_weights: PointWeightsTable;
}

export type Dialect = 'sqlite' | 'postgres';
