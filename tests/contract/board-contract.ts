import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUEST } from '../../src/lib/domain/actors';
import { decodeCursor, trendingScore } from '../../src/lib/domain/board';
import type { IdeaView } from '../../src/lib/domain/ideas';
import type { Project } from '../../src/lib/domain/projects';
import type { App } from '../../src/lib/server/app';
import { UNLIMITED } from '../../src/lib/server/rate-limits';
import { createTestApp } from '../support/app';
import { aProject, anIdea, PLACES } from '../support/builders';
import { signIn, type SignedInPersona } from '../support/personas';

/**
 * The board's queries (browse, search, similar ideas, pins) checked the same way on SQLite and PostgreSQL: the two
 * search variants of search.ts and the keyset paging of every sort must agree.
 */
export function boardContract(label: string, environment: () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>) {
	describe(`board contract: ${label}`, () => {
		let app: App;
		let cleanup: () => Promise<void>;
		let project: Project;
		let amira: SignedInPersona;
		let bruno: SignedInPersona;
		const posted: IdeaView[] = [];

		const fixtures = [
			{ title: 'Une piste cyclable sécurisée rue de la Loi', body: 'Des vélos partout, séparés des voitures par une bordure.', language: 'fr', topic: 'mobility' },
			{ title: 'Veilige fietspaden langs de Louizalaan', body: 'Fietsers verdienen een afgescheiden fietspad op de laan.', language: 'nl', topic: 'mobility' },
			{ title: 'More benches in Flagey square', body: 'Older people need somewhere to sit while waiting for the tram.', language: 'en', topic: 'public-space' },
			{ title: 'Plant trees along the canal', body: 'Shade in summer and a greener walk for everyone along the water.', language: 'en', topic: 'green-spaces' },
			{ title: 'Pistes cyclables sur les boulevards', body: 'Les boulevards sont trop dangereux pour les cyclistes aujourd’hui.', language: 'fr', topic: 'mobility' },
			{ title: 'A bike lane for the Chaussée de Wavre', body: 'The bus and the bikes fight for the same narrow street every morning.', language: 'en', topic: 'mobility' }
		];

		beforeAll(async () => {
			const prepared = await environment();
			cleanup = prepared.cleanup;
			app = await createTestApp(prepared.env, { limits: UNLIMITED });
			project = await aProject(app);
			amira = await signIn(app, 'amira');
			bruno = await signIn(app, 'bruno');
			for (const [index, fixture] of fixtures.entries()) {
				const author = index % 2 === 0 ? amira : bruno;
				posted.push(await anIdea(app, author.actor, project.id, { ...fixture, location: index === 3 ? PLACES.grandPlace : PLACES.flagey }));
			}
			// Counts: idea 2 has 3 up, idea 5 has 1 up and 4 comments' worth of engagement through the tally.
			await app.store.ideas.addToTally(posted[2]!.id, 3, 0, new Date().toISOString());
			await app.store.ideas.addToTally(posted[5]!.id, 1, 1, new Date().toISOString());
		});
		afterAll(async () => {
			await app?.close();
			await cleanup?.();
		});

		const browseAll = async (query: Record<string, unknown>, limit = 2) => {
			const seen: string[] = [];
			let cursor: string | null | undefined;
			do {
				const page = await app.services.ideas.browse(amira.actor, { projectId: project.id, limit, ...query, ...(cursor ? { cursor } : {}) });
				seen.push(...page.ideas.map((idea) => idea.id));
				cursor = page.next;
			} while (cursor);
			return seen;
		};

		it('[B3] every sort pages through every idea once, in its order, without OFFSET', async () => {
			const all = posted.map((idea) => idea.id);
			for (const sort of ['trending', 'newest', 'top', 'discussed', 'random'] as const) {
				const seen = await browseAll({ sort, seed: '12345' });
				expect(new Set(seen).size, sort).toBe(all.length);
				expect([...seen].sort(), sort).toEqual([...all].sort());
			}
			expect(await browseAll({ sort: 'newest' })).toEqual([...all].reverse());
			expect((await browseAll({ sort: 'top' }))[0]).toBe(posted[2]!.id);
		});

		it('[B1] the stored trending score follows the published formula, recomputed when the counts change', async () => {
			const rows = await app.store.ideas.browse({ projectId: project.id, viewerId: null, sort: 'trending', terms: [], seed: 0, limit: 10 });
			for (const row of rows) {
				expect(Number(row.sortKey)).toBeCloseTo(trendingScore({ upvotes: row.upvotes, downvotes: row.downvotes, commentCount: row.commentCount, createdAt: row.createdAt }), 6);
			}
			expect(rows[0]!.id).toBe(posted[2]!.id);
		});

		it('[B4] the shuffle is stable for one seed and differs between seeds', async () => {
			const first = await browseAll({ sort: 'random', seed: '99' }, 4);
			expect(await browseAll({ sort: 'random', seed: '99' }, 3)).toEqual(first);
			const orders = await Promise.all(['1', '700000000', '1400000000', '2100000000'].map((seed) => browseAll({ sort: 'random', seed }, 6)));
			expect(new Set(orders.map((order) => order.join())).size).toBeGreaterThan(1);
		});

		it('[B5] filters by topic, district, status and one’s own ideas; unknown slugs match nothing', async () => {
			expect(await browseAll({ topic: 'mobility', sort: 'newest' })).toEqual([posted[5]!, posted[4]!, posted[1]!, posted[0]!].map((idea) => idea.id));
			expect(await browseAll({ district: 'brussels-city' })).toEqual([posted[3]!.id]);
			expect(await browseAll({ status: 'proposed' })).toHaveLength(fixtures.length);
			expect(await browseAll({ status: 'done' })).toEqual([]);
			expect(await browseAll({ mine: '1', sort: 'newest' })).toEqual([posted[4]!, posted[2]!, posted[0]!].map((idea) => idea.id));
			expect(await browseAll({ topic: 'no-such-topic' })).toEqual([]);
			expect((await app.services.ideas.browse(GUEST, { projectId: project.id, mine: '1' })).ideas).toEqual([]);
		});

		it('[B7] searches titles and bodies by word prefix, accents and case aside, in any language', async () => {
			const search = (q: string) => browseAll({ q, sort: 'newest' });
			expect(await search('piste')).toEqual([posted[4]!.id, posted[0]!.id]);
			expect(await search('FIETSPAD')).toEqual([posted[1]!.id]);
			expect(await search('tram')).toEqual([posted[2]!.id]);
			expect(await search('piste cyclable loi')).toEqual([posted[0]!.id]);
			// PostgreSQL also matches a word by its English, French and Dutch stems: "planting" is "plant".
			expect(await search('planting')).toEqual(label === 'PostgreSQL' ? [posted[3]!.id] : []);
			expect(await search('planting canal')).toEqual(label === 'PostgreSQL' ? [posted[3]!.id] : []);
			expect(await search('"); drop table ideas; --')).toHaveLength(0);
			expect(await search('the of and')).toHaveLength(fixtures.length);
			// Both have no votes: the tie is broken by id, whichever that is.
			expect((await browseAll({ q: 'piste', topic: 'mobility', sort: 'top' })).sort()).toEqual([posted[4]!.id, posted[0]!.id].sort());
		});

		it('[B8] similar ideas: the closest titles first, with counts and the viewer’s vote', async () => {
			await app.services.votes.cast(bruno.actor, { ideaId: posted[0]!.id, value: 1 });
			const similar = await app.services.ideas.similar(bruno.actor, { projectId: project.id, title: 'Piste cyclable sécurisée', body: '' });
			expect(similar[0]).toMatchObject({ id: posted[0]!.id, myVote: 1, upvotes: 1 });
			expect(similar.map((idea) => idea.id)).toContain(posted[4]!.id);
			expect(similar.length).toBeLessThanOrEqual(5);
			expect(await app.services.ideas.similar(GUEST, { projectId: project.id, title: 'zz', body: '' })).toEqual([]);
			expect(await app.services.ideas.similar(GUEST, { projectId: project.id, title: 'quantum teleportation', body: '' })).toEqual([]);
		});

		it('[B9] pins carry every idea without bodies, newest first', async () => {
			const { pins, truncated } = await app.services.ideas.pins(GUEST, project.id);
			expect(truncated).toBe(false);
			expect(pins.map((pin) => pin[0])).toEqual(posted.map((idea) => idea.id).reverse());
			expect(pins.find((pin) => pin[0] === posted[3]!.id)).toEqual([posted[3]!.id, posted[3]!.title, 'en', 'green-spaces', PLACES.grandPlace.lat, PLACES.grandPlace.lng, 0, 0, 0, 0, 0]);
		});

		it('[B8] a word still being typed matches as a prefix; an edited title is found by its new words only', async () => {
			const similar = (title: string) => app.services.ideas.similar(GUEST, { projectId: project.id, title, body: '' });
			expect((await similar('Piste cycl')).map((idea) => idea.id)).toContain(posted[0]!.id);
			await app.services.ideas.edit(amira.actor, { ideaId: posted[2]!.id, title: 'More fountains in Flagey square', body: '<p>Water for everyone on hot days, near the benches.</p>', topic: 'public-space' });
			expect((await similar('Fountains Flagey'))[0]?.id).toBe(posted[2]!.id);
			expect((await similar('Benches')).map((idea) => idea.id)).not.toContain(posted[2]!.id);
		});

		it('[B8] the body adds its words to the title’s; a withdrawn idea is never suggested', async () => {
			const similar = (title: string, body: string) => app.services.ideas.similar(GUEST, { projectId: project.id, title, body });
			expect((await similar('Canal', 'Plant some trees please')).map((idea) => idea.id)).toContain(posted[3]!.id);
			await app.services.ideas.withdraw(bruno.actor, { ideaId: posted[3]!.id, reason: 'Merged into a city plan.' });
			expect((await similar('Canal', 'Plant some trees please')).map((idea) => idea.id)).not.toContain(posted[3]!.id);
		});

		it('[B8] a stem shared by a large part of the board does not decide: the rarer shared word does', async () => {
			const street = await aProject(app, { slug: 'rue-royale' });
			const { topics, districts } = await app.services.city.get();
			const start = Date.now() - 3_600_000;
			await app.store.transaction(async (tx) => {
				for (let index = 0; index < 1_050; index++) {
					await tx.ideas.insert({
						id: `royale-${index}`, projectId: street.id, authorId: amira.actor.userId, title: `Rue Royale quartier numero ${index}`,
						body: '<p>Generated.</p>', bodyText: 'Generated.', topicId: topics[0]!.id, districtId: districts[0]!.id,
						lat: PLACES.flagey.lat, lng: PLACES.flagey.lng, locationApproximate: false, language: 'fr', status: 'proposed', createdAt: new Date(start + index * 1_000).toISOString()
					});
				}
			});
			const fountain = await anIdea(app, bruno.actor, street.id, { title: 'Rue Royale: a fountain for the children', language: 'en' });
			const similar = (title: string) => app.services.ideas.similar(GUEST, { projectId: street.id, title, body: '' });
			expect((await similar('Fountain rue Royale'))[0]?.id).toBe(fountain.id);
			expect((await similar('Foun rue Royale'))[0]?.id).toBe(fountain.id);
			// B7 with a thousand matches and more (SQLite then walks the sort's index): the same pages as ever.
			const newest = await app.services.ideas.browse(GUEST, { projectId: street.id, q: 'royale quartier', sort: 'newest', limit: 20 });
			expect(newest.ideas.map((idea) => idea.title)).toEqual(Array.from({ length: 20 }, (_, n) => `Rue Royale quartier numero ${1_049 - n}`));
			const later = await app.services.ideas.browse(GUEST, { projectId: street.id, q: 'royale quartier', sort: 'newest', limit: 20, cursor: newest.next });
			expect(later.ideas[0]?.title).toBe('Rue Royale quartier numero 1029');
			expect((await app.services.ideas.browse(GUEST, { projectId: street.id, q: 'fountain' })).ideas.map((idea) => idea.id)).toEqual([fountain.id]);
			// Several words, one of them common: the page is chosen among the few that hold them all, or is empty.
			expect((await app.services.ideas.browse(GUEST, { projectId: street.id, q: 'royale fountain', sort: 'top' })).ideas.map((idea) => idea.id)).toEqual([fountain.id]);
			expect((await app.services.ideas.browse(GUEST, { projectId: street.id, q: 'quartier fountain', sort: 'top' })).ideas).toEqual([]);
			const commonOnly = await similar('Rue Royale');
			expect(commonOnly.length).toBe(5);
			for (const idea of commonOnly) expect(idea.title).toMatch(/^Rue Royale/);
		});

		it('[B3] a cursor names its sort; one for another sort is refused', async () => {
			const page = await app.services.ideas.browse(GUEST, { projectId: project.id, sort: 'newest', limit: 1 });
			expect(decodeCursor(page.next!)).toMatchObject({ sort: 'newest', id: page.ideas[0]!.id });
			await expect(app.services.ideas.browse(GUEST, { projectId: project.id, sort: 'top', cursor: page.next })).rejects.toMatchObject({ code: 'invalid' });
		});
	});
}
