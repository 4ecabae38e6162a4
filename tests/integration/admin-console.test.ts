import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../../src/lib/domain/projects';
import { approximateBrusselsDistricts } from '../../src/lib/server/city-source';
import { postAction } from '../support/http';
import { aProject, ideaInput } from '../support/builders';
import { signIn, type PersonaName, type SignedInPersona } from '../support/personas';
import { startTestServer, type TestServer } from '../support/server';

type Who = 'guest' | 'citizen' | 'moderator' | 'facilitator' | 'admin';
const PERSONA: Record<Exclude<Who, 'guest'>, PersonaName> = { citizen: 'amira', moderator: 'max', facilitator: 'fatou', admin: 'ada' };
const EVERYONE: readonly Who[] = ['guest', 'citizen', 'moderator', 'facilitator', 'admin'];

const projectFields = (slug: string, overrides: Record<string, string> = {}) => ({
	slug,
	title: `Project ${slug}`,
	description: 'A project made in the console.',
	titleFr: '',
	descriptionFr: '',
	titleNl: '',
	descriptionNl: '',
	status: 'open',
	opensOn: '',
	closesOn: '',
	voteMode: 'up_down',
	locationMode: 'pin_optional',
	editWindowMinutes: '60',
	...overrides
});

const districtsText = () =>
	JSON.stringify({
		type: 'FeatureCollection',
		features: approximateBrusselsDistricts().map((district) => ({ type: 'Feature', properties: { name: district.name, slug: district.slug }, geometry: district.geometry }))
	});

/** Posts a multipart form (a file upload) the way `use:enhance` does. */
async function postFile(url: string, file: { name: string; text: string } | null, cookie?: string) {
	const body = new FormData();
	if (file) body.set('file', new File([file.text], file.name, { type: 'application/geo+json' }));
	const response = await fetch(url, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: new URL(url).origin, 'x-sveltekit-action': 'true', accept: 'application/json', ...(cookie ? { cookie } : {}) },
		body
	});
	const text = await response.text();
	let parsed: { type?: string; status?: number; data?: string } = {};
	try {
		parsed = JSON.parse(text) as typeof parsed;
	} catch {
		parsed = {};
	}
	return { status: parsed.status ?? response.status, type: parsed.type, data: parsed.data ?? text };
}

describe('the staff console over HTTP', () => {
	let server: TestServer;
	let project: Project;
	const people = {} as Record<PersonaName, SignedInPersona>;
	const cookieOf = (who: Who) => (who === 'guest' ? undefined : people[PERSONA[who]].cookie);
	let counter = 0;
	const unique = (prefix: string) => `${prefix}-${++counter}`;

	beforeAll(async () => {
		server = await startTestServer({ svelteKit: true, unlimited: true });
		for (const name of ['amira', 'bruno', 'max', 'fatou', 'ada'] as const) people[name] = await signIn(server.app, name);
		project = await aProject(server.app);
		await server.app.services.ideas.create(people.amira.actor, ideaInput(project.id));
	});
	afterAll(() => server.close());

	const url = (path: string) => `${server.url}/en${path}`;
	const get = (path: string, who: Who, locale = 'en') =>
		fetch(`${server.url}/${locale}${path}`, { redirect: 'manual', headers: cookieOf(who) ? { cookie: cookieOf(who)! } : {} });

	describe('[AD2] who may open which page', () => {
		const PAGES: Record<string, Record<Who, number>> = {
			'/admin': { guest: 303, citizen: 403, moderator: 200, facilitator: 200, admin: 200 },
			'/admin/projects': { guest: 303, citizen: 403, moderator: 403, facilitator: 403, admin: 200 },
			'/admin/projects/new': { guest: 303, citizen: 403, moderator: 403, facilitator: 403, admin: 200 },
			'/admin/projects/:id': { guest: 303, citizen: 403, moderator: 403, facilitator: 403, admin: 200 },
			'/admin/topics': { guest: 303, citizen: 403, moderator: 403, facilitator: 403, admin: 200 },
			'/admin/districts': { guest: 303, citizen: 403, moderator: 403, facilitator: 403, admin: 200 },
			'/admin/staff': { guest: 303, citizen: 403, moderator: 403, facilitator: 403, admin: 200 },
			'/admin/my-projects': { guest: 303, citizen: 403, moderator: 403, facilitator: 200, admin: 200 }
		};
		for (const [page, expected] of Object.entries(PAGES)) {
			for (const who of EVERYONE) {
				it(`${page} × ${who} → ${expected[who]}`, async () => {
					const response = await get(page.replace(':id', project.id), who);
					expect(response.status).toBe(expected[who]);
					if (who === 'guest') expect(response.headers.get('location')).toBe(`/en/signin?returnTo=${encodeURIComponent(page.replace(':id', project.id))}`);
				});
			}
		}

		it('a citizen’s 403 page speaks their language', async () => {
			const french = await (await get('/admin', 'citizen', 'fr')).text();
			expect(french).toContain('La console est réservée au personnel de la ville.');
			const dutch = await (await get('/admin/staff', 'citizen', 'nl')).text();
			expect(dutch).toContain('De console is voor het personeel van de stad.');
		});

		it('the navigation shows each role its parts', async () => {
			const links = async (who: Who) => [...(await (await get('/admin', who)).text()).matchAll(/href="\/en(\/admin[^"]*)"/g)].map((match) => match[1]);
			expect(new Set(await links('admin'))).toEqual(new Set(['/admin', '/admin/projects', '/admin/topics', '/admin/statuses', '/admin/points', '/admin/districts', '/admin/staff', '/admin/moderation', '/admin/audit', '/admin/answers']));
			expect(new Set(await links('moderator'))).toEqual(new Set(['/admin', '/admin/moderation', '/admin/audit', '/admin/answers']));
			expect(new Set(await links('facilitator'))).toEqual(new Set(['/admin', '/admin/my-projects']));
		});
	});

	describe('[AD2] the authorization matrix of every console action', () => {
		/** Each action with a valid input for an admin; a fresh input per call so every cell could succeed. */
		const ACTIONS: Record<string, { path: () => string; fields: () => Promise<Record<string, string>> | Record<string, string>; admin: number }> = {
			'project create': { path: () => '/admin/projects/new?/save', fields: () => projectFields(unique('made')), admin: 303 },
			'project edit': { path: () => `/admin/projects/${project.id}?/save`, fields: () => projectFields(project.slug, { title: unique('Edited') }), admin: 200 },
			'facilitator assign': { path: () => `/admin/projects/${project.id}?/assign`, fields: () => ({ userId: people.fatou.actor.userId }), admin: 200 },
			'facilitator unassign': { path: () => `/admin/projects/${project.id}?/unassign`, fields: () => ({ userId: people.fatou.actor.userId }), admin: 200 },
			'topic create': { path: () => '/admin/topics?/create', fields: () => ({ slug: unique('topic'), name: 'Water', colour: '2', icon: 'leaf' }), admin: 200 },
			'topic edit': {
				path: () => '/admin/topics?/update',
				fields: async () => {
					const topic = await server.app.services.city.createTopic(people.ada.actor, { slug: unique('edit'), name: 'Edit me', colour: '1', icon: 'bus' });
					return { topicId: topic.id, slug: topic.slug, name: 'Edited', colour: '3', icon: 'bike' };
				},
				admin: 200
			},
			'topic delete': {
				path: () => '/admin/topics?/delete',
				fields: async () => ({ topicId: (await server.app.services.city.createTopic(people.ada.actor, { slug: unique('gone'), name: 'Gone soon', colour: '1', icon: 'bus' })).id }),
				admin: 200
			},
			'invite': { path: () => '/admin/staff?/invite', fields: () => ({ email: `${unique('person')}@test.example`, role: 'moderator' }), admin: 200 },
			'revoke': {
				path: () => '/admin/staff?/revoke',
				fields: async () => ({ invitationId: (await server.app.services.staff.invite(people.ada.actor, { email: `${unique('revoked')}@test.example`, role: 'facilitator' })).invitation.id }),
				admin: 200
			},
			'role change': {
				path: () => '/admin/staff?/role',
				fields: async () => {
					const account = await server.app.services.accounts.provision({ email: `${unique('staffer')}@test.example`, password: 'a long passphrase', displayName: 'Staffer', role: 'citizen' });
					return { userId: account.id, role: 'moderator' };
				},
				admin: 200
			}
		};
		for (const [action, { path, fields, admin }] of Object.entries(ACTIONS)) {
			for (const who of EVERYONE) {
				const expected = who === 'admin' ? admin : who === 'guest' ? 401 : 403;
				it(`${action} × ${who} → ${expected}`, async () => {
					const { status, result } = await postAction(url(path()), await fields(), { cookie: cookieOf(who) });
					expect(status).toBe(expected);
					if (who !== 'admin') expect(result.data).toMatchObject({ code: who === 'guest' ? 'unauthenticated' : 'forbidden' });
				});
			}
		}

		for (const who of EVERYONE) {
			const expected = who === 'admin' ? 200 : who === 'guest' ? 401 : 403;
			it(`districts upload × ${who} → ${expected}`, async () => {
				const { status } = await postFile(url('/admin/districts?/upload'), { name: 'districts.geojson', text: districtsText() }, cookieOf(who));
				expect(status).toBe(expected);
			});
		}

		it('[AD10] accepting an invitation × every persona: only the invited, signed-in account', async () => {
			const { token } = await server.app.services.staff.invite(people.ada.actor, { email: 'bruno@test.example', role: 'facilitator' });
			const accept = (cookie?: string) => postAction(url(`/invitations/${token}?/accept`), {}, cookie ? { cookie } : {});
			expect((await accept()).status).toBe(401);
			for (const who of ['citizen', 'moderator', 'facilitator', 'admin'] as const) expect((await accept(cookieOf(who))).status).toBe(403);
			const accepted = await accept(people.bruno.cookie);
			expect(accepted.result).toMatchObject({ type: 'redirect', location: '/en/admin' });
			expect(await server.app.services.accounts.actorForSession(people.bruno.token)).toMatchObject({ role: 'facilitator' });
			expect((await accept(people.bruno.cookie)).status).toBe(404);
			expect((await fetch(url(`/invitations/${token}`))).status).toBe(404);
		});
	});

	describe('the forms answer beside the field, in the person’s language', () => {
		it('[AD4] a project form error names the field and keeps what was typed', async () => {
			const { status, result } = await postAction(`${server.url}/fr/admin/projects/new?/save`, projectFields('Bad Slug', { title: 'Mon projet' }), { cookie: cookieOf('admin') });
			expect(status).toBe(400);
			expect(result.data).toMatchObject({ code: 'invalid', fields: { slug: expect.stringContaining('minuscules') }, values: { title: 'Mon projet' } });
		});

		it('[AD4] without JavaScript, a created project redirects to its page in the console', async () => {
			const { status, result } = await postAction(url('/admin/projects/new?/save'), projectFields('plain-form'), { cookie: cookieOf('admin'), enhanced: false });
			expect(status).toBe(303);
			expect(result.type).not.toBe('failure');
			const created = await server.app.services.projects.getBySlug('plain-form');
			expect(created.title).toBe('Project plain-form');
		});

		it('[AD8] deleting a topic ideas use is refused with the count', async () => {
			const used = (await server.app.services.city.get()).topics.find((topic) => topic.slug === 'green-spaces')!;
			const { status, result } = await postAction(url('/admin/topics?/delete'), { topicId: used.id }, { cookie: cookieOf('admin') });
			expect(status).toBe(409);
			expect(result.data).toMatchObject({ message: expect.stringContaining('1 ideas use this topic') });
		});

		it('[AD9] a districts file that orphans ideas is refused, naming the district and its ideas', async () => {
			const text = JSON.stringify({ ...JSON.parse(districtsText()), features: (JSON.parse(districtsText()) as { features: { properties: { slug: string } }[] }).features.filter((feature) => feature.properties.slug !== 'ixelles') });
			const { status, data } = await postFile(url('/admin/districts?/upload'), { name: 'districts.geojson', text }, cookieOf('admin'));
			expect(status).toBe(409);
			expect(data).toContain('Ixelles');
		});

		it('[AD10] an invitation shows its link once, to the admin', async () => {
			const { status, result } = await postAction(url('/admin/staff?/invite'), { email: 'new.moderator@test.example', role: 'moderator' }, { cookie: cookieOf('admin') });
			expect(status).toBe(200);
			const link = (result.data as { invited: { link: string } }).invited.link;
			expect(link).toMatch(new RegExp(`^${server.url.replace(/[/.:]/g, '\\$&')}/invitations/[A-Za-z0-9_-]{43}$`));
			const shown = await fetch(link);
			expect(shown.status).toBe(200);
			expect(await shown.text()).toContain('new.moderator@test.example');
		});
	});

	describe('garbage on every console entry point', () => {
		const admin = () => ({ cookie: cookieOf('admin') });
		const huge = 'x'.repeat(100_000);
		const ENTRY_POINTS: Record<string, () => string> = {
			'project create': () => '/admin/projects/new?/save',
			'project edit': () => `/admin/projects/${project.id}?/save`,
			'facilitator assign': () => `/admin/projects/${project.id}?/assign`,
			'facilitator unassign': () => `/admin/projects/${project.id}?/unassign`,
			'topic create': () => '/admin/topics?/create',
			'topic edit': () => '/admin/topics?/update',
			'topic delete': () => '/admin/topics?/delete',
			'invite': () => '/admin/staff?/invite',
			'revoke': () => '/admin/staff?/revoke',
			'role change': () => '/admin/staff?/role',
			'districts upload (as a text field)': () => '/admin/districts?/upload',
			'accept invitation': () => '/invitations/not-a-token?/accept'
		};
		const GARBAGE: Record<string, Record<string, string>> = {
			'no fields at all': {},
			'every field oversized': { slug: huge, title: huge, description: huge, name: huge, email: huge, role: huge, userId: huge, topicId: huge, invitationId: huge, colour: huge, icon: huge, file: huge, editWindowMinutes: huge },
			'wrong types': { slug: '[]', title: '{"a":1}', status: 'true', voteMode: '0', editWindowMinutes: '1e9', colour: '-1', icon: 'null', role: 'root', userId: '../../etc', topicId: '🙂', file: '{"type":"FeatureCollection","features":"no"}' },
			'control characters': { title: 'a\u0000b', name: '\u0007', email: 'a\u0000@b.example', slug: 'a\u202eb' }
		};
		for (const [entry, path] of Object.entries(ENTRY_POINTS)) {
			for (const [kind, fields] of Object.entries(GARBAGE)) {
				it(`${entry}: ${kind} is refused as the person's mistake, never a crash`, async () => {
					const { status } = await postAction(url(path()), fields, admin());
					expect(status).toBeGreaterThanOrEqual(400);
					expect(status).toBeLessThan(500);
				});
			}
		}

		it('[AD9] a huge upload is refused before it is read (413), and bad GeoJSON beside the field', async () => {
			const big = await postFile(url('/admin/districts?/upload'), { name: 'big.geojson', text: ' '.repeat(2 * 1024 * 1024) }, cookieOf('admin'));
			expect(big.status).toBe(413);
			const over = await postFile(url('/admin/districts?/upload'), { name: 'over.geojson', text: `${' '.repeat(490 * 1024)}{}` }, cookieOf('admin'));
			expect(over.status).toBe(413);
			const none = await postFile(url('/admin/districts?/upload'), null, cookieOf('admin'));
			expect(none.status).toBe(400);
			const empty = await postFile(url('/admin/districts?/upload'), { name: 'empty.geojson', text: '' }, cookieOf('admin'));
			expect(empty.status).toBe(400);
			for (const text of ['not json', '{"type":"FeatureCollection","features":[]}', '{"type":"Topology"}', '[1,2,3]', 'null']) {
				const { status, data } = await postFile(url('/admin/districts?/upload'), { name: 'bad.geojson', text }, cookieOf('admin'));
				expect(status).toBe(400);
				expect(data).toContain('file');
			}
			expect((await server.app.services.city.get()).districts).toHaveLength(19);
		});

		it('a cross-site form post is refused by the origin check', async () => {
			const { status } = await postAction(url('/admin/projects/new?/save'), projectFields(unique('csrf')), { cookie: cookieOf('admin'), origin: 'https://evil.example' });
			expect(status).toBe(403);
		});
	});
});
