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
	created_at: Timestamp;
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
}

export interface TopicsTable {
	id: string;
	slug: string;
	name: string;
	/** JSON: the name in the other interface languages. */
	translations: ColumnType<string, string | undefined, string>;
	position: number;
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
	created_at: Timestamp;
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

export interface Database {
	users: UsersTable;
	sessions: SessionsTable;
	districts: DistrictsTable;
	topics: TopicsTable;
	projects: ProjectsTable;
	ideas: IdeasTable;
	idea_revisions: IdeaRevisionsTable;
	votes: VotesTable;
	comments: CommentsTable;
	comment_votes: CommentVotesTable;
	comment_revisions: CommentRevisionsTable;
	document_updates: DocumentUpdatesTable;
	idempotency_keys: IdempotencyKeysTable;
	idea_images: IdeaImagesTable;
}

export type Dialect = 'sqlite' | 'postgres';
