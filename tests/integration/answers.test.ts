import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/lib/server/app';
import type { Project } from '../../src/lib/domain/projects';
import type { AgoraClientSocket } from '../../src/lib/realtime/client';
import { createTestApp } from '../support/app';
import { postAction } from '../support/http';
import { aProject, anIdea } from '../support/builders';
import { startNodeProcess, type NodeProcess } from '../support/node-process';
import { signIn, signInCitizen, type PersonaName } from '../support/personas';
import { signUpUnverified } from '../support/mail';
import { createScratchDatabase, dropRedisPrefix, scratchRedisPrefix, TEST_DATABASE_URL, TEST_REDIS_URL } from '../support/services';
import { connectClient, emitRaw, nextEvent, startTestServer, type TestServer } from '../support/server';

/**
 * The city's answers, follows and notifications over the real transports: every new action for every kind of person
 * (each cell asserted), garbage on the new forms, and notifications and answers reaching the right rooms only, on one
 * node and across two nodes with Redis.
 */
const PEOPLE = ['guest', 'amira', 'bruno', 'fatou', 'max', 'ada'] as const;
type Person = (typeof PEOPLE)[number];
/** bruno writes the idea; amira is any other citizen; fatou a facilitator; max a moderator; ada an admin. */
const STAFF: readonly Person[] = ['max', 'ada'];

const answerFields = (status: 'proposed' | 'under_review' | 'accepted' | 'rejected' | 'in_progress' | 'done') => ({ status, department: 'Mobility department', message: 'We are looking at the street with the traffic team this spring.' });

describe('answers, follows and notifications over HTTP and Socket.io: who may do what', () => {
	let server: TestServer;
	let project: Project;
	const sockets: AgoraClientSocket[] = [];
	const cookies = new Map<Person, string | undefined>();

	beforeAll(async () => {
		server = await startTestServer({ svelteKit: true, unlimited: true });
		project = await aProject(server.app);
		cookies.set('guest', undefined);
		for (const person of PEOPLE) if (person !== 'guest') cookies.set(person, (await signIn(server.app, person as PersonaName)).cookie);
	});
	afterAll(async () => {
		for (const socket of sockets) socket.disconnect();
		await server.close();
	});

	async function socketOf(person: Person) {
		const socket = await connectClient(server.url, cookies.get(person));
		sockets.push(socket);
		return socket;
	}
	const freshIdea = async () => anIdea(server.app, (await signIn(server.app, 'bruno')).actor, project.id);
	const ideaAction = (ideaId: string, name: string) => `${server.url}/en/projects/${project.slug}/ideas/${ideaId}?/${name}`;

	it('[ST1] idea:answer over Socket.io: guests must sign in; citizens, the author and facilitators are refused; moderators and admins answer', async () => {
		const idea = await freshIdea();
		const expected: Record<Person, string> = { guest: 'unauthenticated', amira: 'forbidden', bruno: 'forbidden', fatou: 'forbidden', max: 'ok', ada: 'ok' };
		for (const person of PEOPLE) {
			const ack = (await emitRaw(await socketOf(person), 'idea:answer', { ideaId: idea.id, ...answerFields('under_review') })) as { ok: boolean; error?: { code: string } };
			expect([person, ack.ok ? 'ok' : ack.error?.code]).toEqual([person, expected[person]]);
		}
		expect((await server.app.services.answers.history(idea.id)).map((answer) => answer.staff.displayName)).toEqual(['Ada (admin)', 'Max (moderator)']);
	});

	it('[ST1] ?/answer by form: guests 401, non-staff 403, staff land back on the answer (303); garbage is named field by field', async () => {
		const idea = await freshIdea();
		const expected: Record<Person, number> = { guest: 401, amira: 403, bruno: 403, fatou: 403, max: 303, ada: 303 };
		for (const person of PEOPLE) {
			const { status, result } = await postAction(ideaAction(idea.id, 'answer'), answerFields('under_review'), { cookie: cookies.get(person) });
			expect([person, result.type === 'redirect' ? 303 : status]).toEqual([person, expected[person]]);
		}
		for (const garbage of [{}, { status: 'maybe', department: 'x', message: 'y' }, { ...answerFields('done') }, { ...answerFields('accepted'), message: 'x'.repeat(20_000) }, { ...answerFields('accepted'), department: 'Mobility\u0000' }]) {
			const refused = await postAction(ideaAction(idea.id, 'answer'), garbage as Record<string, string>, { cookie: cookies.get('max') });
			expect(refused.status).toBeGreaterThanOrEqual(400);
			expect(refused.status).toBeLessThan(500);
			expect(JSON.stringify(refused.result.data)).toMatch(/"fields"|"message"/);
		}
		expect((await server.app.services.answers.history(idea.id))).toHaveLength(2);
	});

	it('[FO2][FO3] follow:idea and follow:project: guests must sign in; every signed-in person may; by form too', async () => {
		const idea = await freshIdea();
		for (const person of PEOPLE) {
			const socket = await socketOf(person);
			const onIdea = (await emitRaw(socket, 'follow:idea', { ideaId: idea.id, following: true })) as { ok: boolean; error?: { code: string } };
			const onProject = (await emitRaw(socket, 'follow:project', { projectId: project.id, following: true })) as { ok: boolean; error?: { code: string } };
			const want = person === 'guest' ? 'unauthenticated' : 'ok';
			expect([person, onIdea.ok ? 'ok' : onIdea.error?.code, onProject.ok ? 'ok' : onProject.error?.code]).toEqual([person, want, want]);
			const form = await postAction(ideaAction(idea.id, 'follow'), { following: 'false' }, { cookie: cookies.get(person) });
			expect([person, form.result.type === 'redirect' ? 303 : form.status]).toEqual([person, person === 'guest' ? 401 : 303]);
			const projectForm = await postAction(`${server.url}/en/projects/${project.slug}?/followProject`, { following: 'false' }, { cookie: cookies.get(person) });
			expect([person, projectForm.result.type === 'redirect' ? 303 : projectForm.status]).toEqual([person, person === 'guest' ? 401 : 303]);
		}
		const amira = await signIn(server.app, 'amira');
		expect(await server.app.services.follows.followsIdea(amira.actor, idea.id)).toBe(false);
		expect(await server.app.services.follows.followsProject(amira.actor, project.id)).toBe(false);
		const unknown = (await emitRaw(await socketOf('amira'), 'follow:idea', { ideaId: 'nope', following: true })) as { error?: { code: string } };
		expect(unknown.error?.code).toBe('not_found');
	});

	it('[N4][N5] notifications: the list, the read marks and the page are each person\'s own; guests are sent to sign in', async () => {
		for (const person of PEOPLE) {
			const list = await fetch(`${server.url}/api/notifications`, { headers: cookies.get(person) ? { cookie: cookies.get(person)! } : {} });
			expect([person, list.status]).toEqual([person, person === 'guest' ? 401 : 200]);
			const ack = (await emitRaw(await socketOf(person), 'notification:read', { all: true })) as { ok: boolean; error?: { code: string } };
			expect([person, ack.ok ? 'ok' : ack.error?.code]).toEqual([person, person === 'guest' ? 'unauthenticated' : 'ok']);
			const page = await fetch(`${server.url}/en/notifications`, { redirect: 'manual', headers: cookies.get(person) ? { cookie: cookies.get(person)! } : {} });
			expect([person, page.status]).toEqual([person, person === 'guest' ? 303 : 200]);
			const readAll = await postAction(`${server.url}/en/notifications?/readAll`, {}, { cookie: cookies.get(person) });
			expect([person, readAll.result.type === 'redirect' ? 303 : readAll.status]).toEqual([person, person === 'guest' ? 401 : 303]);
		}
		const garbage = await postAction(`${server.url}/en/notifications?/read`, {}, { cookie: cookies.get('amira') });
		expect(garbage.status).toBe(400);
		for (const factId of ['../../etc/passwd', 'x'.repeat(300), '']) {
			expect((await postAction(`${server.url}/en/notifications?/read`, { factId }, { cookie: cookies.get('amira') })).status).toBe(400);
		}
	});

	it('[ST5] /admin/answers: guests are sent to sign in, non-staff get 403 in their language, staff get the list', async () => {
		for (const person of PEOPLE) {
			const response = await fetch(`${server.url}/fr/admin/answers`, { redirect: 'manual', headers: cookies.get(person) ? { cookie: cookies.get(person)! } : {} });
			const want = person === 'guest' ? 303 : STAFF.includes(person) ? 200 : 403;
			expect([person, response.status]).toEqual([person, want]);
			// Citizens are stopped at the console's door (AD2); a facilitator inside it, at this page.
			if (want === 403) {
				expect(await response.text()).toContain(person === 'fatou' ? 'Cette page est réservée aux modérateurs et aux administrateurs.' : 'La console est réservée au personnel de la ville.');
			}
		}
	});

	it('[N6][N9] e-mail choices by form, the unsubscribe page, and the one-click POST a mail provider sends without our Origin', async () => {
		const amira = await signIn(server.app, 'amira');
		for (const person of PEOPLE) {
			const page = await fetch(`${server.url}/en/notifications/settings`, { redirect: 'manual', headers: cookies.get(person) ? { cookie: cookies.get(person)! } : {} });
			expect([person, page.status]).toEqual([person, person === 'guest' ? 303 : 200]);
		}
		const choices = { answer: 'instant', reply: 'digest', comment: 'off', threshold: 'instant', moderation: 'instant' };
		expect((await postAction(`${server.url}/en/notifications/settings`, choices, { cookie: cookies.get('guest') })).status).toBe(401);
		expect((await postAction(`${server.url}/en/notifications/settings`, choices, { cookie: cookies.get('amira') })).result.type).toBe('success');
		expect((await server.app.services.notificationMail.preferences(amira.actor)).comment).toBe('off');
		const refused = await postAction(`${server.url}/en/notifications/settings`, { ...choices, comment: 'hourly' }, { cookie: cookies.get('amira') });
		expect(refused.status).toBe(400);
		expect(refused.result.data).toMatchObject({ fields: { comment: expect.any(String) } });

		const token = await server.app.store.notificationMail.tokenOf(amira.actor.userId, () => 'T'.repeat(43));
		expect((await fetch(`${server.url}/en/unsubscribe/${token}?kind=answer`)).status).toBe(200);
		expect((await fetch(`${server.url}/en/unsubscribe/${'x'.repeat(43)}?kind=answer`)).status).toBe(404);
		expect((await fetch(`${server.url}/en/unsubscribe/${token}?kind=everything`)).status).toBe(400);
		const oneClick = (path: string, body: string) =>
			fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
		expect((await oneClick(`/unsubscribe/${token}?kind=answer`, 'List-Unsubscribe=Please')).status).toBe(400);
		expect((await oneClick(`/unsubscribe/${'x'.repeat(43)}?kind=answer`, 'List-Unsubscribe=One-Click')).status).toBe(404);
		expect((await oneClick(`/unsubscribe/${token}?kind=sometimes`, 'List-Unsubscribe=One-Click')).status).toBe(400);
		expect((await oneClick(`/unsubscribe/${token}?kind=answer`, 'List-Unsubscribe=One-Click')).status).toBe(200);
		expect((await server.app.services.notificationMail.preferences(amira.actor)).answer).toBe('off');
		// The page's own confirmation (a GET never changes anything).
		const confirmed = await postAction(`${server.url}/en/unsubscribe/${token}?kind=all`, {});
		expect(confirmed.result.type).toBe('success');
		expect(Object.values(await server.app.services.notificationMail.preferences(amira.actor))).toEqual(['off', 'off', 'off', 'off', 'off']);
	});

	it('[ST9] /admin/statuses: guests sign in, only admins open it and save; garbage is named field by field', async () => {
		const labels = Object.fromEntries(
			['proposed', 'under_review', 'accepted', 'rejected', 'in_progress', 'done'].flatMap((status) => [
				[`${status}.en`, `City ${status}`],
				[`${status}.fr`, `Ville ${status}`],
				[`${status}.nl`, `Stad ${status}`],
				[`${status}.colour`, 'topic-1']
			])
		);
		for (const person of PEOPLE) {
			const page = await fetch(`${server.url}/en/admin/statuses`, { redirect: 'manual', headers: cookies.get(person) ? { cookie: cookies.get(person)! } : {} });
			expect([person, page.status]).toEqual([person, person === 'guest' ? 303 : person === 'ada' ? 200 : 403]);
			const saved = await postAction(`${server.url}/en/admin/statuses?/save`, labels, { cookie: cookies.get(person) });
			const want = person === 'guest' ? 401 : person === 'ada' ? 200 : 403;
			expect([person, saved.result.type === 'success' ? 200 : saved.status]).toEqual([person, want]);
		}
		const refused = await postAction(`${server.url}/en/admin/statuses?/save`, { ...labels, 'accepted.fr': '', 'done.colour': 'javascript:alert(1)' }, { cookie: cookies.get('ada') });
		expect(refused.status).toBe(400);
		expect(refused.result.data).toMatchObject({ fields: { 'accepted.names.fr': expect.any(String), 'done.colour': expect.any(String) } });
		const reset = await postAction(`${server.url}/en/admin/statuses?/reset`, {}, { cookie: cookies.get('ada') });
		expect(reset.result.type).toBe('success');
	});

	it('[ST1][FO2][N5][MO6] an unconfirmed citizen follows and reads like any citizen; a blocked one reads its bell but follows and answers nothing', async () => {
		const idea = await freshIdea();
		const max = await signIn(server.app, 'max');
		const blocked = await signInCitizen(server.app, 901);
		await server.app.services.moderation.block(max.actor, { userId: blocked.actor.userId, reason: 'spam' });
		const unverified = await signUpUnverified(server.app);
		const expected = {
			unverified: { answer: 'forbidden', followIdea: 'ok', followProject: 'ok', read: 'ok', list: 200, form: 303 },
			blocked: { answer: 'forbidden', followIdea: 'forbidden', followProject: 'forbidden', read: 'ok', list: 200, form: 403 }
		};
		for (const [who, cookie] of [['unverified', unverified.cookie], ['blocked', blocked.cookie]] as const) {
			const socket = await connectClient(server.url, cookie);
			sockets.push(socket);
			const code = (ack: unknown) => ((ack as { ok: boolean }).ok ? 'ok' : (ack as { error: { code: string } }).error.code);
			const seen = {
				answer: code(await emitRaw(socket, 'idea:answer', { ideaId: idea.id, ...answerFields('under_review') })),
				followIdea: code(await emitRaw(socket, 'follow:idea', { ideaId: idea.id, following: true })),
				followProject: code(await emitRaw(socket, 'follow:project', { projectId: project.id, following: true })),
				read: code(await emitRaw(socket, 'notification:read', { all: true })),
				list: (await fetch(`${server.url}/api/notifications`, { headers: { cookie } })).status,
				form: await postAction(ideaAction(idea.id, 'follow'), { following: 'true' }, { cookie }).then(({ status, result }) => (result.type === 'redirect' ? 303 : status))
			};
			expect([who, seen]).toEqual([who, expected[who]]);
		}
	});

	it('[MO3][A5] a moderator demoted while in a hidden idea\'s room leaves it: nothing of that idea reaches them afterwards', async () => {
		const idea = await freshIdea();
		const [ada, amira] = await Promise.all([signIn(server.app, 'ada'), signIn(server.app, 'amira')]);
		const demoted = await signInCitizen(server.app, 902);
		await server.app.services.accounts.changeRole(demoted.actor.userId, 'moderator');
		const comment = await server.app.services.comments.add(amira.actor, { ideaId: idea.id, body: 'A comment to hide and bring back' });
		await server.app.services.moderation.hide(ada.actor, { targetKind: 'comment', targetId: comment.id, reason: 'spam', note: null });
		await server.app.services.moderation.hide(ada.actor, { targetKind: 'idea', targetId: idea.id, reason: 'spam', note: null });
		const [watcher, admin] = await Promise.all([connectClient(server.url, demoted.cookie), connectClient(server.url, cookies.get('ada'))]);
		sockets.push(watcher, admin);
		expect(await watcher.emitWithAck('idea:join', { ideaId: idea.id })).toMatchObject({ ok: true });
		expect(await admin.emitWithAck('idea:join', { ideaId: idea.id })).toMatchObject({ ok: true });
		const changed = nextEvent(watcher, 'session:changed');
		await server.app.services.accounts.changeRole(demoted.actor.userId, 'citizen');
		await changed;
		const seen: string[] = [];
		watcher.on('comment:restored', () => seen.push('demoted'));
		const adminSaw = nextEvent(admin, 'comment:restored');
		await server.app.services.moderation.restore(ada.actor, { targetKind: 'comment', targetId: comment.id, reason: 'other', note: null });
		await adminSaw;
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(seen).toEqual([]);
	});

	it('[N1] a notification reaches only its person\'s sockets; an answer reaches everyone in the idea\'s and project\'s rooms', async () => {
		const idea = await freshIdea();
		const [amira, fatou, guest, max] = await Promise.all([socketOf('amira'), socketOf('fatou'), socketOf('guest'), socketOf('max')]);
		for (const socket of [amira, fatou, guest]) await socket.emitWithAck('project:join', { projectId: project.id });
		await amira.emitWithAck('follow:idea', { ideaId: idea.id, following: true });
		const told: string[] = [];
		amira.on('notification:new', () => told.push('amira'));
		fatou.on('notification:new', () => told.push('fatou'));
		guest.on('notification:new', () => told.push('guest'));
		max.on('notification:new', () => told.push('max'));
		const seen = Promise.all([amira, fatou, guest].map((socket) => nextEvent<{ ideaId: string; status: string }>(socket, 'idea:answered')));
		const amiraTold = nextEvent<{ ideaId: string; detail: { kind: string } }>(amira, 'notification:new');
		expect(await max.emitWithAck('idea:answer', { ideaId: idea.id, ...answerFields('accepted') })).toMatchObject({ ok: true });
		expect((await seen).map((payload) => payload.status)).toEqual(['accepted', 'accepted', 'accepted']);
		expect(await amiraTold).toMatchObject({ ideaId: idea.id, detail: { kind: 'answer' } });
		await server.app.services.notifications.settled();
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(told).toEqual(['amira']);
	});
});

const databaseServer = TEST_DATABASE_URL;
const redisUrl = TEST_REDIS_URL;

describe.skipIf(!databaseServer || !redisUrl)('[N1] notifications and answers across two nodes (set TEST_DATABASE_URL and TEST_REDIS_URL)', () => {
	let database: Awaited<ReturnType<typeof createScratchDatabase>>;
	let operator: App;
	let nodeA: NodeProcess;
	let nodeB: NodeProcess;
	const sockets: AgoraClientSocket[] = [];
	const redisPrefix = scratchRedisPrefix();

	beforeAll(async () => {
		database = await createScratchDatabase(databaseServer!);
		const env = { DATABASE_URL: database.url, REDIS_URL: redisUrl!, REDIS_PREFIX: redisPrefix };
		operator = await createTestApp({ DATABASE_URL: database.url });
		[nodeA, nodeB] = await Promise.all([startNodeProcess(env), startNodeProcess(env)]);
	}, 90_000);
	afterAll(async () => {
		for (const socket of sockets) socket.disconnect();
		const exitCodes = await Promise.all([nodeA?.stop(), nodeB?.stop()]);
		await operator?.close();
		await database?.drop();
		await dropRedisPrefix(redisUrl!, redisPrefix);
		expect(exitCodes).toEqual([0, 0]);
	}, 60_000);

	async function client(url: string, cookie?: string) {
		const socket = await connectClient(url, cookie);
		sockets.push(socket);
		return socket;
	}

	it('an answer given on node A reaches the followers\' sockets on node B, and nobody else\'s', async () => {
		const project = await aProject(operator);
		const [amira, bruno, fatou, max] = await Promise.all([signIn(operator, 'amira'), signIn(operator, 'bruno'), signIn(operator, 'fatou'), signIn(operator, 'max')]);
		const idea = await anIdea(operator, bruno.actor, project.id);
		await operator.services.follows.setIdea(amira.actor, { ideaId: idea.id, following: true });
		const [amiraOnB, brunoOnB, fatouOnB, guestOnB, maxOnA] = await Promise.all([
			client(nodeB.url, amira.cookie),
			client(nodeB.url, bruno.cookie),
			client(nodeB.url, fatou.cookie),
			client(nodeB.url),
			client(nodeA.url, max.cookie)
		]);
		await guestOnB.emitWithAck('idea:join', { ideaId: idea.id });
		const told: string[] = [];
		for (const [name, socket] of [['amira', amiraOnB], ['bruno', brunoOnB], ['fatou', fatouOnB], ['guest', guestOnB], ['max', maxOnA]] as const) {
			socket.on('notification:new', () => told.push(name));
		}
		const answered = nextEvent<{ status: string }>(guestOnB, 'idea:answered');
		const amiraTold = nextEvent(amiraOnB, 'notification:new');
		const brunoTold = nextEvent(brunoOnB, 'notification:new');
		expect(await maxOnA.emitWithAck('idea:answer', { ideaId: idea.id, ...answerFields('under_review') })).toMatchObject({ ok: true });
		expect(await answered).toMatchObject({ status: 'under_review' });
		await Promise.all([amiraTold, brunoTold]);
		await new Promise((resolve) => setTimeout(resolve, 500));
		expect(told.sort()).toEqual(['amira', 'bruno']);
		// A read mark made on node A reaches the same person's tab on node B.
		const amiraOnA = await client(nodeA.url, amira.cookie);
		const read = nextEvent<{ factIds: string[] | null }>(amiraOnB, 'notification:read');
		expect(await amiraOnA.emitWithAck('notification:read', { all: true })).toMatchObject({ ok: true, data: { marked: 1 } });
		expect(await read).toEqual({ factIds: null });
	});
});
