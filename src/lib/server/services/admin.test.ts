import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GUEST } from '../../domain/actors';
import type { App } from '../app';
import { createTestApp, recordEvents } from '../../../../tests/support/app';
import { aProject, ideaInput, PLACES } from '../../../../tests/support/builders';
import { signIn, type SignedInPersona } from '../../../../tests/support/personas';
import { createScratchDatabase, TEST_DATABASE_URL } from '../../../../tests/support/services';
import { approximateBrusselsDistricts } from '../city-source';

/** A valid console form for a project, with `overrides`. */
export const projectForm = (overrides: Record<string, string> = {}) => ({
	slug: 'green-streets-2027',
	title: 'Green streets 2027',
	description: 'Where should the city plant trees next year?',
	titleFr: 'Rues vertes 2027',
	descriptionFr: 'Où la ville doit-elle planter des arbres l’an prochain ?',
	titleNl: '',
	descriptionNl: '',
	status: 'open',
	opensOn: '2027-01-10',
	closesOn: '2027-03-31',
	voteMode: 'up_down',
	locationMode: 'pin_optional',
	editWindowMinutes: '90',
	...overrides
});

const topicForm = (overrides: Record<string, string> = {}) => ({ slug: 'water', name: 'Water', nameFr: 'Eau', nameNl: 'Water', colour: '6', icon: 'leaf', ...overrides });

/** The demo's districts as an uploaded file, with `keep` choosing which stay. */
function districtsFile(keep: (slug: string) => boolean = () => true): string {
	return JSON.stringify({
		type: 'FeatureCollection',
		features: approximateBrusselsDistricts()
			.filter((district) => keep(district.slug))
			.map((district) => ({ type: 'Feature', properties: { name: district.name, slug: district.slug }, geometry: district.geometry }))
	});
}

describe('staff console services', () => {
	let app: App;
	let ada: SignedInPersona;
	let amira: SignedInPersona;
	let max: SignedInPersona;
	let fatou: SignedInPersona;
	beforeEach(async () => {
		app = await createTestApp();
		[ada, amira, max, fatou] = await Promise.all([signIn(app, 'ada'), signIn(app, 'amira'), signIn(app, 'max'), signIn(app, 'fatou')]);
	});
	afterEach(() => app.close());

	describe('projects', () => {
		it('[AD4] an admin creates a project with its translations, days and settings', async () => {
			const project = await app.services.projects.create(ada.actor, projectForm());
			expect(project).toMatchObject({
				slug: 'green-streets-2027',
				title: 'Green streets 2027',
				translations: { fr: { title: 'Rues vertes 2027' } },
				status: 'open',
				opensAt: '2027-01-10T00:00:00.000Z',
				closesAt: '2027-03-31T23:59:59.999Z',
				voteMode: 'up_down',
				locationMode: 'pin_optional',
				editWindowMinutes: 90
			});
			expect(project.translations.nl).toBeUndefined();
			expect(await app.services.projects.getBySlug('green-streets-2027')).toEqual(project);
		});

		it('[AD2] only an admin creates or edits projects', async () => {
			await expect(app.services.projects.create(GUEST, projectForm())).rejects.toMatchObject({ code: 'unauthenticated' });
			for (const persona of [amira, max, fatou]) {
				await expect(app.services.projects.create(persona.actor, projectForm())).rejects.toMatchObject({ code: 'forbidden' });
			}
			const project = await aProject(app);
			await expect(app.services.projects.update(max.actor, project.id, projectForm())).rejects.toMatchObject({ code: 'forbidden' });
		});

		it('[AD4] refuses a taken slug on create and edit, and a malformed one beside the field', async () => {
			const first = await app.services.projects.create(ada.actor, projectForm());
			await expect(app.services.projects.create(ada.actor, projectForm())).rejects.toMatchObject({ code: 'conflict', fields: { slug: { key: 'admin_slug_taken' } } });
			const second = await app.services.projects.create(ada.actor, projectForm({ slug: 'second' }));
			await expect(app.services.projects.update(ada.actor, second.id, projectForm({ slug: first.slug }))).rejects.toMatchObject({ code: 'conflict' });
			for (const slug of ['Green', 'a', '-lead', 'trail-', 'dou--ble', 'spa ce', 'x'.repeat(61)]) {
				await expect(app.services.projects.create(ada.actor, projectForm({ slug }))).rejects.toMatchObject({ code: 'invalid', fields: { slug: { key: 'admin_slug_invalid' } } });
			}
		});

		it.each([
			['closing before opening', { opensOn: '2027-04-01', closesOn: '2027-03-01' }, 'closesOn', 'admin_closes_before_opens'],
			['an impossible day', { opensOn: '2027-02-30' }, 'opensOn', 'admin_date_invalid'],
			['half a translation', { titleNl: 'Groene straten', descriptionNl: '' }, 'descriptionNl', 'admin_translation_incomplete'],
			['a negative edit window', { editWindowMinutes: '-5' }, 'editWindowMinutes', 'admin_edit_window_invalid'],
			['an edit window over a week', { editWindowMinutes: '10081' }, 'editWindowMinutes', 'admin_edit_window_invalid'],
			['an unknown vote mode', { voteMode: 'ranked' }, 'voteMode', 'admin_choice_invalid'],
			['an unknown status', { status: 'archived' }, 'status', 'admin_choice_invalid'],
			['an empty title', { title: '   ' }, 'title', 'admin_title_required']
		])('[AD4] refuses %s beside its field', async (_label, overrides, field, key) => {
			await expect(app.services.projects.create(ada.actor, projectForm(overrides))).rejects.toMatchObject({ code: 'invalid', fields: { [field]: { key } } });
		});

		it('[AD4][T1] cleans the texts with the domain text hygiene', async () => {
			const project = await app.services.projects.create(ada.actor, projectForm({ title: '  Cafe\u0301 streets  ' }));
			expect(project.title).toBe('Café streets');
			expect((await app.services.projects.create(ada.actor, projectForm({ slug: 'bidi', title: 'Evil \u202e title' }))).title).toBe('Evil title');
			await expect(app.services.projects.create(ada.actor, projectForm({ slug: 'bell', title: 'Ring \u0007 the bell' }))).rejects.toMatchObject({
				fields: { title: { key: 'validation_forbidden_characters' } }
			});
		});

		it('[AD4] an edit replaces the fields and keeps the project', async () => {
			const project = await app.services.projects.create(ada.actor, projectForm());
			const edited = await app.services.projects.update(ada.actor, project.id, projectForm({ title: 'Greener streets', status: 'closed', titleFr: '', descriptionFr: '', closesOn: '' }));
			expect(edited).toMatchObject({ id: project.id, title: 'Greener streets', status: 'closed', translations: {}, closesAt: null, createdAt: project.createdAt });
			await expect(app.services.projects.update(ada.actor, 'nope', projectForm({ slug: 'nope' }))).rejects.toMatchObject({ code: 'not_found' });
		});

		it('[AD5] a support-only project refuses down votes and takes up votes', async () => {
			const project = await app.services.projects.create(ada.actor, projectForm());
			const idea = await app.services.ideas.create(amira.actor, ideaInput(project.id));
			await app.services.votes.cast(ada.actor, { ideaId: idea.id, value: -1 });
			await app.services.projects.update(ada.actor, project.id, projectForm({ voteMode: 'up_only' }));
			await expect(app.services.votes.cast(max.actor, { ideaId: idea.id, value: -1 })).rejects.toMatchObject({ code: 'invalid', key: 'admin_vote_up_only' });
			expect((await app.services.votes.cast(max.actor, { ideaId: idea.id, value: 1 })).upvotes).toBe(1);
			// A down vote cast before the setting changed can still be taken back.
			expect((await app.services.votes.withdraw(ada.actor, { ideaId: idea.id })).downvotes).toBe(0);
		});

		it('[AD5] a project requiring a pin refuses an idea placed by district only', async () => {
			const project = await app.services.projects.create(ada.actor, projectForm({ locationMode: 'pin_required' }));
			await expect(app.services.ideas.create(amira.actor, ideaInput(project.id, { location: undefined, district: 'ixelles' }))).rejects.toMatchObject({
				code: 'invalid',
				fields: { location: { key: 'admin_location_pin_required' } }
			});
			const idea = await app.services.ideas.create(amira.actor, ideaInput(project.id, { location: PLACES.flagey }));
			expect(idea.locationApproximate).toBe(false);
			const relaxed = await app.services.projects.create(ada.actor, projectForm({ slug: 'relaxed' }));
			expect((await app.services.ideas.create(amira.actor, ideaInput(relaxed.id, { location: undefined, district: 'ixelles' }))).locationApproximate).toBe(true);
		});

		it('[AD3] an admin assigns facilitators; a facilitator sees only the projects they run', async () => {
			const mine = await app.services.projects.create(ada.actor, projectForm());
			await app.services.projects.create(ada.actor, projectForm({ slug: 'other' }));
			const events = recordEvents(app);
			await app.services.projects.setFacilitator(ada.actor, { projectId: mine.id, userId: fatou.actor.userId, assigned: true });
			expect(events).toContainEqual({ type: 'account.changed', userId: fatou.actor.userId });
			expect((await app.services.projects.runBy(fatou.actor)).map((project) => project.slug)).toEqual(['green-streets-2027']);
			expect(await app.services.projects.facilitators(ada.actor, mine.id)).toEqual([{ userId: fatou.actor.userId, displayName: fatou.actor.displayName }]);
			expect((await app.services.projects.runBy(ada.actor)).length).toBe(2);
			await expect(app.services.projects.setFacilitator(ada.actor, { projectId: mine.id, userId: amira.actor.userId, assigned: true })).rejects.toMatchObject({
				fields: { userId: { key: 'admin_not_facilitator' } }
			});
			await expect(app.services.projects.setFacilitator(fatou.actor, { projectId: mine.id, userId: fatou.actor.userId, assigned: false })).rejects.toMatchObject({ code: 'forbidden' });
			await expect(app.services.projects.runBy(amira.actor)).rejects.toMatchObject({ code: 'forbidden' });
			// Losing the role ends every assignment.
			await app.services.staff.changeRole(ada.actor, { userId: fatou.actor.userId, role: 'moderator' });
			expect(await app.services.projects.facilitators(ada.actor, mine.id)).toEqual([]);
		});
	});

	describe('topics', () => {
		it('[AD7] an admin creates and edits a topic with names, a palette colour and an icon', async () => {
			const topic = await app.services.city.createTopic(ada.actor, topicForm());
			expect(topic).toMatchObject({ slug: 'water', name: 'Water', translations: { fr: 'Eau', nl: 'Water' }, colour: 6, icon: 'leaf' });
			expect((await app.services.city.get()).topics.at(-1)).toMatchObject({ slug: 'water', colour: 6, icon: 'leaf' });
			const edited = await app.services.city.updateTopic(ada.actor, topic.id, topicForm({ name: 'Water & rivers', colour: '2', icon: 'recycle', nameNl: '' }));
			expect(edited).toMatchObject({ name: 'Water & rivers', colour: 2, icon: 'recycle', translations: { fr: 'Eau' } });
			await expect(app.services.city.createTopic(ada.actor, topicForm())).rejects.toMatchObject({ code: 'conflict', fields: { slug: { key: 'admin_slug_taken' } } });
			await expect(app.services.city.updateTopic(ada.actor, topic.id, topicForm({ slug: 'mobility' }))).rejects.toMatchObject({ code: 'conflict' });
		});

		it.each([
			['a colour off the palette', { colour: '9' }, 'colour'],
			['a colour that is not a number', { colour: 'red' }, 'colour'],
			['an icon outside the set', { icon: 'skull' }, 'icon'],
			['no name', { name: '' }, 'name']
		])('[AD7] refuses %s', async (_label, overrides, field) => {
			await expect(app.services.city.createTopic(ada.actor, topicForm(overrides))).rejects.toMatchObject({ code: 'invalid', fields: { [field]: {} } });
		});

		it('[AD8] refuses to delete a topic ideas use, and deletes an unused one', async () => {
			const project = await aProject(app);
			await app.services.ideas.create(amira.actor, ideaInput(project.id, { topic: 'green-spaces' }));
			const used = (await app.services.city.get()).topics.find((topic) => topic.slug === 'green-spaces')!;
			await expect(app.services.city.deleteTopic(ada.actor, used.id)).rejects.toMatchObject({ code: 'conflict', key: 'admin_topic_in_use', params: { count: 1 } });
			const unused = await app.services.city.createTopic(ada.actor, topicForm());
			await app.services.city.deleteTopic(ada.actor, unused.id);
			expect((await app.services.city.get()).topics.some((topic) => topic.slug === 'water')).toBe(false);
			await expect(app.services.city.deleteTopic(ada.actor, unused.id)).rejects.toMatchObject({ code: 'not_found' });
			await expect(app.services.city.deleteTopic(max.actor, used.id)).rejects.toMatchObject({ code: 'forbidden' });
		});
	});

	describe('districts', () => {
		it('[AD9] an admin replaces the districts; kept slugs keep their ideas and ids, the map serves the new ones at once', async () => {
			const before = await app.services.city.get();
			const project = await aProject(app);
			const idea = await app.services.ideas.create(amira.actor, ideaInput(project.id));
			const result = await app.services.city.replaceDistricts(ada.actor, districtsFile((slug) => slug !== 'ganshoren'));
			expect(result).toMatchObject({ districts: 18, added: [], removed: ['Ganshoren'] });
			const after = await app.services.city.get();
			expect(after.districts.map((district) => district.slug)).not.toContain('ganshoren');
			expect(after.districtsApproximate).toBe(false);
			expect(after.version).not.toBe(before.version);
			expect((await app.services.ideas.get(GUEST, idea.id)).district.slug).toBe('ixelles');
			const ixelles = (id: typeof before) => id.districts.find((district) => district.slug === 'ixelles')!.id;
			expect(ixelles(after)).toBe(ixelles(before));
			const stats = await app.services.mapStats.districts(GUEST, { project: project.id });
			expect(stats.collection.features).toHaveLength(18);
		});

		it('[AD9] refuses a file that would orphan ideas, naming the districts and their counts; nothing changes', async () => {
			const project = await aProject(app);
			await app.services.ideas.create(amira.actor, ideaInput(project.id));
			await app.services.ideas.create(amira.actor, ideaInput(project.id, { title: 'A bench in front of the pond' }));
			await expect(app.services.city.replaceDistricts(ada.actor, districtsFile((slug) => slug !== 'ixelles'))).rejects.toMatchObject({
				code: 'conflict',
				key: 'admin_districts_orphan',
				params: { districts: expect.stringMatching(/Ixelles.*\(2\)/) }
			});
			expect((await app.services.city.get()).districts).toHaveLength(19);
		});

		it.each([
			['not JSON', '{nope', 'admin_districts_not_json'],
			['a Feature, not a collection', JSON.stringify({ type: 'Feature' }), 'admin_districts_not_geojson'],
			['an empty collection', JSON.stringify({ type: 'FeatureCollection', features: [] }), 'admin_districts_not_geojson'],
			['a point', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'X' }, geometry: { type: 'Point', coordinates: [4, 50] } }] }), 'admin_districts_not_geojson'],
			['a nameless polygon', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[4, 50], [4.1, 50], [4.1, 50.1], [4, 50]]] } }] }), 'admin_districts_not_geojson'],
			['coordinates off the globe', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'X' }, geometry: { type: 'Polygon', coordinates: [[[400, 50], [4.1, 50], [4.1, 50.1], [400, 50]]] } }] }), 'admin_districts_not_geojson'],
			['an open ring', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'X' }, geometry: { type: 'Polygon', coordinates: [[[4, 50], [4.1, 50], [4.1, 50.1], [4, 50.1]]] } }] }), 'admin_districts_ring_open'],
			['a continent', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'X' }, geometry: { type: 'Polygon', coordinates: [[[-10, 35], [30, 35], [30, 70], [-10, 35]]] } }] }), 'admin_districts_out_of_bounds'],
			['two districts of one name', JSON.stringify({ type: 'FeatureCollection', features: [0, 1].map((index) => ({ type: 'Feature', properties: { name: 'Twin' }, geometry: { type: 'Polygon', coordinates: [[[4 + index, 50], [4.1 + index, 50], [4.1 + index, 50.1], [4 + index, 50]]] } })) }), 'admin_districts_duplicate'],
			['nothing', '', 'admin_districts_file_required']
		])('[AD9] refuses %s beside the file field', async (_label, text, key) => {
			await expect(app.services.city.replaceDistricts(ada.actor, text)).rejects.toMatchObject({ fields: { file: { key } } });
			expect((await app.services.city.get()).districts).toHaveLength(19);
		});

		it('[AD9] refuses a file over the size limit before parsing it, and anything but text', async () => {
			await expect(app.services.city.replaceDistricts(ada.actor, ' '.repeat(481 * 1024))).rejects.toMatchObject({ code: 'too_large' });
			await expect(app.services.city.replaceDistricts(ada.actor, { type: 'FeatureCollection' })).rejects.toMatchObject({ code: 'invalid' });
			await expect(app.services.city.replaceDistricts(max.actor, districtsFile())).rejects.toMatchObject({ code: 'forbidden' });
		});
	});

	describe('staff', () => {
		it('[AD10] an invitation gives exactly its role to the invited account, once, and publishes account.changed', async () => {
			const { token, invitation } = await app.services.staff.invite(ada.actor, { email: 'Bruno@Test.example', role: 'moderator' });
			expect(invitation).toMatchObject({ email: 'bruno@test.example', role: 'moderator', state: 'open' });
			expect(JSON.stringify(await app.store.staff.listInvitations(10))).not.toContain(token);
			expect(await app.services.staff.describeInvitation(token)).toMatchObject({ role: 'moderator', email: 'bruno@test.example' });
			const bruno = await signIn(app, 'bruno');
			await expect(app.services.staff.accept(amira.actor, token)).rejects.toMatchObject({ code: 'forbidden', key: 'admin_invitation_other_email' });
			await expect(app.services.staff.accept(GUEST, token)).rejects.toMatchObject({ code: 'unauthenticated' });
			const events = recordEvents(app);
			expect(await app.services.staff.accept(bruno.actor, token)).toBe('moderator');
			expect(events).toEqual([{ type: 'account.changed', userId: bruno.actor.userId }]);
			expect(await app.services.accounts.actorForSession(bruno.token)).toMatchObject({ role: 'moderator' });
			await expect(app.services.staff.accept(bruno.actor, token)).rejects.toMatchObject({ code: 'not_found', key: 'admin_invitation_invalid' });
			expect((await app.services.staff.invitations(ada.actor))[0]).toMatchObject({ state: 'accepted' });
		});

		it('[AD10] a revoked, expired or made-up invitation gives nothing', async () => {
			const { token, invitation } = await app.services.staff.invite(ada.actor, { email: 'bruno@test.example', role: 'admin' });
			await app.services.staff.revoke(ada.actor, invitation.id);
			const bruno = await signIn(app, 'bruno');
			await expect(app.services.staff.accept(bruno.actor, token)).rejects.toMatchObject({ code: 'not_found' });
			await expect(app.services.staff.revoke(ada.actor, invitation.id)).rejects.toMatchObject({ code: 'not_found' });
			for (const made of ['x'.repeat(43), 'short', 42, null]) await expect(app.services.staff.describeInvitation(made)).rejects.toMatchObject({ code: 'not_found' });
			expect(await app.services.accounts.actorForSession(bruno.token)).toMatchObject({ role: 'citizen' });
		});

		it('[AD10] an invitation expires after 7 days', async () => {
			let now = new Date('2027-01-01T10:00:00Z').getTime();
			const timed = await createTestApp({}, { clock: { now: () => new Date(now) } });
			try {
				const admin = await signIn(timed, 'ada');
				const { token } = await timed.services.staff.invite(admin.actor, { email: 'bruno@test.example', role: 'facilitator' });
				now += 7 * 86_400_000 + 1;
				const bruno = await signIn(timed, 'bruno');
				await expect(timed.services.staff.accept(bruno.actor, token)).rejects.toMatchObject({ code: 'not_found' });
				expect((await timed.services.staff.invitations(admin.actor))[0]).toMatchObject({ state: 'expired' });
			} finally {
				await timed.close();
			}
		});

		it('[AD10] only an admin invites, with a valid e-mail and a staff role', async () => {
			await expect(app.services.staff.invite(max.actor, { email: 'x@test.example', role: 'moderator' })).rejects.toMatchObject({ code: 'forbidden' });
			await expect(app.services.staff.invite(GUEST, { email: 'x@test.example', role: 'moderator' })).rejects.toMatchObject({ code: 'unauthenticated' });
			await expect(app.services.staff.invite(ada.actor, { email: 'nope', role: 'moderator' })).rejects.toMatchObject({ fields: { email: {} } });
			await expect(app.services.staff.invite(ada.actor, { email: 'x@test.example', role: 'citizen' })).rejects.toMatchObject({ fields: { role: {} } });
		});

		it('[AD11] an admin changes or removes a staff role, not their own', async () => {
			const events = recordEvents(app);
			await app.services.staff.changeRole(ada.actor, { userId: max.actor.userId, role: 'citizen' });
			expect(events).toEqual([{ type: 'account.changed', userId: max.actor.userId }]);
			expect((await app.services.staff.members(ada.actor)).map((member) => member.userId)).not.toContain(max.actor.userId);
			await expect(app.services.staff.changeRole(ada.actor, { userId: ada.actor.userId, role: 'moderator' })).rejects.toMatchObject({ code: 'conflict', key: 'admin_role_self' });
			await expect(app.services.staff.changeRole(fatou.actor, { userId: amira.actor.userId, role: 'admin' })).rejects.toMatchObject({ code: 'forbidden' });
			await expect(app.services.staff.changeRole(ada.actor, { userId: 'nobody', role: 'admin' })).rejects.toMatchObject({ code: 'not_found' });
			await expect(app.services.staff.changeRole(ada.actor, { userId: max.actor.userId, role: 'emperor' })).rejects.toMatchObject({ code: 'invalid' });
		});

		it('[AD1] the operator creates a staff account with the full password rules, refusing an existing e-mail', async () => {
			const account = await app.services.accounts.createStaff({ email: 'chief@city.example', password: 'a long passphrase here', displayName: 'City Admin', role: 'admin' });
			expect(account).toMatchObject({ email: 'chief@city.example', role: 'admin', displayName: 'City Admin' });
			await expect(app.services.accounts.createStaff({ email: 'chief@city.example', password: 'a long passphrase here', displayName: 'Other', role: 'admin' })).rejects.toMatchObject({ code: 'conflict' });
			await expect(app.services.accounts.createStaff({ email: 'boss@city.example', password: 'password1234', displayName: 'Boss', role: 'admin' })).rejects.toMatchObject({ fields: { password: { key: 'account_password_common' } } });
			await expect(app.services.accounts.createStaff({ email: 'mayorhouse@city.example', password: 'mayorhouse is great', displayName: 'Boss', role: 'admin' })).rejects.toMatchObject({ fields: { password: { key: 'account_password_contains_email' } } });
			const promoted = await app.services.accounts.promoteByEmail('AMIRA@test.example', 'admin');
			expect(promoted).toMatchObject({ role: 'admin', id: amira.actor.userId });
			await expect(app.services.accounts.promoteByEmail('nobody@test.example', 'admin')).rejects.toMatchObject({ code: 'not_found' });
		});
	});
});

describe('[AD6] a city without its districts file', () => {
	const districts = () => {
		const file = join(mkdtempSync(join(tmpdir(), 'agora-ad6-')), 'districts.geojson');
		writeFileSync(file, districtsFile((slug) => ['ixelles', 'etterbeek'].includes(slug)));
		return file;
	};

	it('refuses to start, naming CITY_DISTRICTS_FILE, instead of installing Brussels', async () => {
		await expect(createTestApp({ CITY_NAME: 'Ghent' })).rejects.toThrow(/CITY_DISTRICTS_FILE/);
	});

	it('starts with the file, and later without it, keeping the installed districts and the admins\u2019 topics', async () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'agora-ad6-data-'));
		const first = await createTestApp({ CITY_NAME: 'Ghent', DATA_DIR: dataDir, CITY_DISTRICTS_FILE: districts() });
		const admin = await signIn(first, 'ada');
		const mobility = (await first.services.city.get()).topics.find((topic) => topic.slug === 'mobility')!;
		await first.services.city.updateTopic(admin.actor, mobility.id, { slug: 'mobility', name: 'Getting around', colour: '3', icon: 'bus' });
		await first.close();
		const again = await createTestApp({ CITY_NAME: 'Ghent', DATA_DIR: dataDir });
		try {
			const city = await again.services.city.get();
			expect(city.districts.map((district) => district.slug).sort()).toEqual(['etterbeek', 'ixelles']);
			expect(city.topics.find((topic) => topic.slug === 'mobility')).toMatchObject({ name: 'Getting around', icon: 'bus' });
		} finally {
			await again.close();
		}
	});

	it('the demo (no CITY_NAME, or Brussels) still gets the approximate Brussels districts', async () => {
		for (const env of [{}, { CITY_NAME: 'Brussels' }] as Record<string, string>[]) {
			const demo = await createTestApp(env);
			try {
				const city = await demo.services.city.get();
				expect(city.districts).toHaveLength(19);
				expect(city.districtsApproximate).toBe(true);
			} finally {
				await demo.close();
			}
		}
	});
});

describe.skipIf(!TEST_DATABASE_URL)('the console on PostgreSQL', () => {
	it('[AD3][AD4][AD7][AD8][AD9][AD10] projects, facilitators, topics, districts and invitations work on both dialects', async () => {
		const scratch = await createScratchDatabase(TEST_DATABASE_URL!);
		const app = await createTestApp({ DATABASE_URL: scratch.url });
		try {
			const [ada, amira, fatou] = await Promise.all([signIn(app, 'ada'), signIn(app, 'amira'), signIn(app, 'fatou')]);
			const project = await app.services.projects.create(ada.actor, projectForm({ voteMode: 'up_only', locationMode: 'pin_required' }));
			await expect(app.services.projects.create(ada.actor, projectForm())).rejects.toMatchObject({ code: 'conflict' });
			await app.services.projects.update(ada.actor, project.id, projectForm({ title: 'On PostgreSQL', voteMode: 'up_only' }));
			const idea = await app.services.ideas.create(amira.actor, ideaInput(project.id));
			await expect(app.services.votes.cast(ada.actor, { ideaId: idea.id, value: -1 })).rejects.toMatchObject({ key: 'admin_vote_up_only' });
			await app.services.projects.setFacilitator(ada.actor, { projectId: project.id, userId: fatou.actor.userId, assigned: true });
			await app.services.projects.setFacilitator(ada.actor, { projectId: project.id, userId: fatou.actor.userId, assigned: true });
			expect((await app.services.projects.runBy(fatou.actor)).map((run) => run.title)).toEqual(['On PostgreSQL']);
			const topic = await app.services.city.createTopic(ada.actor, topicForm());
			await app.services.city.updateTopic(ada.actor, topic.id, topicForm({ colour: '4' }));
			const used = (await app.services.city.get()).topics.find((candidate) => candidate.slug === 'green-spaces')!;
			await expect(app.services.city.deleteTopic(ada.actor, used.id)).rejects.toMatchObject({ code: 'conflict' });
			await app.services.city.deleteTopic(ada.actor, topic.id);
			await expect(app.services.city.replaceDistricts(ada.actor, districtsFile((slug) => slug !== 'ixelles'))).rejects.toMatchObject({ code: 'conflict' });
			expect((await app.services.city.replaceDistricts(ada.actor, districtsFile((slug) => slug !== 'jette'))).removed).toEqual(['Jette']);
			const { token, invitation } = await app.services.staff.invite(ada.actor, { email: 'bruno@test.example', role: 'moderator' });
			const bruno = await signIn(app, 'bruno');
			expect(await app.services.staff.accept(bruno.actor, token)).toBe('moderator');
			await expect(app.services.staff.revoke(ada.actor, invitation.id)).rejects.toMatchObject({ code: 'not_found' });
			expect((await app.services.staff.members(ada.actor)).map((member) => member.role).sort()).toEqual(['admin', 'facilitator', 'moderator']);
		} finally {
			await app.close();
			await scratch.drop();
		}
	}, 60_000);
});
