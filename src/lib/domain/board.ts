import { z } from 'zod';
import { IDEA_STATUSES, idSchema } from './ideas';

/**
 * Browsing a project's ideas (the "board"): sorts, filters, keyset cursors, the trending formula (B1), the visitor's
 * random seed (B4) and the word lists search and similar ideas are built from. Pure: the storage turns these into SQL.
 */

export const BOARD_SORTS = ['trending', 'newest', 'top', 'discussed', 'random'] as const;
export type BoardSort = (typeof BOARD_SORTS)[number];
export const DEFAULT_BOARD_SORT: BoardSort = 'trending';

/** B2: one page of cards; the JSON API may ask for up to BOARD_PAGE_MAX. */
export const BOARD_PAGE_SIZE = 20;
export const BOARD_PAGE_MAX = 100;
/** B7: the longest search a person may type (longer ones are cut, not refused: a pasted paragraph still searches). */
export const BOARD_QUERY_MAX = 200;
/** B8: the shortest word a search matches (as a prefix). */
export const SEARCH_TERM_MIN = 3;
/** B8: a search uses at most this many words; similar ideas at most SIMILAR_TERMS_MAX. */
export const SEARCH_TERMS_MAX = 8;
export const SIMILAR_TERMS_MAX = 6;
/** B8: body words a similar-ideas look-up adds to the title's. */
export const SIMILAR_BODY_STEMS_MAX = 3;
/** B8: the candidates the stem index finds, which title overlap reranks before the best SIMILAR_LIMIT are kept. */
export const SIMILAR_CANDIDATES = 30;
/** B8: similar ideas shown beside the form. */
export const SIMILAR_LIMIT = 5;
/** B8: a title needs this many letters (not counting spaces) before similar ideas are looked up. */
export const SIMILAR_MIN_CHARS = 3;
/** B9: the map's pin list stops here, and says so; the clustered map API (roadmap) lifts it. */
export const PIN_LIST_LIMIT = 20_000;

/** B4: random keys and seeds live in [0, 2^31), so they fit a 32-bit integer column in both dialects. */
export const RANDOM_KEY_SPACE = 2 ** 31;

/**
 * B1 (trending): engagement `s = upvotes − downvotes + 2 × comments`, ranked by
 * `sign(s) × log10(max(|s|, 1)) + (created − 2025-01-01) / 1 day`. A day's youth weighs as much as ten times the
 * engagement, so new ideas surface and old ones sink without any clock-driven recomputation: the score only moves when
 * the counts do, so it is stored, indexed and recomputed in the same statement that changes the counts.
 */
export const TRENDING_EPOCH_SECONDS = Date.UTC(2025, 0, 1) / 1000;
export const TRENDING_DECADE_SECONDS = 86_400;
export const TRENDING_COMMENT_WEIGHT = 2;

export function trendingScore(counts: { upvotes: number; downvotes: number; commentCount: number; createdAt: string }): number {
	const engagement = counts.upvotes - counts.downvotes + TRENDING_COMMENT_WEIGHT * counts.commentCount;
	const magnitude = Math.log10(Math.max(Math.abs(engagement), 1));
	const sign = engagement > 0 ? 1 : engagement < 0 ? -1 : 0;
	const age = Date.parse(counts.createdAt) / 1000 - TRENDING_EPOCH_SECONDS;
	return sign * magnitude + age / TRENDING_DECADE_SECONDS;
}

/** The value a sort orders by, as stored for one idea. */
export type SortKey = number | string;

/**
 * B3: where a page ended, for the next one to start after: the sort it belongs to, that sort's key and the id of the
 * last idea (ties), and for `random` the seed and whether the rotation has wrapped around already.
 */
export interface BoardCursor {
	readonly sort: BoardSort;
	readonly key: SortKey;
	readonly id: string;
	readonly wrapped?: boolean;
}

const cursorShape = z.tuple([z.enum(BOARD_SORTS), z.union([z.number().finite(), z.string().max(40)]), idSchema, z.literal(0).or(z.literal(1)).optional()]);

function toBase64Url(text: string): string {
	return btoa(text).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
	return atob(text.replaceAll('-', '+').replaceAll('_', '/'));
}

/** B3: a cursor is opaque to clients: base64url of a small JSON tuple, checked again when it comes back. */
export function encodeCursor(cursor: BoardCursor): string {
	const tuple = [cursor.sort, cursor.key, cursor.id, ...(cursor.sort === 'random' ? [cursor.wrapped ? 1 : 0] : [])];
	return toBase64Url(JSON.stringify(tuple));
}

export function decodeCursor(text: string): BoardCursor | null {
	if (text.length > 200 || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
	let parsed: unknown;
	try {
		parsed = JSON.parse(fromBase64Url(text));
	} catch {
		return null;
	}
	const result = cursorShape.safeParse(parsed);
	if (!result.success) return null;
	const [sort, key, id, wrapped] = result.data;
	const numeric = sort !== 'newest';
	if (numeric !== (typeof key === 'number')) return null;
	return sort === 'random' ? { sort, key, id, wrapped: wrapped === 1 } : { sort, key, id };
}

const optionalSlug = z
	.string()
	.regex(/^[a-z0-9-]{1,60}$/, 'validation_invalid')
	.optional()
	.catch(undefined);

const emptyAsUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);

/**
 * Input of `ideas.browse`, from a URL's query as much as from code: unknown sorts fall back to the default, empty
 * filters mean none, a too long search is cut (B7). A cursor that does not decode, or belongs to another sort or seed,
 * is refused: it was not issued for this view.
 */
export const browseQuerySchema = z
	.object({
		projectId: idSchema,
		sort: z.preprocess(emptyAsUndefined, z.enum(BOARD_SORTS).catch(DEFAULT_BOARD_SORT).default(DEFAULT_BOARD_SORT)),
		topic: z.preprocess(emptyAsUndefined, optionalSlug),
		district: z.preprocess(emptyAsUndefined, optionalSlug),
		status: z.preprocess(emptyAsUndefined, z.enum(IDEA_STATUSES).optional().catch(undefined)),
		mine: z.preprocess((value) => value === true || value === '1' || value === 'true' || value === 'on', z.boolean()),
		q: z.preprocess(
			(value) => (typeof value === 'string' ? value.slice(0, BOARD_QUERY_MAX) : undefined),
			z.string().optional()
		),
		seed: z.preprocess(
			(value) => (typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value),
			z.number().int().min(0).max(RANDOM_KEY_SPACE - 1).optional().catch(undefined)
		),
		cursor: z.preprocess(
			emptyAsUndefined,
			z
				.string({ error: 'validation_invalid' })
				.transform((text, context) => {
					const cursor = decodeCursor(text);
					if (!cursor) context.addIssue({ code: 'custom', message: 'validation_invalid' });
					return cursor ?? undefined;
				})
				.optional()
		),
		limit: z.preprocess(
			(value) => (typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : value),
			z.number({ error: 'validation_invalid' }).int('validation_invalid').min(1, 'validation_invalid').max(BOARD_PAGE_MAX, 'validation_invalid').default(BOARD_PAGE_SIZE)
		)
	})
	.refine((query) => !query.cursor || query.cursor.sort === query.sort, { path: ['cursor'], message: 'validation_invalid' });

export type BrowseQuery = z.output<typeof browseQuerySchema>;

/** The filters a view applies, as the URL carries them; what the page's controls show. */
export interface BoardView {
	readonly sort: BoardSort;
	readonly topic?: string;
	readonly district?: string;
	readonly status?: (typeof IDEA_STATUSES)[number];
	readonly mine: boolean;
	readonly q?: string;
	readonly seed?: number;
}

/** The URL query of a view: only what differs from the default, so shared links stay short and stable. */
export function viewSearchParams(view: BoardView, cursor?: string): URLSearchParams {
	const params = new URLSearchParams();
	if (view.sort !== DEFAULT_BOARD_SORT) params.set('sort', view.sort);
	if (view.topic) params.set('topic', view.topic);
	if (view.district) params.set('district', view.district);
	if (view.status) params.set('status', view.status);
	if (view.mine) params.set('mine', '1');
	if (view.q) params.set('q', view.q);
	if (view.sort === 'random' && view.seed !== undefined) params.set('seed', String(view.seed));
	if (cursor) params.set('cursor', cursor);
	return params;
}

/**
 * B6: whether an idea belongs to a view, judged in the browser for ideas arriving live (search terms are matched as
 * word prefixes, close to what the index does; the server's next page is the judge of record).
 */
export function matchesView(
	view: BoardView,
	idea: { topic: { slug: string }; district: { slug: string }; status: string; author: { id: string }; title: string; body: string },
	viewerId: string | null
): boolean {
	if (view.topic && idea.topic.slug !== view.topic) return false;
	if (view.district && idea.district.slug !== view.district) return false;
	if (view.status && idea.status !== view.status) return false;
	if (view.mine && idea.author.id !== viewerId) return false;
	const terms = searchTerms(view.q ?? '', SEARCH_TERMS_MAX);
	if (terms.length === 0) return true;
	const words = wordsOf(`${idea.title} ${idea.body}`).map(fold);
	return terms.every((term) => words.some((word) => word.startsWith(fold(term))));
}

/** A word lower-cased and without accents, for comparisons (SQLite's index folds the same way). */
export function fold(word: string): string {
	return word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

function wordsOf(text: string): string[] {
	return text.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * Words too common in the three languages of the interface to tell ideas apart; left out of similar-idea lookups and
 * searches so "a bike lane for the park" looks for "bike lane park".
 */
const STOPWORDS = new Set(
	[
		// English
		'the a an and or of to in on for at by with from is are be it this that we our more less new please should could would there their they them than then into over under about',
		// French
		'le la les un une des du de d l et ou au aux en dans sur pour par avec sans est sont ce cette ces nous notre nos plus moins qui que quoi il elle ils elles on y a ne pas se sa son ses leur leurs',
		// Dutch
		'de het een en of van in op voor met aan bij door naar om te uit is zijn dit dat deze die er we wij ons onze meer minder niet geen ook al wat hoe waar'
	]
		.join(' ')
		.split(' ')
		.map(fold)
);

/**
 * B8: the words of a search or a title worth matching: lower-case letters and digits, stopwords left out, at least
 * three characters (a two-letter prefix matches most of a city's ideas and would make one look-up read them all),
 * each once, at most `max`. Safe to put into an index query: nothing but letters and digits.
 */
export function searchTerms(text: string, max: number): string[] {
	const terms: string[] = [];
	for (const word of wordsOf(text)) {
		if (word.length < SEARCH_TERM_MIN || STOPWORDS.has(fold(word)) || terms.includes(word)) continue;
		terms.push(word);
		if (terms.length === max) break;
	}
	return terms;
}

/** Whether a title has enough letters for similar ideas to be worth looking up (B8). */
export function similarWorthAsking(title: string): boolean {
	return (title.match(/[\p{L}\p{N}]/gu)?.length ?? 0) >= SIMILAR_MIN_CHARS && searchTerms(title, SIMILAR_TERMS_MAX).length > 0;
}

/** B8: a title's word stems are its words folded and cut to this many letters ("fietspaden" → "fiets"). */
export const TITLE_STEM_LENGTH = 5;

/**
 * B8: the distinct word stems of a title, in order: what the title-stem index keeps for each idea and what similar
 * ideas look up, so "fietspad" and "fietspaden", "piste" and "pistes" count as one word.
 */
export function titleStems(text: string, max = 40): string[] {
	return [...new Set(searchTerms(text, max).map((word) => fold(word).slice(0, TITLE_STEM_LENGTH)))];
}

/**
 * B8: what a similar-ideas look-up asks for: at most SIMILAR_TERMS_MAX stems of the title and SIMILAR_BODY_STEMS_MAX
 * more from the body (stems the title already has left out). A stem shorter than TITLE_STEM_LENGTH is a word still
 * being typed, so it is matched as a prefix.
 */
export function similarStems(title: string, body: string): { titleStems: string[]; bodyStems: string[] } {
	const fromTitle = titleStems(title, SIMILAR_TERMS_MAX);
	const fromBody = titleStems(body, SIMILAR_TERMS_MAX + SIMILAR_BODY_STEMS_MAX)
		.filter((stem) => !fromTitle.includes(stem))
		.slice(0, SIMILAR_BODY_STEMS_MAX);
	return { titleStems: fromTitle, bodyStems: fromBody };
}

/** B8: how much two titles share, 0–1 (Dice coefficient over their stems). Reranks the candidates the index found. */
export function titleOverlap(a: string, b: string): number {
	const left = new Set(titleStems(a));
	const right = new Set(titleStems(b));
	if (left.size === 0 || right.size === 0) return 0;
	let shared = 0;
	for (const stem of left) if (right.has(stem)) shared += 1;
	return (2 * shared) / (left.size + right.size);
}

/** Input of `ideas.similar`: a project, the title being typed and, optionally, the body. */
export const similarQuerySchema = z.object({
	projectId: idSchema,
	title: z.preprocess((value) => (typeof value === 'string' ? value.slice(0, BOARD_QUERY_MAX) : value), z.string({ error: 'validation_invalid' })),
	body: z.preprocess((value) => (typeof value === 'string' ? value.slice(0, 1_000) : value ?? ''), z.string({ error: 'validation_invalid' }))
});

/** One similar idea beside the form: enough to recognise it, vote for it and open it. */
export interface SimilarIdea {
	readonly id: string;
	readonly title: string;
	readonly language: string;
	readonly topicSlug: string;
	readonly upvotes: number;
	readonly downvotes: number;
	readonly votesVersion: number;
	readonly commentCount: number;
	readonly myVote: 1 | -1 | null;
}

/**
 * B9: one pin of the map, without body or author: id, title, language, topic, position, approximate (I5), counts and
 * their version. Packed as a tuple, so 20,000 pins stay about a megabyte.
 */
export type MapPin = readonly [
	id: string,
	title: string,
	language: string,
	topicSlug: string,
	lat: number,
	lng: number,
	approximate: 0 | 1,
	upvotes: number,
	downvotes: number,
	commentCount: number,
	votesVersion: number
];

export interface PinList {
	readonly pins: readonly MapPin[];
	/** True when the project has more ideas than PIN_LIST_LIMIT: the map shows the newest and says so. */
	readonly truncated: boolean;
}

/** One page of a view: the ideas and the cursor of the next page (null at the end). */
export interface BoardPage<Idea> {
	readonly ideas: Idea[];
	readonly next: string | null;
}
