import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GUEST } from '../../domain/actors';
import type { App } from '../app';
import { createTestApp, manualClock, recordEvents } from '../../../../tests/support/app';
import { aProject, anIdea } from '../../../../tests/support/builders';
import { signIn, signInCitizen, type SignedInPersona } from '../../../../tests/support/personas';

const DAY = 86_400_000;
const answerInput = (ideaId: string, status: string, extra: Record<string, unknown> = {}) => ({
	ideaId,
	status,
	department: 'Mobility department',
	message: 'We looked at the street with the traffic team and will test it in spring.',
	...extra
});

describe('the city answers (ST)', () => {
	let app: App;
	let clock: ReturnType<typeof manualClock>;
	let amira: SignedInPersona;
	let bruno: SignedInPersona;
	let max: SignedInPersona;
	let ada: SignedInPersona;
	let fatou: SignedInPersona;
	let projectId: string;
	let ideaId: string;
	beforeEach(async () => {
		clock = manualClock(new Date('2026-06-01T10:00:00Z'));
		app = await createTestApp({}, { clock });
		[amira, bruno, max, ada, fatou] = await Promise.all([signIn(app, 'amira'), signIn(app, 'bruno'), signIn(app, 'max'), signIn(app, 'ada'), signIn(app, 'fatou')]);
		projectId = (await aProject(app)).id;
		ideaId = (await anIdea(app, bruno.actor, projectId)).id;
	});
	afterEach(() => app.close());

	it('[ST1] moderators and admins answer; facilitators, citizens, authors and guests may not', async () => {
		await expect(app.services.answers.answer(GUEST, answerInput(ideaId, 'under_review'))).rejects.toMatchObject({ code: 'unauthenticated' });
		for (const who of [amira, bruno, fatou]) {
			await expect(app.services.answers.answer(who.actor, answerInput(ideaId, 'under_review'))).rejects.toMatchObject({ code: 'forbidden', key: 'answer_forbidden' });
		}
		await expect(app.services.answers.answer(max.actor, answerInput(ideaId, 'under_review'))).resolves.toMatchObject({ to: 'under_review' });
		await expect(app.services.answers.answer(ada.actor, answerInput(ideaId, 'accepted'))).resolves.toMatchObject({ from: 'under_review', to: 'accepted' });
		expect((await app.services.ideas.get(GUEST, ideaId)).status).toBe('accepted');
	});

	it('[ST2] a status moves along the path; skipping ahead or going back is refused, naming the field', async () => {
		await expect(app.services.answers.answer(max.actor, answerInput(ideaId, 'done'))).rejects.toMatchObject({ code: 'conflict', key: 'answer_status_not_allowed', fields: { status: expect.anything() } });
		await expect(app.services.answers.answer(max.actor, answerInput(ideaId, 'proposed'))).rejects.toMatchObject({ code: 'conflict' });
		for (const status of ['accepted', 'in_progress', 'done']) await app.services.answers.answer(max.actor, answerInput(ideaId, status));
		await expect(app.services.answers.answer(max.actor, answerInput(ideaId, 'accepted'))).rejects.toMatchObject({ code: 'conflict' });
	});

	it('[ST3][ST4] every answer is kept with its signature, newest first; the same status again is an update', async () => {
		clock.advance(1000);
		await app.services.answers.answer(max.actor, answerInput(ideaId, 'under_review', { department: 'Service Mobilité', language: 'fr', message: 'Nous étudions la rue avec l’équipe circulation.' }));
		clock.advance(1000);
		await app.services.answers.answer(max.actor, answerInput(ideaId, 'under_review', { message: 'Still looking: the traffic count is planned for March.' }));
		const history = await app.services.answers.history(ideaId);
		expect(history).toMatchObject([
			{ from: 'under_review', to: 'under_review', department: 'Mobility department', staff: { displayName: max.actor.displayName, role: 'moderator' } },
			{ from: 'proposed', to: 'under_review', department: 'Service Mobilité', language: 'fr' }
		]);
	});

	it('[ST3] department and message go through text hygiene; garbage is refused with field errors', async () => {
		await expect(app.services.answers.answer(max.actor, answerInput(ideaId, 'under_review', { department: 'x' }))).rejects.toMatchObject({ code: 'invalid', fields: { department: expect.anything() } });
		await expect(app.services.answers.answer(max.actor, answerInput(ideaId, 'under_review', { message: 'too short' }))).rejects.toMatchObject({ code: 'invalid', fields: { message: expect.anything() } });
		await expect(app.services.answers.answer(max.actor, answerInput(ideaId, 'under_review', { department: 'Mobility\u0007 department' }))).rejects.toMatchObject({ code: 'invalid' });
		// T1: a bidi override cannot turn the signature around; it is taken out.
		expect((await app.services.answers.answer(max.actor, answerInput(ideaId, 'under_review', { department: 'Mobility \u202Edepartment' }))).department).toBe('Mobility department');
		await expect(app.services.answers.answer(max.actor, { ...answerInput(ideaId, 'maybe') })).rejects.toMatchObject({ code: 'invalid', fields: { status: expect.anything() } });
		for (const garbage of [null, 42, 'x', [], { ideaId: {} }]) await expect(app.services.answers.answer(max.actor, garbage)).rejects.toMatchObject({ code: 'invalid' });
		await expect(app.services.answers.answer(max.actor, answerInput('nope', 'under_review'))).rejects.toMatchObject({ code: 'not_found' });
		const answered = await app.services.answers.answer(max.actor, answerInput(ideaId, 'under_review', { department: '  Mobility   department ', message: 'Line one\n\n\n\nline two, and a little more text.' }));
		expect(answered.department).toBe('Mobility department');
		expect(answered.message).toBe(answered.message.normalize('NFC'));
	});

	it('[ST1] an answer is published as a fact for the live rooms', async () => {
		const events = recordEvents(app);
		const answer = await app.services.answers.answer(max.actor, answerInput(ideaId, 'rejected'));
		expect(events).toContainEqual(expect.objectContaining({ type: 'idea.answered', ideaId, projectId, status: 'rejected', answer }));
	});

	it('[ST5][ST6] the staff list shows unanswered ideas with their wait; the figures publish the median days to a first answer', async () => {
		const later = await anIdea(app, amira.actor, projectId, { title: 'A bench under the plane trees' });
		await expect(app.services.answers.needsAnswer(amira.actor, {})).rejects.toMatchObject({ code: 'forbidden' });
		clock.advance(3 * DAY);
		expect((await app.services.answers.needsAnswer(max.actor, {})).ideas.map((idea) => [idea.id, idea.waitedDays])).toEqual([
			[ideaId, 3],
			[later.id, 3]
		]);
		await app.services.votes.cast(amira.actor, { ideaId: later.id, value: 1 });
		expect((await app.services.answers.needsAnswer(max.actor, { sort: 'supported' })).ideas[0]!.id).toBe(later.id);
		await app.services.answers.answer(max.actor, answerInput(ideaId, 'under_review'));
		clock.advance(2 * DAY);
		await app.services.answers.answer(max.actor, answerInput(later.id, 'accepted'));
		expect((await app.services.answers.needsAnswer(max.actor, {})).ideas).toEqual([]);
		expect(await app.services.answers.figures(projectId)).toEqual({ answered: 2, waiting: 0, medianDaysToFirstAnswer: 4, promises: { kept: 0, late: 0, overdue: 0 } });
	});

	it('[ST7][ST8] an idea that reaches the threshold is marked once, owes an answer by a date, and comes first when overdue', async () => {
		await expect(app.services.projects.setAnswerPromise(max.actor, { projectId, promise: { supportThreshold: 2, answerDays: 10 } })).rejects.toMatchObject({ code: 'forbidden' });
		await expect(app.services.projects.setAnswerPromise(ada.actor, { projectId, promise: { supportThreshold: 0, answerDays: 10 } })).rejects.toMatchObject({ code: 'invalid' });
		await app.services.projects.setAnswerPromise(ada.actor, { projectId, promise: { supportThreshold: 2, answerDays: 10 } });
		app.services.answers.forgetPromise(projectId);
		const older = await anIdea(app, amira.actor, projectId, { title: 'An older idea about trees' });
		const events = recordEvents(app);
		await app.services.votes.cast(amira.actor, { ideaId, value: 1 });
		await app.services.notifications.settled();
		expect(events.some((event) => event.type === 'idea.thresholdReached')).toBe(false);
		await app.services.votes.cast((await signInCitizen(app, 1)).actor, { ideaId, value: 1 });
		await app.services.votes.withdraw(amira.actor, { ideaId });
		await app.services.votes.cast(amira.actor, { ideaId, value: 1 });
		await app.services.notifications.settled();
		expect(events.filter((event) => event.type === 'idea.thresholdReached')).toEqual([
			expect.objectContaining({ ideaId, threshold: 2, due: new Date(clock.now().getTime() + 10 * DAY).toISOString() })
		]);
		expect((await app.services.answers.promiseOf({ projectId, id: ideaId })).state).toMatchObject({ state: 'waiting' });
		clock.advance(11 * DAY);
		const waiting = (await app.services.answers.needsAnswer(max.actor, {})).ideas;
		expect(waiting.map((idea) => idea.id)).toEqual([ideaId, older.id]);
		expect(waiting[0]!.promise).toMatchObject({ state: 'overdue' });
		await app.services.answers.answer(max.actor, answerInput(ideaId, 'accepted'));
		expect((await app.services.answers.promiseOf({ projectId, id: ideaId })).state).toMatchObject({ state: 'late' });
		expect((await app.services.answers.figures(projectId)).promises).toEqual({ kept: 0, late: 1, overdue: 0 });
	});
});
