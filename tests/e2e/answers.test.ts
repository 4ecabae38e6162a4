import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { IdeaView } from '../../src/lib/domain/ideas';
import { startTestServer, type TestServer } from '../support/server';
import { PERSONA_PASSWORD, PERSONAS, signIn, type SignedInPersona } from '../support/personas';
import { aProject, anIdea } from '../support/builders';
import { expectAccessible, keepScreenshot, launchBrowser, newContext, signInThroughForm, UI_TIMEOUT_MS, watchCsp } from './browser';

/**
 * The city's answer in a real Chromium against the built app, three people at once: a citizen follows an idea, a
 * moderator answers it with a status and a signed message, the citizen's bell counts up live and the idea page shows
 * the answer, the author's project page shows the new status live; the notifications page without JavaScript; axe on
 * every new view.
 */
let server: TestServer;
let browser: Browser;
let bruno: SignedInPersona;
let idea: IdeaView;
let ideaPath: string;
let projectPath: string;
const contexts: BrowserContext[] = [];
let cspViolations: string[][] = [];

beforeAll(async () => {
	[server, browser] = await Promise.all([startTestServer({ svelteKit: true, unlimited: true }), launchBrowser()]);
	await Promise.all([signIn(server.app, 'amira'), signIn(server.app, 'max')]);
	bruno = await signIn(server.app, 'bruno');
	const project = await aProject(server.app);
	idea = await anIdea(server.app, bruno.actor, project.id, { title: 'A safe crossing at Rue Haute' });
	ideaPath = `/projects/${project.slug}/ideas/${idea.id}`;
	projectPath = `/projects/${project.slug}`;
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

async function openAs(person: keyof typeof PERSONAS, path: string, options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {}): Promise<Page> {
	const context = await newContext(browser, options);
	contexts.push(context);
	const page = await context.newPage();
	cspViolations.push(await watchCsp(page));
	await signInThroughForm(page, server.url, PERSONAS[person].email, PERSONA_PASSWORD, path);
	return page;
}

/** The idea page is live once it joined its room: the bell and the answers follow the same connection. */
async function waitUntilScripted(page: Page): Promise<void> {
	await page.locator('[data-testid="notification-bell"] button').waitFor({ timeout: UI_TIMEOUT_MS });
}

describe('the city answers, live', () => {
	let amiraPage: Page;
	let maxPage: Page;
	let brunoPage: Page;

	it('[FO2][ST1][ST3][N1] a citizen follows; a moderator answers; the bell counts up and the page shows the answer live', async () => {
		[amiraPage, maxPage, brunoPage] = await Promise.all([openAs('amira', ideaPath), openAs('max', ideaPath), openAs('bruno', projectPath)]);
		await Promise.all([waitUntilScripted(amiraPage), waitUntilScripted(maxPage), waitUntilScripted(brunoPage)]);
		await expect(amiraPage.getByTestId('idea-answers').textContent()).resolves.toContain('The city has not answered this idea yet.');

		await amiraPage.getByTestId('follow-button').click();
		await amiraPage.getByTestId('follow-state').waitFor();
		expect(await server.app.services.follows.followsIdea((await signIn(server.app, 'amira')).actor, idea.id)).toBe(true);

		await maxPage.locator('[data-testid="idea-answer-form"] > summary').click();
		await maxPage.getByLabel('New status').selectOption('accepted');
		await maxPage.getByLabel('Department').fill('Mobility department');
		await maxPage.getByLabel('Message to the citizens').fill('Accepted: the crossing will be raised and lit before the summer.');
		await expectAccessible(maxPage, 'the idea page with the answer form open');
		await keepScreenshot(maxPage, 'answers-form-desktop');
		await maxPage.getByRole('button', { name: 'Publish the answer' }).click();
		await maxPage.getByTestId('idea-answer').waitFor();

		// The citizen's bell and page, live, without a reload.
		await amiraPage.getByTestId('notification-count').filter({ hasText: '1' }).waitFor();
		await amiraPage.getByTestId('idea-answer').filter({ hasText: 'raised and lit' }).waitFor();
		expect(await amiraPage.getByTestId('idea-answer').textContent()).toContain('Signed Max (moderator), Mobility department');
		expect(await amiraPage.locator('.idea-header [data-testid="idea-status"]').textContent()).toContain('Accepted');
		// The author's project page: the card takes the status live.
		await brunoPage.locator(`#idea-${idea.id} [data-testid="idea-status"]`).filter({ hasText: 'Accepted' }).waitFor();
		await expect(brunoPage.getByTestId('notification-count').textContent()).resolves.toBe('1');
		// The one who answered is not told of their own answer (N4).
		expect(await maxPage.getByTestId('notification-count').count()).toBe(0);
	});

	it('[N3][N5] the bell lists the answer; opening it marks it read here and in the person\'s other tab', async () => {
		const secondTab = await amiraPage.context().newPage();
		await secondTab.goto(`${server.url}/en${projectPath}`);
		await waitUntilScripted(secondTab);
		await secondTab.getByTestId('notification-count').filter({ hasText: '1' }).waitFor();

		await amiraPage.locator('[data-testid="notification-bell"] button').click();
		const line = amiraPage.locator('.popover [data-testid="notification-line"]');
		await line.waitFor();
		expect(await line.textContent()).toContain('Mobility department answered “A safe crossing at Rue Haute”: Accepted');
		await expectAccessible(amiraPage, 'the bell open');
		await keepScreenshot(amiraPage, 'answers-bell-desktop', false);
		await line.click();
		await amiraPage.waitForURL(`**${ideaPath}`);
		await amiraPage.getByTestId('notification-count').waitFor({ state: 'detached' });
		await secondTab.getByTestId('notification-count').waitFor({ state: 'detached' });
		expect((await server.app.services.notifications.list((await signIn(server.app, 'amira')).actor)).unread).toBe(0);
		await amiraPage.goto(`${server.url}/nl/notifications`);
		await amiraPage.getByTestId('notifications-list').waitFor();
		await expectAccessible(amiraPage, 'the notifications page, Dutch');
	});

	it('[ST5] the staff list shows ideas waiting for an answer, and is closed to citizens', async () => {
		const other = await anIdea(server.app, bruno.actor, idea.projectId, { title: 'Benches along the canal' });
		await maxPage.goto(`${server.url}/en/admin/answers`);
		const rows = maxPage.getByTestId('needs-answer-idea');
		await rows.first().waitFor();
		expect(await rows.allTextContents()).toEqual([expect.stringContaining(other.title)]);
		await expectAccessible(maxPage, 'the needs-an-answer list');
		await keepScreenshot(maxPage, 'answers-needs-desktop');
		const refused = await amiraPage.goto(`${server.url}/en/admin/answers`);
		expect(refused?.status()).toBe(403);
	});

	it('[N5] without JavaScript the notifications page lists the lines and marks them read; on a phone it fits (axe needs scripts: it ran on the page above)', async () => {
		await server.app.services.comments.add(bruno.actor, { ideaId: idea.id, body: 'Thank you for the quick answer!' });
		await server.app.services.notifications.settled();
		const plain = await openAs('amira', '/notifications', { javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
		await plain.goto(`${server.url}/fr/notifications`);
		const lines = plain.getByTestId('notification-line');
		expect(await lines.count()).toBe(2);
		expect(await lines.first().textContent()).toContain('Bruno (citizen) a commenté « A safe crossing at Rue Haute »');
		expect(await plain.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
		await keepScreenshot(plain, 'answers-notifications-phone-fr');
		await plain.getByTestId('notifications-read-all').click();
		await plain.waitForURL('**/fr/notifications');
		expect(await plain.getByTestId('notifications-read-all').count()).toBe(0);
		expect((await server.app.services.notifications.list((await signIn(server.app, 'amira')).actor)).unread).toBe(0);
	});
});
