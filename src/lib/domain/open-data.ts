/**
 * M11–M12: the open-data schema of a project's ideas (`agora-ideas/1`). Stable: fields are only ever added, at the
 * end, under a new schema version; none carries personal data (no author, no voter, no account id).
 */
export const OPEN_DATA_SCHEMA = 'agora-ideas/1';

/** The CSV's columns, in order (the GeoJSON's properties carry the same names, without `lng`/`lat`). */
export const OPEN_DATA_COLUMNS = [
	'id',
	'project',
	'title',
	'text',
	'language',
	'topic',
	'district',
	'status',
	'lng',
	'lat',
	'locationApproximate',
	'upvotes',
	'downvotes',
	'comments',
	'createdAt',
	'editedAt',
	'duplicateOf',
	'url',
	'licence'
] as const;

/** One idea as open data: what anyone could read on its public page, without who wrote it. */
export interface OpenDataIdea {
	readonly id: string;
	readonly title: string;
	/** The body's visible text (no markup). */
	readonly text: string;
	readonly language: string;
	readonly topic: string;
	readonly district: string;
	readonly status: string;
	readonly lng: number;
	readonly lat: number;
	readonly locationApproximate: boolean;
	readonly upvotes: number;
	readonly downvotes: number;
	readonly comments: number;
	readonly createdAt: string;
	readonly editedAt: string | null;
	readonly duplicateOf: string | null;
}

/**
 * M12: a CSV cell, quoted per RFC 4180 when needed. A text cell that a spreadsheet would run as a formula (starting
 * with = + - @, a tab or a carriage return) is prefixed with an apostrophe; numbers the server writes are left alone.
 */
export function csvCell(value: string | number | boolean | null): string {
	if (value === null) return '';
	if (typeof value !== 'string') return String(value);
	const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
