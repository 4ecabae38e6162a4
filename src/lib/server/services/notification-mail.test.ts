import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GUEST } from '../../domain/actors';
import { INSTANT_MAILS_PER_HOUR } from '../../domain/notification-mail';
import type { App } from '../app';
import { createTestApp, manualClock } from '../../../../tests/support/app';
import { aProject, anIdea } from '../../../../tests/support/builders';
import { mailsTo, signUpUnverified } from '../../../../tests/support/mail';
import { PERSONAS, signIn, type SignedInPersona } from '../../../../tests/support/personas';

const HOUR = 3_600_000;
const answerInput = (ideaId: string, status: string) => ({
	ideaId,
	status,
	department: 'Mobility department',
	message: 'We looked at the street with the traffic team and will test it in spring.'
});

describe('notification e-mails (N6–N9), read from the outbox', () => {
	let app: App;
	let clock: ReturnType<typeof manualClock>;
	let amira: SignedInPersona;
	let bruno: SignedInPersona;
	let max: SignedInPersona;
	let ideaId: string;
	const settle = () => app.services.notifications.settled();
	const emailOf = (who: SignedInPersona) => Object.values(PERSONAS).find((persona) => persona.displayName === who.actor.displayName)!.email;
	const notificationMails = async (who: SignedInPersona, kind: string) => (await mailsTo(app, emailOf(who))).filter((mail) => mail.kind === kind);

	beforeEach(async () => {
		clock = manualClock(new Date('2026-06-01T10:00:00Z'));
		app = await createTestApp({}, { clock });
		[amira, bruno, max] = await Promise.all([signIn(app, 'amira'), signIn(app, 'bruno'), signIn(app, 'max')]);
		ideaId = (await anIdea(app, bruno.actor, (await aProject(app)).id, { title: 'A safe crossing at Rue Haute' })).id;
		await settle();
	});
	afterEach(() => app.close());

	it('[N6] an answer goes out at once, in the recipient\'s language, with the idea\'s link and a one-click unsubscribe', async () => {
		await app.store.users.setLocale(bruno.actor.userId, 'fr');
		await app.services.answers.answer(max.actor, answerInput(ideaId, 'accepted'));
		await settle();
		const [mail] = await notificationMails(bruno, 'notification');
		expect(mail).toMatchObject({ to: emailOf(bruno), locale: 'fr', subject: 'Mobility department a répondu à « A safe crossing at Rue Haute » : Retenue' });
		expect(mail!.text).toContain(`/fr/projects/`);
		expect(mail!.text).toContain(ideaId);
		expect(mail!.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
		const oneClick = /^<(.+)>$/.exec(mail!.headers['List-Unsubscribe']!)![1]!;
		expect(oneClick).toMatch(/\/unsubscribe\/[A-Za-z0-9_-]{43}\?kind=answer$/);
		// N4: the staff member who answered is not mailed about it.
		expect(await notificationMails(max, 'notification')).toEqual([]);
	});

	it('[N8] comments wait for the daily digest; one digest a day at most, with only what is unread and new', async () => {
		for (const [index, who] of [amira, max, amira].entries()) await app.services.comments.add(who.actor, { ideaId, body: `Comment number ${index} here` });
		await settle();
		expect(await notificationMails(bruno, 'notification')).toEqual([]);
		// Bruno (the author), and Amira and Max, who follow by commenting, each of the others' comments.
		expect(await app.services.notificationMail.sendDigests()).toBe(3);
		const [digest] = await notificationMails(bruno, 'digest');
		expect(digest!.subject).toBe('1 update on Agora Brussels');
		expect(digest!.text).toContain('3 new comments on “A safe crossing at Rue Haute”');
		expect(await app.services.notificationMail.sendDigests()).toBe(0);
		clock.advance(25 * HOUR);
		expect(await app.services.notificationMail.sendDigests()).toBe(0);
		await app.services.comments.add(amira.actor, { ideaId, body: 'One more comment now' });
		await settle();
		await app.services.notifications.markRead(bruno.actor, { all: true });
		// Max's new unread comment makes his; Bruno read his, so none; Amira wrote it.
		expect(await app.services.notificationMail.sendDigests()).toBe(1);
		expect(await notificationMails(max, 'digest')).toHaveLength(2);
		expect(await notificationMails(bruno, 'digest')).toHaveLength(1);
	});

	it('[N6][N7] choices per kind are kept; instant e-mails stop at the hourly cap; unconfirmed addresses get none', async () => {
		await app.services.notificationMail.setPreferences(bruno.actor, { answer: 'off', reply: 'instant', comment: 'instant', threshold: 'digest', moderation: 'instant' });
		expect(await app.services.notificationMail.preferences(bruno.actor)).toMatchObject({ answer: 'off', comment: 'instant' });
		await app.services.answers.answer(max.actor, answerInput(ideaId, 'under_review'));
		for (let n = 0; n < INSTANT_MAILS_PER_HOUR + 3; n++) await app.services.comments.add(n % 2 ? amira.actor : max.actor, { ideaId, body: `Comment ${n} on it` });
		await settle();
		const mails = await notificationMails(bruno, 'notification');
		expect(mails).toHaveLength(INSTANT_MAILS_PER_HOUR);
		expect(mails.every((mail) => !mail.subject.includes('answered'))).toBe(true);
		const { actor: unconfirmed, email } = await signUpUnverified(app);
		await app.services.follows.setIdea(unconfirmed, { ideaId, following: true });
		await app.services.answers.answer(max.actor, answerInput(ideaId, 'accepted'));
		await settle();
		expect((await mailsTo(app, email)).filter((mail) => mail.kind === 'notification')).toEqual([]);
		for (const garbage of [null, {}, { answer: 'sometimes' }, { answer: 'off', reply: 'off', comment: 'off', threshold: 'off' }]) {
			await expect(app.services.notificationMail.setPreferences(bruno.actor, garbage)).rejects.toMatchObject({ code: 'invalid' });
		}
		await expect(app.services.notificationMail.setPreferences(GUEST, {})).rejects.toMatchObject({ code: 'unauthenticated' });
	});

	it('[N9] the unsubscribe link turns that kind off without signing in; a made-up or malformed link does nothing', async () => {
		await app.services.answers.answer(max.actor, answerInput(ideaId, 'under_review'));
		await settle();
		const [mail] = await notificationMails(bruno, 'notification');
		const [, token, kind] = /\/unsubscribe\/([A-Za-z0-9_-]{43})\?kind=(\w+)>/.exec(mail!.headers['List-Unsubscribe']!)!;
		await expect(app.services.notificationMail.describeUnsubscribe(token, kind)).resolves.toEqual({ scope: 'answer' });
		await expect(app.services.notificationMail.unsubscribe('x'.repeat(43), 'answer')).rejects.toMatchObject({ code: 'not_found' });
		await expect(app.services.notificationMail.unsubscribe('../../etc', 'answer')).rejects.toMatchObject({ code: 'not_found' });
		await expect(app.services.notificationMail.unsubscribe(token, 'everything')).rejects.toMatchObject({ code: 'invalid' });
		await app.services.notificationMail.unsubscribe(token, kind);
		expect((await app.services.notificationMail.preferences(bruno.actor)).answer).toBe('off');
		await app.services.answers.answer(max.actor, answerInput(ideaId, 'accepted'));
		await settle();
		expect(await notificationMails(bruno, 'notification')).toHaveLength(1);
	});
});
