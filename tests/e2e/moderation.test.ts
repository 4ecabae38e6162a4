import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { IdeaView } from '../../src/lib/domain/ideas';
import { startTestServer, type TestServer } from '../support/server';
import { PERSONA_PASSWORD, PERSONAS, signIn, type SignedInPersona } from '../support/personas';
import { aProject, anIdea } from '../support/builders';
import { expectAccessible, keepScreenshot, launchBrowser, newContext, PHONE_AXE_LOCALE, signInThroughForm, UI_TIMEOUT_MS, watchCsp } from './browser';

/**
 * Moderation in a real Chromium against the built app, two people at once: a citizen reports a comment from the idea
 * page, it reaches the moderator's queue live, the moderator hides it from the queue, and it disappears from the
 * citizen's page live. axe on the queue and the log (desktop, and at phone width in French).
 */
let server: TestServer;
let browser: Browser;
let bruno: SignedInPersona;
let max: SignedInPersona;
let idea: IdeaView;
let ideaPath: string;
const contexts: BrowserContext[] = [];
let cspViolations: string[][] = [];
const SPAM = 'Cheap watches, visit example.test today';

beforeAll(async () => {
	[server, browser] = await Promise.all([startTestServer({ svelteKit: true, unlimited: true }), launchBrowser()]);
	await signIn(server.app, 'amira');
	bruno = await signIn(server.app, 'bruno');
	max = await signIn(server.app, 'max');
	await signIn(server.app, 'ada');
	const project = await aProject(server.app);
	idea = await anIdea(server.app, bruno.actor, project.id, { title: 'Shade trees on the Place Flagey' });
	await server.app.services.comments.add(bruno.actor, { ideaId: idea.id, body: SPAM });
	await server.app.services.comments.add(bruno.actor, { ideaId: idea.id, body: 'Lindens smell wonderful in June.' });
	ideaPath = `/projects/${project.slug}/ideas/${idea.id}`;
});

afterAll(async () => {
	await Promise.allSettled(contexts.map((context) => context.close()));
	await browser?.close();
	await server?.close();
});

afterEach(() => {
	const violations = cspViolations.flat();
	cspViolations = [];
	expect(violations).toEqual([]);
});

async function openAs(person: keyof typeof PERSONAS, path: string, options: Parameters<typeof newContext>[1] = {}): Promise<Page> {
	const context = await newContext(browser, options);
	contexts.push(context);
	const page = await context.newPage();
	cspViolations.push(await watchCsp(page));
	await signInThroughForm(page, server.url, PERSONAS[person].email, PERSONA_PASSWORD, path);
	return page;
}

const commentNamed = (page: Page, text: string) => page.locator('article.comment', { hasText: text });

describe('moderation, live', () => {
	it('[MO1][MO2][MO3] a reported comment reaches the moderator’s queue live; hidden from there, it disappears for the citizen live', async () => {
		const [citizen, moderator] = await Promise.all([openAs('amira', ideaPath), openAs('max', '/admin/moderation')]);
		await citizen.locator('.thread[data-live="true"]').waitFor({ timeout: UI_TIMEOUT_MS });
		await moderator.locator('[data-testid="queue-live"][data-live="true"]').waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await moderator.locator('[data-testid="queue-entry"]').count()).toBe(0);

		const spam = commentNamed(citizen, SPAM);
		await spam.locator('summary', { hasText: 'Report' }).click();
		await spam.getByLabel('Spam or advertising').check();
		await spam.getByLabel('Anything the moderators should know (optional)').fill('Advertising, again');
		await expectAccessible(citizen, 'an idea page with the report form open');
		await keepScreenshot(citizen, 'moderation-report-form-desktop');
		await spam.getByRole('button', { name: 'Send the report' }).click();
		await spam.getByText('Thank you: the moderators will look at it.').waitFor();

		const entry = moderator.locator('[data-testid="queue-entry"]', { hasText: SPAM });
		await entry.waitFor({ timeout: UI_TIMEOUT_MS });
		await expect(entry.textContent()).resolves.toContain('Advertising, again');
		await expect(entry.textContent()).resolves.toContain('Spam or advertising · 1');
		await expectAccessible(moderator, 'the moderation queue with a report');
		await keepScreenshot(moderator, 'moderation-queue-desktop');

		await entry.locator('summary', { hasText: 'Hide' }).click();
		const hideForm = entry.locator('form[action="?/hide"]');
		await hideForm.getByLabel('Spam or advertising').check();
		await hideForm.getByLabel('A note for its author (optional)').fill('Advertising is not allowed here.');
		await hideForm.getByRole('button', { name: 'Hide it' }).click();
		await entry.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });

		// Live, on the citizen's page: the words are gone, the place says why.
		await citizen.getByTestId('comment-hidden').waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await citizen.locator('.comment-list').textContent()).not.toContain('Cheap watches');
		await citizen.reload();
		expect(await citizen.content()).not.toContain('Cheap watches');
		await expectAccessible(citizen, 'an idea page with a hidden comment');

		// The author reads it on, with the reason.
		const author = await openAs('bruno', ideaPath);
		const notice = author.getByTestId('comment-hidden-notice');
		await notice.waitFor();
		await expect(notice.textContent()).resolves.toContain('Advertising is not allowed here.');

		const log = await openAs('ada', '/admin/audit');
		await log.locator('[data-testid="audit-entry"]', { hasText: 'Hidden' }).waitFor();
		await expect(log.getByTestId('audit-export').getAttribute('href')).resolves.toContain('/admin/audit/export');
		await expectAccessible(log, 'the moderation log');
		await keepScreenshot(log, 'moderation-audit-desktop');
	});

	it('the queue and the log pass axe at phone width, in French', async () => {
		const comment = await server.app.services.comments.add(bruno.actor, { ideaId: idea.id, body: 'Un commentaire signalé pour le test' });
		const amira = await signIn(server.app, 'amira');
		await server.app.services.moderation.report(amira.actor, { targetKind: 'comment', targetId: comment.id, reason: 'off_topic', note: 'Hors sujet' });
		const phone = { viewport: { width: 390, height: 844 } };
		const queue = await openAs('max', '/admin/moderation', phone);
		await queue.goto(`${server.url}/${PHONE_AXE_LOCALE}/admin/moderation`);
		await queue.locator('[data-testid="queue-entry"]').first().waitFor();
		await expectAccessible(queue, 'the moderation queue at phone width');
		await keepScreenshot(queue, 'moderation-queue-phone');
		await queue.goto(`${server.url}/${PHONE_AXE_LOCALE}/admin/audit`);
		await queue.locator('[data-testid="audit-entry"]').first().waitFor();
		await expectAccessible(queue, 'the moderation log at phone width');
		await keepScreenshot(queue, 'moderation-audit-phone');
		expect(max.actor.role).toBe('moderator');
	});
});
