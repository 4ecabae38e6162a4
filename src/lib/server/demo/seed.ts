import type { Account } from '../../domain/accounts';
import type { ContentLanguage } from '../../domain/ideas';
import { LOCAL_LANGUAGE_IDEAS } from './local-language-ideas';
import { GUEST, type Actor, type SignedInActor } from '../../domain/actors';
import type { District } from '../../domain/projects';
import { geometryContains, boundsOf, type LatLng } from '../../domain/geo';
import type { App } from '../app';
import { BRUSSELS_MUNICIPALITIES } from './brussels';
import { buildDemoComments, buildDemoIdeas, type DemoIdeaDraft } from './idea-corpus';
import { seededRandom } from './seeded-random';
import { NOTIFICATION_KINDS } from '../../domain/notifications';
import { DEFAULT_NOTIFICATION_MODES } from '../../domain/notification-mail';

/** Every demo account signs in with this password; printed at start. Never deploy the demo city publicly. */
export const DEMO_PASSWORD = 'agora-demo-2026';
export const DEMO_PROJECT_SLUG = 'brussels-breathes-2027';
const DEMO_IDEA_COUNT = 320;

const STAFF = [
	{ email: 'admin@agora.example', displayName: 'Adèle Admin', role: 'admin' },
	{ email: 'moderator@agora.example', displayName: 'Mehdi Moderator', role: 'moderator' },
	{ email: 'facilitator@agora.example', displayName: 'Femke Facilitator', role: 'facilitator' }
] as const;

const CITIZEN_NAMES = [
	'Amélie Dubois', 'Bram Peeters', 'Chloé Lambert', 'Dries Janssens', 'Elif Yilmaz', 'Farid Benali', 'Greet Maes',
	'Hugo Lefèvre', 'Inès Martin', 'Jonas Claes', 'Karima El Amrani', 'Lucas Dupont', 'Marie Wouters', 'Nathan Goossens',
	'Olivia Mertens', 'Pieter De Smet', 'Quentin Renard', 'Rania Haddad', 'Sofie Vermeulen', 'Thomas Willems',
	'Ursula Nowak', 'Victor Leroy', 'Wout Jacobs', 'Xavier Simon', 'Yasmine Bakkali', 'Zoé Laurent', 'Arne De Clercq',
	'Bilal Ouali', 'Camille Leclercq', 'Dorien Hermans', 'Emma Desmet', 'Florian Gilson', 'Hanna Verstraete',
	'Ilias Amrani', 'Julie Mathieu', 'Kobe Van den Broeck', 'Léa Michel', 'Mathis Dumont', 'Nora Aerts', 'Oscar Bertrand'
];

function emailOf(name: string): string {
	const local = name
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z]+/g, '.');
	return `${local}@agora.example`;
}

function pointInside(district: District, random: () => number): LatLng {
	const { south, west, north, east } = boundsOf([district.geometry]);
	for (let attempt = 0; attempt < 200; attempt++) {
		const point = { lat: south + random() * (north - south), lng: west + random() * (east - west) };
		if (geometryContains(district.geometry, point)) return { lat: round6(point.lat), lng: round6(point.lng) };
	}
	return district.centre;
}

function round6(value: number): number {
	return Math.round(value * 1e6) / 1e6;
}

function asActor(account: Account): SignedInActor {
	return { kind: 'user', userId: account.id, displayName: account.displayName, role: account.role };
}

export interface DemoSummary {
	readonly projectSlug: string;
	readonly seededIdeas: number;
	readonly accounts: readonly { email: string; role: string }[];
	/** Citizens not listed in `accounts`. */
	readonly otherCitizens: number;
	readonly password: string;
}

/**
 * Seeds the demo city through the same services every transport uses: staff and citizens, one open project,
 * DEMO_IDEA_COUNT ideas spread over the districts and topics, votes and comments. Idempotent: accounts and the
 * project are found by e-mail and slug, and ideas are added only to a project that has none.
 */
/** The demo project stays open this long after seeding, so its page shows days left. */
const DEMO_PROJECT_DAYS_OPEN = 45;

/** ST7: the demo's promise: the ideas most of its few dozen voters support get an answer within a month. */
const DEMO_ANSWER_PROMISE = { supportThreshold: 15, answerDays: 30 };

/** ST3: the city's answers on the most supported ideas, so the demo shows statuses, signatures and a median. */
const DEMO_ANSWERS = [
	{ path: ['under_review'], department: 'Mobility department', message: 'Thank you: our traffic engineers will count the crossings here this spring and come back with a plan.' },
	{ path: ['accepted'], department: 'Green spaces department', message: 'Accepted: the planting fits the 2027 greening plan. Works are prepared with the municipality.' },
	{ path: ['accepted', 'in_progress'], department: 'Public works department', message: 'Works started: the contractor is on site until the end of the month. Thank you for your patience.' },
	{ path: ['rejected'], department: 'Mobility department', message: 'Not retained: a tram line is planned on this street, which rules out the change. We will keep the idea for the tram works.' },
	{ path: ['accepted', 'in_progress', 'done'], department: 'Cleanliness department', message: 'Done: the new bins are in place and emptied twice a week. Tell us how it works.' }
] as const;

async function answerDemoIdeas(app: App, moderator: Actor, projectId: string): Promise<void> {
	const ideas = (await app.services.ideas.list(GUEST, projectId)).sort((a, b) => b.upvotes - a.upvotes);
	for (const [index, answer] of DEMO_ANSWERS.entries()) {
		const idea = ideas[index];
		if (!idea) return;
		for (const status of answer.path) {
			await app.services.answers.answer(moderator, { ideaId: idea.id, status, department: answer.department, message: answer.message, language: 'en' });
		}
	}
}

export async function seedDemo(app: App): Promise<DemoSummary> {
	const { services } = app;
	const random = seededRandom(2027);
	const staff: Account[] = [];
	for (const member of STAFF) staff.push(await services.accounts.provision({ ...member, password: DEMO_PASSWORD }));
	const citizens: Account[] = [];
	for (const displayName of CITIZEN_NAMES) {
		citizens.push(await services.accounts.provision({ email: emailOf(displayName), displayName, password: DEMO_PASSWORD, role: 'citizen' }));
	}

	const project = await services.projects.ensure({
		slug: DEMO_PROJECT_SLUG,
		title: 'Brussels breathes 2027',
		description:
			'Greener streets, safer crossings, more room to play and rest: where in your neighbourhood should the region act first? ' +
			'Pin your idea on the map, vote on your neighbours’ ideas and follow the answers from the city.',
		translations: {
			fr: {
				title: 'Bruxelles respire 2027',
				description:
					'Des rues plus vertes, des traversées plus sûres, plus de place pour jouer et se reposer : où la Région doit-elle agir en premier dans votre quartier ? ' +
					'Placez votre idée sur la carte, votez pour les idées de vos voisins et suivez les réponses de la ville.'
			},
			nl: {
				title: 'Brussel ademt 2027',
				description:
					'Groenere straten, veiligere oversteekplaatsen, meer ruimte om te spelen en uit te rusten: waar in jouw buurt moet het Gewest eerst in actie komen? ' +
					'Zet je idee op de kaart, stem op de ideeën van je buren en volg de antwoorden van de stad.'
			}
		},
		closesAt: new Date(Date.now() + DEMO_PROJECT_DAYS_OPEN * 86_400_000).toISOString(),
		status: 'open',
		answerPromise: DEMO_ANSWER_PROMISE
	});

	let seededIdeas = 0;
	if ((await services.ideas.list(GUEST, project.id)).length === 0) {
		// The seed's own history is not news: nobody is e-mailed about it, and the bells start read (N6, N1).
		const everyone = [...staff, ...citizens];
		const silent = Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, 'off']));
		for (const account of everyone) await app.store.notificationMail.setPreferences(account.id, silent);
		const city = await services.city.get();
		const districtsBySlug = new Map(city.districts.map((district) => [district.slug, district]));
		// BG3: most citizens say where they live, so supporters' districts make bridge-builders (their own random, so
		// the ideas and votes stay as they were).
		const homes = seededRandom(1830);
		for (const citizen of citizens) {
			if (homes() < 0.2) continue;
			const home = city.districts[Math.floor(homes() * city.districts.length)];
			if (home) await services.points.setPreferences(asActor(citizen), { listed: true, homeDistrict: home.slug });
		}
		const drafts: (DemoIdeaDraft & { language?: ContentLanguage })[] = buildDemoIdeas({
			count: DEMO_IDEA_COUNT - LOCAL_LANGUAGE_IDEAS.length,
			random,
			districts: BRUSSELS_MUNICIPALITIES.filter((municipality) => districtsBySlug.has(municipality.slug)),
			topics: city.topics
		});
		// The French and Dutch ideas land among the others, not all at one end of the timeline.
		for (const local of LOCAL_LANGUAGE_IDEAS) {
			if (districtsBySlug.has(local.districtSlug)) drafts.splice(Math.floor(random() * (drafts.length + 1)), 0, local);
		}
		const voters = [...citizens, ...staff];
		for (const draft of drafts) {
			const district = districtsBySlug.get(draft.districtSlug)!;
			const author = citizens[Math.floor(random() * citizens.length)]!;
			const idea = await services.ideas.create(asActor(author), {
				projectId: project.id,
				title: draft.title,
				body: draft.body,
				topic: draft.topicSlug,
				language: draft.language ?? 'en',
				location: pointInside(district, random)
			});
			// Popularity is skewed like real participation: a few ideas draw most of the votes.
			const turnout = Math.floor(Math.pow(random(), 2.2) * voters.length);
			const leaning = 0.55 + random() * 0.4;
			const firstVoter = Math.floor(random() * voters.length);
			for (let offset = 0; offset < turnout; offset++) {
				const voter = voters[(firstVoter + offset) % voters.length]!;
				await services.votes.cast(asActor(voter), { ideaId: idea.id, value: random() < leaning ? 1 : -1 });
			}
			const commentCount = Math.floor(Math.pow(random(), 2) * 5);
			// Every second comment after the first answers the first (C2), decided by position rather than by `random`,
			// so the rest of the seed stays the same as before threads existed.
			let firstComment: string | null = null;
			for (const [index, body] of buildDemoComments(random, draft, commentCount).entries()) {
				const commenter = voters[Math.floor(random() * voters.length)]!;
				const parentId = index % 2 === 1 ? firstComment : null;
				const posted = await services.comments.add(asActor(commenter), { ideaId: idea.id, body, ...(parentId ? { parentId } : {}) });
				firstComment ??= posted.id;
			}
			seededIdeas += 1;
		}
		await answerDemoIdeas(app, asActor(staff.find((member) => member.role === 'moderator')!), project.id);
		await services.notifications.settled();
		await services.points.settled();
		const now = new Date().toISOString();
		for (const account of everyone) {
			await app.store.notifications.markRead(account.id, null, now);
			await app.store.notificationMail.setPreferences(account.id, DEFAULT_NOTIFICATION_MODES);
		}
	}

	return {
		projectSlug: project.slug,
		seededIdeas,
		accounts: [...staff, ...citizens.slice(0, 3)].map(({ email, role }) => ({ email, role })),
		otherCitizens: citizens.length - 3,
		password: DEMO_PASSWORD
	};
}
