import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GUEST, type SignedInActor } from '../../src/lib/domain/actors';
import { boundsOf, geometryContains, type LatLng } from '../../src/lib/domain/geo';
import type { District } from '../../src/lib/domain/projects';
import { createApp } from '../../src/lib/server/app';
import { readConfig } from '../../src/lib/server/config';
import { BRUSSELS_MUNICIPALITIES } from '../../src/lib/server/demo/brussels';
import { buildDemoIdeas } from '../../src/lib/server/demo/idea-corpus';
import { DEMO_PASSWORD, DEMO_PROJECT_SLUG, seedDemo } from '../../src/lib/server/demo/seed';
import { seededRandom } from '../../src/lib/server/demo/seeded-random';

/** The demo's own idea count; beyond it, the bench adds ideas from the same corpus. */
const DEMO_IDEAS = 320;
/** The generator's hard cap, so a typo in --ideas cannot seed for an hour. */
export const MAX_IDEAS = 5_000;
/** Every seeded timestamp lies at least this far in the past, so nothing seeded is "new" to a page rendered later. */
const SEED_END_BEFORE_NOW_MS = 10 * 60_000;
const SEED_SPAN_MS = 60 * 24 * 3_600_000;
const EXTRA_AUTHORS = 12;
const EXTRA_VOTES_MAX = 6;

export interface SeededCity {
	readonly dataDir: string;
	readonly projectSlug: string;
	readonly ideas: number;
	readonly citizen: { readonly email: string; readonly password: string };
}

function pointInside(district: District, random: () => number): LatLng {
	const { south, west, north, east } = boundsOf([district.geometry]);
	for (let attempt = 0; attempt < 200; attempt++) {
		const point = { lat: south + random() * (north - south), lng: west + random() * (east - west) };
		if (geometryContains(district.geometry, point)) return point;
	}
	return district.centre;
}

/**
 * A fresh SQLite data folder holding the demo city (through the same services as `npm run demo`) and, past the
 * demo's 320 ideas, more ideas from the demo corpus by a few bench citizens, each with a handful of votes.
 */
export async function seedCity(ideaCount: number): Promise<SeededCity> {
	if (ideaCount < DEMO_IDEAS || ideaCount > MAX_IDEAS) throw new RangeError(`ideas must be between ${DEMO_IDEAS} and ${MAX_IDEAS}`);
	const dataDir = mkdtempSync(join(tmpdir(), 'agora-bench-page-'));
	const end = Date.now() - SEED_END_BEFORE_NOW_MS;
	let seedTime = end - SEED_SPAN_MS;
	const app = await createApp(readConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), {
		clock: { now: () => new Date((seedTime = Math.min(seedTime + 60_000, end))) }
	});
	try {
		const summary = await seedDemo(app);
		const citizen = summary.accounts.find((account) => account.role === 'citizen');
		if (!citizen) throw new Error('the demo seed has no citizen account');
		const project = await app.services.projects.getBySlug(DEMO_PROJECT_SLUG);
		const extra = ideaCount - DEMO_IDEAS;
		if (extra > 0) {
			const random = seededRandom(ideaCount);
			const city = await app.services.city.get();
			const districtsBySlug = new Map(city.districts.map((district) => [district.slug, district]));
			const authors: SignedInActor[] = [];
			for (let index = 0; index < EXTRA_AUTHORS; index++) {
				const account = await app.services.accounts.provision({
					email: `bench.citizen.${index}@agora.example`,
					displayName: `Bench Citizen ${index + 1}`,
					password: DEMO_PASSWORD,
					role: 'citizen'
				});
				authors.push({ kind: 'user', userId: account.id, displayName: account.displayName, role: account.role });
			}
			const drafts = buildDemoIdeas({
				count: extra,
				random,
				districts: BRUSSELS_MUNICIPALITIES.filter((municipality) => districtsBySlug.has(municipality.slug)),
				topics: city.topics
			});
			for (const [index, draft] of drafts.entries()) {
				const district = districtsBySlug.get(draft.districtSlug)!;
				const idea = await app.services.ideas.create(authors[index % authors.length]!, {
					projectId: project.id,
					title: draft.title,
					body: draft.body,
					topic: draft.topicSlug,
					location: pointInside(district, random)
				});
				const votes = Math.floor(random() * (EXTRA_VOTES_MAX + 1));
				for (let offset = 0; offset < votes; offset++) {
					const voter = authors[(index + offset) % authors.length]!;
					await app.services.votes.cast(voter, { ideaId: idea.id, value: random() < 0.7 ? 1 : -1 });
				}
			}
		}
		const ideas = (await app.services.ideas.list(GUEST, project.id)).length;
		return { dataDir, projectSlug: project.slug, ideas, citizen: { email: citizen.email, password: summary.password } };
	} finally {
		await app.close();
	}
}
