import { sql, type Kysely } from 'kysely';
import { RANDOM_KEY_SPACE, titleStems } from '../../src/lib/domain/board';
import type { Database, Dialect } from '../../src/lib/server/storage/schema';
import { seededRandom as random } from '../../src/lib/server/demo/seeded-random';

/**
 * Generates a board: users, ideas in three languages with titles and bodies from small vocabularies (so words recur
 * as they do in a real consultation: a street name in hundreds of titles, a rare word in a few), votes skewed towards
 * a minority of ideas, and comments likewise. Multi-row inserts in transactions; the database's own triggers keep the
 * trending score and the full-text index, as in production. A seeded generator makes runs comparable.
 */

export interface BoardSize {
	readonly projectId: string;
	readonly topicIds: readonly string[];
	readonly districtIds: readonly string[];
	readonly ideas: number;
	readonly votes: number;
	readonly comments: number;
}

export interface Generated {
	readonly projectId: string;
	readonly topicIds: readonly string[];
	readonly districtIds: readonly string[];
	readonly userIds: readonly string[];
	readonly ideaIds: readonly string[];
	/** The most commented ideas: whose threads the comment query reads. */
	readonly busyIdeaIds: readonly string[];
	readonly searchWords: readonly string[];
	readonly searchPairs: readonly string[];
	readonly similarTitles: readonly string[];
	readonly similarBodies: readonly string[];
}


const VOCABULARY = {
	en: {
		adjectives: ['safer', 'wider', 'greener', 'quieter', 'more', 'better', 'new', 'shaded', 'covered', 'free', 'accessible', 'cleaner', 'brighter', 'longer', 'smaller'],
		nouns: ['bike lanes', 'benches', 'trees', 'crossings', 'playgrounds', 'bus stops', 'pavements', 'street lights', 'water fountains', 'bike racks', 'toilets', 'gardens', 'speed bumps', 'bins', 'murals', 'markets', 'libraries', 'courts', 'parks', 'terraces']
	},
	fr: {
		adjectives: ['plus sûres', 'plus larges', 'plus vertes', 'plus calmes', 'nouvelles', 'meilleures', 'ombragées', 'couvertes', 'gratuites', 'accessibles', 'plus propres', 'éclairées'],
		nouns: ['pistes cyclables', 'bancs', 'arbres', 'traversées', 'plaines de jeux', 'arrêts de bus', 'trottoirs', 'lampadaires', 'fontaines', 'arceaux vélo', 'toilettes', 'potagers', 'ralentisseurs', 'poubelles', 'fresques', 'marchés', 'bibliothèques', 'terrains', 'parcs', 'terrasses']
	},
	nl: {
		adjectives: ['veiligere', 'bredere', 'groenere', 'rustigere', 'nieuwe', 'betere', 'overdekte', 'gratis', 'toegankelijke', 'schonere', 'verlichte', 'langere'],
		nouns: ['fietspaden', 'banken', 'bomen', 'oversteekplaatsen', 'speeltuinen', 'bushaltes', 'stoepen', 'straatlantaarns', 'drinkfonteinen', 'fietsenrekken', 'toiletten', 'moestuinen', 'verkeersdrempels', 'vuilnisbakken', 'muurschilderingen', 'markten', 'bibliotheken', 'sportvelden', 'parken', 'terrassen']
	}
} as const;

const CONNECTORS = { en: ['on', 'along', 'near', 'around'], fr: ['rue', 'avenue', 'place', 'chaussée'], nl: ['in de', 'langs de', 'aan het', 'bij de'] } as const;

const PLACES = [
	'Loi', 'Louise', 'Flagey', 'Wavre', 'Ixelles', 'Midi', 'Jourdan', 'Sablon', 'Dansaert', 'Brugmann', 'Haecht', 'Stalingrad', 'Lemonnier',
	'Anspach', 'Botanique', 'Meiser', 'Montgomery', 'Schuman', 'Porte de Hal', 'Bourse', 'Saint-Gilles', 'Forest', 'Uccle', 'Molenbeek',
	'Anderlecht', 'Jette', 'Evere', 'Schaerbeek', 'Etterbeek', 'Auderghem', 'Boitsfort', 'Koekelberg', 'Ganshoren', 'Berchem', 'Laeken',
	'Heysel', 'Tour et Taxis', 'Cinquantenaire', 'Tenbosch', 'Châtelain'
];

const SYLLABLES = ['ba', 'ke', 'lo', 'mi', 'nu', 'ra', 'se', 'ti', 'vo', 'za', 'der', 'pol', 'mar', 'ten', 'gri', 'flo', 'sta', 'ver', 'ont', 'lin'];

const LANGUAGES = ['en', 'fr', 'nl'] as const;
const STATUSES = ['proposed', 'proposed', 'proposed', 'proposed', 'proposed', 'proposed', 'proposed', 'proposed', 'under_review', 'accepted', 'in_progress', 'rejected', 'done'];

const CHUNK = { ideas: 1_000, stems: 5_000, votes: 5_000, comments: 2_000, users: 1_000 };
const TRANSACTION_ROWS = 50_000;

async function insertChunked<Row extends Record<string, unknown>>(
	db: Kysely<Database>,
	table: 'users' | 'ideas' | 'idea_title_stems' | 'votes' | 'comments',
	rows: Iterable<Row>,
	chunk: number
): Promise<void> {
	let batch: Row[] = [];
	let pending: Row[][] = [];
	let pendingRows = 0;
	const flush = async () => {
		if (pending.length === 0) return;
		const work = pending;
		pending = [];
		pendingRows = 0;
		await db.transaction().execute(async (trx) => {
			for (const part of work) await trx.insertInto(table).values(part as never).execute();
		});
	};
	for (const row of rows) {
		batch.push(row);
		if (batch.length === chunk) {
			pending.push(batch);
			pendingRows += batch.length;
			batch = [];
			if (pendingRows >= TRANSACTION_ROWS) await flush();
		}
	}
	if (batch.length > 0) pending.push(batch);
	await flush();
}

export async function generateBoard(db: Kysely<Database>, dialect: Dialect, size: BoardSize): Promise<Generated> {
	const next = random(20_261_201);
	const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
	const fillerWords = Array.from({ length: 5_000 }, (_, index) => `${SYLLABLES[index % 20]}${SYLLABLES[Math.floor(index / 20) % 20]}${SYLLABLES[Math.floor(index / 400) % 20]}`);
	const start = Date.parse('2026-09-01T00:00:00Z');
	const spanMs = 60 * 24 * 60 * 60_000;

	const userCount = Math.max(5_000, Math.ceil(size.votes / Math.max(size.ideas, 1)) * 20);
	const userIds = Array.from({ length: userCount }, (_, index) => `bench-user-${index}`);
	await insertChunked(
		db,
		'users',
		userIds.map((id, index) => ({ id, email: `${id}@bench.example`, display_name: `Citizen ${index}`, password_hash: 'x', role: 'citizen', created_at: new Date(start).toISOString() })),
		CHUNK.users
	);

	// Votes and comments per idea, skewed: a few ideas draw most of them (weight = u³).
	const weights = Array.from({ length: size.ideas }, () => next() ** 3);
	const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
	const votesPer = weights.map((weight) => Math.min(userCount, Math.round((weight / totalWeight) * size.votes)));
	const commentsPer = weights.map((weight) => Math.round((weight / totalWeight) * size.comments));
	const ideaIds = Array.from({ length: size.ideas }, (_, index) => `bench-idea-${index.toString(36).padStart(5, '0')}`);
	const titles: string[] = [];
	const bodies: string[] = [];
	const upvotesPer: number[] = [];

	function* ideaRows() {
		for (let index = 0; index < size.ideas; index++) {
			const language = pick(LANGUAGES);
			const words = VOCABULARY[language];
			const title = `${pick(words.adjectives)} ${pick(words.nouns)} ${pick(CONNECTORS[language])} ${pick(PLACES)}`;
			const capitalised = title[0]!.toUpperCase() + title.slice(1);
			const body = [
				...Array.from({ length: 22 }, () => pick(fillerWords)),
				pick(words.nouns),
				pick(words.nouns),
				pick(PLACES)
			].join(' ');
			titles.push(capitalised);
			bodies.push(body);
			const votes = votesPer[index]!;
			const up = Math.round(votes * (0.55 + 0.4 * next()));
			upvotesPer.push(up);
			const created = new Date(start + Math.floor((index / size.ideas) * spanMs)).toISOString();
			yield {
				id: ideaIds[index]!,
				project_id: size.projectId,
				author_id: pick(userIds),
				title: capitalised,
				body,
				body_text: body,
				topic_id: pick(size.topicIds),
				district_id: pick(size.districtIds),
				lat: 50.8 + next() * 0.1,
				lng: 4.3 + next() * 0.15,
				location_approximate: 0,
				language,
				status: pick(STATUSES),
				upvotes: up,
				downvotes: votes - up,
				comment_count: commentsPer[index]!,
				votes_version: votes + commentsPer[index]!,
				created_at: created,
				changed_at: created,
				random_key: Math.floor(next() * RANDOM_KEY_SPACE)
			};
		}
	}
	await insertChunked(db, 'ideas', ideaRows(), CHUNK.ideas);
	// What storage/title-stems.ts writes beside each new idea (B8).
	function* stemRows() {
		for (let index = 0; index < size.ideas; index++) {
			for (const stem of titleStems(titles[index]!)) yield { project_id: size.projectId, stem, idea_id: ideaIds[index]! };
		}
	}
	await insertChunked(db, 'idea_title_stems', stemRows(), CHUNK.stems);

	function* voteRows() {
		for (let index = 0; index < size.ideas; index++) {
			const votes = votesPer[index]!;
			if (votes === 0) continue;
			// Distinct voters: a run of consecutive users from a random start (one vote per citizen per idea, V1).
			const first = Math.floor(next() * userCount);
			for (let n = 0; n < votes; n++) {
				yield { idea_id: ideaIds[index]!, user_id: userIds[(first + n) % userCount]!, value: n < upvotesPer[index]! ? 1 : -1, updated_at: new Date(start).toISOString() };
			}
		}
	}
	await insertChunked(db, 'votes', voteRows(), CHUNK.votes);

	let commentNumber = 0;
	function* commentRows() {
		for (let index = 0; index < size.ideas; index++) {
			for (let n = 0; n < commentsPer[index]!; n++) {
				commentNumber += 1;
				yield {
					id: `bench-comment-${commentNumber}`,
					idea_id: ideaIds[index]!,
					author_id: pick(userIds),
					body: `${pick(fillerWords)} ${pick(fillerWords)} ${pick(fillerWords)} ${pick(PLACES)}`,
					created_at: new Date(start + Math.floor(next() * spanMs)).toISOString()
				};
			}
		}
	}
	await insertChunked(db, 'comments', commentRows(), CHUNK.comments);

	// Fresh statistics, as a database that has lived a while has them; plans are chosen from them. On PostgreSQL a
	// vacuum too: a lived-in database has its visibility map set, and without it autovacuum would start on the freshly
	// inserted tables in the middle of the timings.
	await (dialect === 'postgres' ? sql`vacuum analyze` : sql`analyze`).execute(db);

	const busyIdeaIds = [...ideaIds.keys()]
		.sort((a, b) => commentsPer[b]! - commentsPer[a]!)
		.slice(0, 50)
		.map((index) => ideaIds[index]!);
	const sampleTitles = Array.from({ length: 50 }, () => pick(titles));
	return {
		projectId: size.projectId,
		topicIds: size.topicIds,
		districtIds: size.districtIds,
		userIds,
		ideaIds,
		busyIdeaIds,
		searchWords: LANGUAGES.flatMap((language) => VOCABULARY[language].nouns.map((noun) => noun.split(' ')[0]!)),
		searchPairs: Array.from({ length: 50 }, () => `${pick(VOCABULARY[pick(LANGUAGES)].nouns)} ${pick(PLACES)}`),
		// What an author types: an existing title with one word changed, the typical near-duplicate.
		similarTitles: sampleTitles.map((title) => title.replace(/\S+$/, pick(PLACES))),
		similarBodies: Array.from({ length: 50 }, () => pick(bodies))
	};
}
