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

const NUMBER_ATTEMPTS = 5;

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
				const last = await db
					.selectFrom('document_versions')
					.select((eb) => eb.fn.max('number').as('number'))
					.where('document', '=', version.document)
					.executeTakeFirst();
				const number = Number(last?.number ?? 0) + 1;
				const result = await db
					.insertInto('document_versions')
					.values({
						id: version.id,
						document: version.document,
						number,
						kind: version.kind,
						name: version.name,
						snapshot: version.snapshot,
						created_by: version.createdBy,
						authors: JSON.stringify(version.authors),
						restored_from: version.restoredFrom,
						created_at: version.createdAt
					})
					.onConflict((conflict) => conflict.columns(['document', 'number']).doNothing())
					.executeTakeFirst();
				if (Number(result.numInsertedOrUpdatedRows ?? 0) === 1) return number;
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
