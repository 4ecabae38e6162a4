import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { BOARD_PAGE_SIZE } from '../../src/lib/domain/board';
import { startTestServer, type TestServer } from '../support/server';
import { PERSONA_PASSWORD, PERSONAS, signIn } from '../support/personas';
import { aProject, anIdea, PLACES } from '../support/builders';
import { expectAccessible, launchBrowser, newContext, signInThroughForm, textOf, UI_TIMEOUT_MS, waitForLive, waitForValue, watchCsp } from './browser';

/**
 * The board in Chromium: similar ideas while typing lead to a vote in place; sort, filters and search live in the URL
 * (reload, back); "N new ideas — show" when another person posts; the controls without JavaScript; axe with filters.
 */
let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let cspViolations: string[][] = [];

beforeAll(async () => {
	[server, browser] = await Promise.all([startTestServer({ svelteKit: true, unlimited: true }), launchBrowser()]);
	await signIn(server.app, 'amira');
	await signIn(server.app, 'bruno');
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

async function openPage(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
	const context = await newContext(browser, options);
	contexts.push(context);
	const page = await context.newPage();
	cspViolations.push(await watchCsp(page));
	return page;
}

const cardTitles = (page: Page) => page.locator('[data-testid="idea"] h3').allTextContents();

describe('the board in a browser', () => {
	it('[B8] suggests a similar idea while the title is typed, and supporting it there counts the vote', async () => {
		const project = await aProject(server.app);
		const { actor: bruno } = await signIn(server.app, 'bruno');
		const existing = await anIdea(server.app, bruno, project.id, { title: 'Safer bike lanes on Rue de la Loi' });
		await anIdea(server.app, bruno, project.id, { title: 'Benches around Place Flagey' });
		const path = `/projects/${project.slug}`;
		const page = await openPage();
		await signInThroughForm(page, server.url, PERSONAS.amira.email, PERSONA_PASSWORD, path);
		await waitForLive(page);

		await page.locator('summary.compose-summary').click();
		await page.locator('#idea-title').pressSequentially('bike lane Loi', { delay: 20 });
		const suggestion = page.locator('[data-testid="similar-idea"]', { hasText: existing.title });
		await suggestion.waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await page.locator('[data-testid="similar-idea"]', { hasText: 'Benches' }).count()).toBe(0);
		expect(await suggestion.getByRole('link', { name: existing.title }).getAttribute('href')).toBe(`/en${path}/ideas/${existing.id}`);

		await suggestion.getByRole('button', { name: 'Support' }).click();
		await suggestion.getByRole('button', { name: 'Supported' }).waitFor();
		expect(await suggestion.getByRole('button', { name: 'Supported' }).getAttribute('aria-pressed')).toBe('true');
		expect(await textOf(page, '[data-testid="similar-idea"] .similar-votes')).toBe('1 in favour');
		// The card in the list shows the same vote, live, and the typed title is still there.
		await waitForValue(page, `#idea-${existing.id} [data-testid="upvotes"]`, '1');
		expect(await page.locator('#idea-title').inputValue()).toBe('bike lane Loi');
		const stored = await server.app.services.ideas.get({ kind: 'guest' }, existing.id);
		expect(stored.upvotes).toBe(1);
	});

	it('[B2] keeps sort, filter and search in the URL through a reload and the back button; "more" pages in place', async () => {
		const project = await aProject(server.app);
		const { actor: bruno } = await signIn(server.app, 'bruno');
		for (let n = 0; n < BOARD_PAGE_SIZE + 3; n++) {
			await anIdea(server.app, bruno, project.id, { title: n === 6 ? 'Mobility idea with a tramway' : `Mobility idea number ${n + 1}`, topic: 'mobility' });
		}
		await anIdea(server.app, bruno, project.id, { title: 'Trees on the boulevard', topic: 'green-spaces' });
		const path = `/en/projects/${project.slug}`;
		const page = await openPage();
		await page.goto(`${server.url}${path}`);
		await waitForLive(page);
		expect(await page.locator('[data-testid="idea"]').count()).toBe(BOARD_PAGE_SIZE);

		await page.locator('#board-sort').selectOption('newest');
		await page.waitForURL((url) => url.searchParams.get('sort') === 'newest');
		await page.locator('#board-topic').selectOption('mobility');
		await page.waitForURL((url) => url.searchParams.get('topic') === 'mobility');
		expect((await cardTitles(page))[0]).toBe(`Mobility idea number ${BOARD_PAGE_SIZE + 3}`);

		// "More" adds the rest below, in place.
		await page.getByRole('link', { name: 'Show more ideas' }).click();
		await page.locator('[data-testid="idea"]').nth(BOARD_PAGE_SIZE + 2).waitFor();
		expect((await cardTitles(page)).at(-1)).toBe('Mobility idea number 1');
		expect(await page.getByRole('link', { name: 'Show more ideas' }).count()).toBe(0);

		await page.locator('#board-q').fill('tramway');
		await page.locator('#board-q').press('Enter');
		await page.waitForURL((url) => url.searchParams.get('q') === 'tramway');
		await waitForValue(page, '[data-testid="idea"] h3', 'Mobility idea with a tramway');
		expect(await page.locator('[data-testid="idea"]').count()).toBe(1);

		await page.reload();
		await waitForLive(page);
		expect(await page.locator('#board-q').inputValue()).toBe('tramway');
		expect(await page.locator('#board-sort').inputValue()).toBe('newest');
		expect(await page.locator('#board-topic').inputValue()).toBe('mobility');
		expect(await cardTitles(page)).toEqual(['Mobility idea with a tramway']);
		await expectAccessible(page, 'the project page sorted, filtered and searched');

		await page.goBack();
		await page.waitForURL((url) => url.searchParams.get('q') === null && url.searchParams.get('topic') === 'mobility', { timeout: UI_TIMEOUT_MS });
		await page.waitForFunction(() => document.querySelector<HTMLInputElement>('#board-q')?.value === '', null, { timeout: UI_TIMEOUT_MS });
		expect(await page.locator('#board-topic').inputValue()).toBe('mobility');
		// Back on the view with every page loaded: the pages "more" added are there again.
		await page.locator('[data-testid="idea"]').nth(BOARD_PAGE_SIZE + 2).waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await cardTitles(page)).not.toContain('Trees on the boulevard');

		// A card's title leads to the idea's page, and back returns to the list.
		const first = page.locator('[data-testid="idea"] h3 a').first();
		const href = await first.getAttribute('href');
		expect(href).toMatch(new RegExp(`^${path}/ideas/`));
	});

	it('[B3] "more" right after the page loads appends the next page; back from an idea opened there returns to it', async () => {
		const project = await aProject(server.app);
		const { actor: bruno } = await signIn(server.app, 'bruno');
		for (let n = 0; n < BOARD_PAGE_SIZE + 5; n++) await anIdea(server.app, bruno, project.id, { title: `Green idea number ${n + 1}`, topic: 'green-spaces' });
		const page = await openPage();
		await page.setViewportSize({ width: 1280, height: 720 });
		await page.goto(`${server.url}/en/projects/${project.slug}?sort=newest`);
		await waitForLive(page);
		await page.getByRole('link', { name: 'Show more ideas' }).click();
		const last = page.locator('[data-testid="idea"]').nth(BOARD_PAGE_SIZE + 4);
		await last.waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await cardTitles(page)).toHaveLength(BOARD_PAGE_SIZE + 5);
		await last.scrollIntoViewIfNeeded();
		const scrolled = await page.evaluate(() => window.scrollY);
		expect(scrolled).toBeGreaterThan(500);
		const title = await last.locator('h3').textContent();
		await last.locator('h3 a').click();
		await page.getByTestId('idea-page').waitFor({ timeout: UI_TIMEOUT_MS });
		await page.goBack();
		await last.waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await last.locator('h3').textContent()).toBe(title);
		await expect.poll(() => page.evaluate(() => window.scrollY), { timeout: UI_TIMEOUT_MS }).toBeGreaterThan(scrolled - 40);
		expect(await page.evaluate(() => window.scrollY)).toBeLessThan(scrolled + 40);
		const box = await last.boundingBox();
		expect(box && box.y >= 0 && box.y < 720).toBe(true);
	});

	it('[B6] announces ideas another person posts in this view instead of inserting them, and shows them on request', async () => {
		const project = await aProject(server.app);
		const { actor: bruno } = await signIn(server.app, 'bruno');
		const shown = await anIdea(server.app, bruno, project.id, { title: 'Already on the board', topic: 'mobility' });
		const page = await openPage();
		await page.goto(`${server.url}/en/projects/${project.slug}?topic=mobility&sort=newest`);
		await waitForLive(page);

		await anIdea(server.app, bruno, project.id, { title: 'A new mobility idea', topic: 'mobility' });
		await anIdea(server.app, bruno, project.id, { title: 'Another mobility idea', topic: 'mobility' });
		await anIdea(server.app, bruno, project.id, { title: 'A green idea elsewhere', topic: 'green-spaces', location: PLACES.grandPlace });
		const button = page.getByRole('button', { name: '2 new ideas — show' });
		await button.waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await cardTitles(page)).toEqual([shown.title]);
		await waitForValue(page, '[data-testid="idea-count"]', '4');
		await waitForValue(page, '[data-testid="announcer"]', '2 new ideas');

		await button.click();
		expect(await cardTitles(page)).toEqual(['Another mobility idea', 'A new mobility idea', shown.title]);
		expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Another mobility idea');
		await expectAccessible(page, 'the project page with a filter, after new ideas were shown');
	});

	it('[B2] filters and pages without JavaScript through the same GET form and links', async () => {
		const project = await aProject(server.app);
		const { actor: bruno } = await signIn(server.app, 'bruno');
		for (let n = 0; n < BOARD_PAGE_SIZE + 1; n++) await anIdea(server.app, bruno, project.id, { title: `Green idea number ${n + 1}`, topic: 'green-spaces' });
		await anIdea(server.app, bruno, project.id, { title: 'A bike idea', topic: 'mobility' });
		const page = await openPage({ javaScriptEnabled: false });
		await page.goto(`${server.url}/en/projects/${project.slug}`);

		await page.locator('#board-topic').selectOption('green-spaces');
		await page.locator('#board-sort').selectOption('newest');
		await Promise.all([page.waitForURL((url) => url.searchParams.get('topic') === 'green-spaces'), page.getByRole('button', { name: 'Show ideas' }).click()]);
		expect(await page.locator('[data-testid="idea"]').count()).toBe(BOARD_PAGE_SIZE);
		expect(await cardTitles(page)).not.toContain('A bike idea');
		expect((await cardTitles(page))[0]).toBe(`Green idea number ${BOARD_PAGE_SIZE + 1}`);

		await Promise.all([page.waitForURL((url) => url.searchParams.has('cursor')), page.getByRole('link', { name: 'Show more ideas' }).click()]);
		expect(await cardTitles(page)).toEqual(['Green idea number 1']);
		expect(await page.locator('#board-topic').inputValue()).toBe('green-spaces');
		await Promise.all([page.waitForURL((url) => !url.searchParams.has('cursor')), page.getByRole('link', { name: 'Back to the first ideas' }).click()]);
		expect(await page.locator('[data-testid="idea"]').count()).toBe(BOARD_PAGE_SIZE);

		await page.locator('#board-q').fill('nothing like this');
		await Promise.all([page.waitForURL((url) => url.searchParams.get('q') === 'nothing like this'), page.getByRole('button', { name: 'Show ideas' }).click()]);
		// (axe needs scripts in the page; the same markup is checked with JavaScript in the tests above)
		expect(await textOf(page, '.empty-title')).toBe('No ideas match');
	});
});
