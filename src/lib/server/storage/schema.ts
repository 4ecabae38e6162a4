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
	/** B1: kept by the database whenever the counts change (migration 007). */
	trending_score: ColumnType<number, number | undefined, number>;
	/** B4: a random key in [0, 2^31), fixed at insert: the visitor's shuffle rotates it by their seed. */
	random_key: ColumnType<number, number | undefined, number>;
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
	body: string;
	created_at: Timestamp;
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

export interface Database {
	users: UsersTable;
	sessions: SessionsTable;
	districts: DistrictsTable;
	topics: TopicsTable;
	projects: ProjectsTable;
	ideas: IdeasTable;
	votes: VotesTable;
	comments: CommentsTable;
	document_updates: DocumentUpdatesTable;
	idempotency_keys: IdempotencyKeysTable;
}

export type Dialect = 'sqlite' | 'postgres';
