import { sql } from 'kysely';
import type { Executor } from './executor';

/** D30: one version of a Yjs document, as stored. */
export interface DocumentVersionRecord {
	id: string;
	document: string;
	number: number;
	kind: string;
	name: string | null;
	createdBy: string | null;
	/** D35: the user ids who wrote since the version before. */
	authors: string[];
	restoredFrom: number | null;
	createdAt: string;
}

export interface DocumentVersionWithSnapshot extends DocumentVersionRecord {
	snapshot: Uint8Array;
}

/** A person a version names, as the accounts table knows them now. */
export interface VersionPersonRecord {
	id: string;
	displayName: string;
	role: string;
}

/** Racing inserts of one document each lose at most once per competitor. */
const NUMBER_ATTEMPTS = 20;

const SUMMARY_COLUMNS = [
	'id',
	'document',
	'number',
	'kind',
	'name',
	'created_by as createdBy',
	'authors',
	'restored_from as restoredFrom',
	'created_at as createdAt'
] as const;

function recordOf(row: {
	id: string;
	document: string;
	number: number;
	kind: string;
	name: string | null;
	createdBy: string | null;
	authors: string;
	restoredFrom: number | null;
	createdAt: string;
}): DocumentVersionRecord {
	return { ...row, number: Number(row.number), restoredFrom: row.restoredFrom === null ? null : Number(row.restoredFrom), authors: JSON.parse(row.authors) as string[] };
}

export function documentVersionsRepository(db: Executor) {
	return {
		/**
		 * Stores a version under the next number of its document and returns that number. Two nodes taking a version of
		 * one document at once may pick the same number: the unique (document, number) pair lets one of them through and
		 * the other takes the next.
		 */
		async insert(version: Omit<DocumentVersionWithSnapshot, 'number'>): Promise<number> {
			for (let attempt = 1; ; attempt++) {
				// One statement picks the number and inserts: atomic on SQLite; on PostgreSQL two may still pick the same.
				const row = await db
					.insertInto('document_versions')
					.columns(['id', 'document', 'number', 'kind', 'name', 'snapshot', 'created_by', 'authors', 'restored_from', 'created_at'])
					.expression((eb) =>
						eb
							.selectFrom('document_versions')
							.where('document', '=', version.document)
							.select([
								eb.val(version.id).as('id'),
								eb.val(version.document).as('document'),
								sql<number>`coalesce(max(number), 0) + 1`.as('number'),
								eb.val(version.kind).as('kind'),
								eb.val(version.name).as('name'),
								eb.val(version.snapshot).as('snapshot'),
								eb.val(version.createdBy).as('created_by'),
								eb.val(JSON.stringify(version.authors)).as('authors'),
								eb.val(version.restoredFrom).as('restored_from'),
								eb.val(version.createdAt).as('created_at')
							])
					)
					.onConflict((conflict) => conflict.columns(['document', 'number']).doNothing())
					.returning('number')
					.executeTakeFirst();
				if (row) return Number(row.number);
				if (attempt >= NUMBER_ATTEMPTS) throw new Error(`could not number a version of ${version.document}`);
			}
		},
		/** The newest version of a document with its state, or undefined before the first. */
		async latest(document: string): Promise<DocumentVersionWithSnapshot | undefined> {
			const row = await db
				.selectFrom('document_versions')
				.select([...SUMMARY_COLUMNS, 'snapshot'])
				.where('document', '=', document)
				.orderBy('number', 'desc')
				.limit(1)
				.executeTakeFirst();
			return row && { ...recordOf(row), snapshot: new Uint8Array(row.snapshot) };
		},
		/** A document's versions, newest first, without their states. */
		async list(document: string, limit: number): Promise<DocumentVersionRecord[]> {
			const rows = await db
				.selectFrom('document_versions')
				.select(SUMMARY_COLUMNS)
				.where('document', '=', document)
				.orderBy('number', 'desc')
				.limit(limit)
				.execute();
			return rows.map(recordOf);
		},
		/** One version of `document` (an id of another document's version finds nothing). */
		async find(document: string, id: string): Promise<DocumentVersionWithSnapshot | undefined> {
			const row = await db
				.selectFrom('document_versions')
				.select([...SUMMARY_COLUMNS, 'snapshot'])
				.where('document', '=', document)
				.where('id', '=', id)
				.executeTakeFirst();
			return row && { ...recordOf(row), snapshot: new Uint8Array(row.snapshot) };
		},
		/** D33: deletes the automatic versions of a document past its newest `keep`; returns how many went. */
		async pruneAutomatic(document: string, keep: number): Promise<number> {
			const kept = await db
				.selectFrom('document_versions')
				.select('number')
				.where('document', '=', document)
				.where('kind', '=', 'automatic')
				.orderBy('number', 'desc')
				.offset(keep)
				.limit(1)
				.executeTakeFirst();
			if (!kept) return 0;
			const result = await db
				.deleteFrom('document_versions')
				.where('document', '=', document)
				.where('kind', '=', 'automatic')
				.where('number', '<=', Number(kept.number))
				.executeTakeFirst();
			return Number(result.numDeletedRows);
		},
		/** The names and roles of the given users (for the people versions name). */
		async people(ids: readonly string[]): Promise<VersionPersonRecord[]> {
			if (ids.length === 0) return [];
			return db.selectFrom('users').select(['id', 'display_name as displayName', 'role']).where('id', 'in', [...ids]).execute();
		}
	};
}
