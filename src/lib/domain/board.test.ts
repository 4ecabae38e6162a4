import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anIdeaView } from '../../../tests/support/builders';
import {
	browseQuerySchema,
	decodeCursor,
	encodeCursor,
	matchesView,
	searchTerms,
	similarWorthAsking,
	similarStems,
	titleOverlap,
	titleStems,
	trendingScore,
	viewSearchParams,
	type BoardCursor
} from './board';

const at = (iso: string, counts: Partial<{ upvotes: number; downvotes: number; commentCount: number }> = {}) =>
	trendingScore({ upvotes: 0, downvotes: 0, commentCount: 0, createdAt: iso, ...counts });

describe('board', () => {
	describe('[B1] trending', () => {
		it('a day of youth weighs as much as ten times the engagement', () => {
			const old = at('2026-06-01T00:00:00.000Z', { upvotes: 100 });
			const dayYounger = at('2026-06-02T00:00:00.000Z', { upvotes: 10 });
			expect(dayYounger).toBeCloseTo(old, 9);
		});

		it('comments count twice, opposition pulls down, and nothing is zero engagement', () => {
			const created = '2026-06-01T00:00:00.000Z';
			expect(at(created, { upvotes: 2 })).toBeCloseTo(at(created, { commentCount: 1 }), 9);
			expect(at(created, { upvotes: 1, downvotes: 11 })).toBeLessThan(at(created));
			expect(at(created, { upvotes: 1 })).toBe(at(created));
		});

		it('never moves with the clock, only with the counts', () => {
			fc.assert(
				fc.property(fc.nat(10_000), fc.nat(10_000), fc.nat(10_000), (upvotes, downvotes, commentCount): void => {
					const score = trendingScore({ upvotes, downvotes, commentCount, createdAt: '2026-01-01T00:00:00.000Z' });
					expect(Number.isFinite(score)).toBe(true);
					expect(trendingScore({ upvotes: upvotes + 1, downvotes, commentCount, createdAt: '2026-01-01T00:00:00.000Z' })).toBeGreaterThanOrEqual(score);
				})
			);
		});
	});

	describe('[B3] cursors', () => {
		it('round-trip every sort, and stay opaque URL-safe text', () => {
			const cursors: BoardCursor[] = [
				{ sort: 'newest', key: '2026-06-01T10:00:00.000Z', id: 'abc' },
				{ sort: 'trending', key: 512.123456789, id: 'a-b_c' },
				{ sort: 'top', key: -3, id: 'x' },
				{ sort: 'discussed', key: 0, id: 'y' },
				{ sort: 'random', key: 2_000_000_000, id: 'z', wrapped: true },
				{ sort: 'random', key: 5, id: 'z', wrapped: false }
			];
			for (const cursor of cursors) {
				const text = encodeCursor(cursor);
				expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
				expect(decodeCursor(text)).toEqual(cursor);
			}
		});

		it('refuse garbage: other shapes, wrong key types, unsafe ids, huge text', () => {
			const encode = (value: unknown) => btoa(JSON.stringify(value)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
			for (const text of [
				'',
				'not base64 at all!',
				'x'.repeat(500),
				encode({ sort: 'newest' }),
				encode(['newest', 5, 'id']),
				encode(['top', 'five', 'id']),
				encode(['top', 1, 'bad id with spaces']),
				encode(['sideways', 1, 'id']),
				encode(['top', Number.POSITIVE_INFINITY, 'id']),
				encode(['random', 1, 'id', 7])
			]) {
				expect(decodeCursor(text), text).toBeNull();
			}
			fc.assert(
				fc.property(fc.string({ maxLength: 300 }), (text) => {
					expect(() => decodeCursor(text)).not.toThrow();
				})
			);
		});
	});

	describe('browse query', () => {
		it('[B2] falls back to the default sort and ignores empty or malformed filters, the way a URL carries them', () => {
			const parsed = browseQuerySchema.parse({ projectId: 'p1', sort: 'sideways', topic: '', district: 'NOT A SLUG', status: 'gone', mine: 'yes', q: 'x'.repeat(500) });
			expect(parsed).toMatchObject({ sort: 'trending', topic: undefined, district: undefined, status: undefined, mine: false, limit: 20 });
			expect(parsed.q).toHaveLength(200);
			expect(browseQuerySchema.parse({ projectId: 'p1', mine: '1', seed: '42', limit: '50' })).toMatchObject({ mine: true, seed: 42, limit: 50 });
		});

		it('refuses a missing project, a page size out of range and a cursor of another sort', () => {
			expect(browseQuerySchema.safeParse({}).success).toBe(false);
			expect(browseQuerySchema.safeParse({ projectId: 'p1', limit: '1000' }).success).toBe(false);
			expect(browseQuerySchema.safeParse({ projectId: 'p1', limit: 0 }).success).toBe(false);
			const newest = encodeCursor({ sort: 'newest', key: '2026-01-01T00:00:00.000Z', id: 'a' });
			expect(browseQuerySchema.safeParse({ projectId: 'p1', sort: 'top', cursor: newest }).success).toBe(false);
			expect(browseQuerySchema.safeParse({ projectId: 'p1', sort: 'newest', cursor: newest }).success).toBe(true);
			expect(browseQuerySchema.safeParse({ projectId: 'p1', cursor: 'garbage!' }).success).toBe(false);
			expect(browseQuerySchema.safeParse({ projectId: 'p1', cursor: { evil: true } }).success).toBe(false);
		});

		it('[B4] a seed out of range is no seed', () => {
			expect(browseQuerySchema.parse({ projectId: 'p1', seed: '99999999999' }).seed).toBeUndefined();
			expect(browseQuerySchema.parse({ projectId: 'p1', seed: '-1' }).seed).toBeUndefined();
		});

		it('[B2] URLs carry only what differs from the default view', () => {
			expect(viewSearchParams({ sort: 'trending', mine: false }).toString()).toBe('');
			expect(viewSearchParams({ sort: 'random', mine: true, topic: 'mobility', q: 'vélo', seed: 7 }, 'c1').toString()).toBe('sort=random&topic=mobility&mine=1&q=v%C3%A9lo&seed=7&cursor=c1');
		});
	});

	describe('[B6] an idea arriving live belongs to a view', () => {
		const idea = anIdeaView('n', { title: 'Une piste cyclable rue Haute', body: 'Séparée des voitures.' });
		it('by its filters and search words, accents and case aside', () => {
			expect(matchesView({ sort: 'newest', mine: false }, idea, null)).toBe(true);
			expect(matchesView({ sort: 'newest', mine: false, topic: idea.topic.slug, q: 'PISTE separee' }, idea, null)).toBe(true);
			expect(matchesView({ sort: 'newest', mine: false, q: 'fietspad' }, idea, null)).toBe(false);
			expect(matchesView({ sort: 'newest', mine: false, topic: 'elsewhere' }, idea, null)).toBe(false);
			expect(matchesView({ sort: 'newest', mine: true }, idea, 'someone-else')).toBe(false);
			expect(matchesView({ sort: 'newest', mine: true }, idea, idea.author.id)).toBe(true);
		});
	});

	describe('[B8] words worth matching', () => {
		it('leave out stopwords of the three languages, punctuation and repeats', () => {
			expect(searchTerms('A bike lane for the park, the PARK!', 8)).toEqual(['bike', 'lane', 'park']);
			expect(searchTerms('Des pistes cyclables pour la rue de la Loi', 8)).toEqual(['pistes', 'cyclables', 'rue', 'loi']);
			expect(searchTerms('Veilige fietspaden in de Louizalaan', 8)).toEqual(['veilige', 'fietspaden', 'louizalaan']);
			expect(searchTerms('"); drop table ideas; -- *', 8)).toEqual(['drop', 'table', 'ideas']);
			expect(searchTerms('one two three four five', 2)).toEqual(['one', 'two']);
		});

		it('ask for similar ideas only from three letters on', () => {
			expect(similarWorthAsking('ab')).toBe(false);
			expect(similarWorthAsking('  !! ')).toBe(false);
			expect(similarWorthAsking('the of')).toBe(false);
			expect(similarWorthAsking('vél')).toBe(true);
		});

		it('rank titles by shared word stems', () => {
			expect(titleStems('Veilige fietspaden langs de Louizalaan')).toEqual(['veili', 'fiets', 'langs', 'louiz']);
			expect(titleStems('Pistes, PISTES et pistes cyclables à Forêt')).toEqual(['piste', 'cycla', 'foret']);
			expect(similarStems('Plus de pistes', 'Des pistes cyclables sûres, des pistes partout')).toEqual({ titleStems: ['piste'], bodyStems: ['cycla', 'sures', 'parto'] });
			expect(titleOverlap('Veilige fietspaden', 'Een veilig fietspad')).toBe(1);
			expect(titleOverlap('Piste cyclable rue de la Loi', 'Pistes cyclables sur les boulevards')).toBeGreaterThan(titleOverlap('Piste cyclable rue de la Loi', 'Plus de bancs'));
			expect(titleOverlap('', 'anything')).toBe(0);
		});
	});
});
