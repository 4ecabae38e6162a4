import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Project } from '../../src/lib/domain/projects';
import { startTestServer, type TestServer } from '../support/server';
import { PERSONA_PASSWORD, PERSONAS, signIn, type SignedInPersona } from '../support/personas';
import { aProject, PLACES } from '../support/builders';
import { expectAccessible, keepScreenshot, launchBrowser, PHONE_AXE_LOCALE, newContext, signInThroughForm, UI_TIMEOUT_MS, waitForLive, watchCsp } from './browser';

/**
 * Co-drafting in a real Chromium against the built app (D13, D26, D27): two people in one draft see each other's
 * text and carets; one goes offline, writes, reloads (the page and the text come from the browser) and comes back,
 * and both converge; a named version is compared with now and restored live, and the restore undone (D32–D38);
 * publishing turns the draft into an idea that appears live on the other person's project page.
 * Axe and screenshots (desktop and 390 px, en/fr/nl) on the new pages.
 */
let server: TestServer;
let browser: Browser;
let amira: SignedInPersona;
let bruno: SignedInPersona;
let project: Project;
let draftId: string;
const contexts: BrowserContext[] = [];
let cspViolations: string[][] = [];

beforeAll(async () => {
	[server, browser] = await Promise.all([startTestServer({ svelteKit: true, unlimited: true }), launchBrowser()]);
	amira = await signIn(server.app, 'amira');
	bruno = await signIn(server.app, 'bruno');
	project = await aProject(server.app);
	const draft = await server.app.services.drafts.create(amira.actor, {
		projectId: project.id,
		title: 'Shade and shelter at the Flagey tram stop',
		summary: 'Plane trees and a glass roof.',
		topic: 'green-spaces',
		location: PLACES.flagey,
		cost: 25000
	});
	draftId = draft.id;
	const link = await server.app.services.drafts.createLink(amira.actor, { draftId });
	await server.app.services.drafts.acceptLink(bruno.actor, { token: link.token });
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

const LIVE_SYNC_MS = 30_000;

async function openAs(person: keyof typeof PERSONAS, path: string, options: Parameters<typeof newContext>[1] = {}): Promise<{ page: Page; context: BrowserContext }> {
	const context = await newContext(browser, options);
	contexts.push(context);
	const page = await context.newPage();
	// Two editors, a service worker and IndexedDB per page: on a CI core shared with the rest of the suite, the first
	// sync between two browsers can take longer than the shell's 10 s default.
	page.setDefaultTimeout(LIVE_SYNC_MS);
	cspViolations.push(await watchCsp(page));
	await signInThroughForm(page, server.url, PERSONAS[person].email, PERSONA_PASSWORD, path);
	return { page, context };
}

const status = (page: Page, wanted: string) => page.locator(`[data-testid="draft-status"][data-status="${wanted}"]`).waitFor({ timeout: UI_TIMEOUT_MS });
const body = (page: Page) => page.locator('[data-testid="draft-body-editor"]');
/** The body's text without the carets' name labels drawn inside it. */
const textOf = (page: Page) =>
	body(page).evaluate((element) => {
		const copy = element.cloneNode(true) as HTMLElement;
		for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove();
		return copy.textContent;
	});

describe('drafts, live', () => {
	let amiraPage: Page;
	let brunoPage: Page;
	let brunoContext: BrowserContext;

	it('[D27] two co-authors see each other’s text and caret live, with who is here', async () => {
		const draftPath = `/drafts/${draftId}`;
		[{ page: amiraPage }, { page: brunoPage, context: brunoContext }] = await Promise.all([openAs('amira', draftPath), openAs('bruno', draftPath)]);
		await Promise.all([status(amiraPage, 'saved'), status(brunoPage, 'saved')]);

		await body(amiraPage).click();
		await amiraPage.keyboard.type('Amira writes the first paragraph about the trees.');
		await body(brunoPage).getByText('Amira writes the first paragraph about the trees.').waitFor();
		await body(brunoPage).click();
		await brunoPage.keyboard.press('End');
		await brunoPage.keyboard.press('Enter');
		await brunoPage.keyboard.type('Bruno adds the roof.');
		await body(amiraPage).getByText('Bruno adds the roof.').waitFor();

		// Carets carry the name the server gave each person.
		await amiraPage.locator('.collaboration-carets__label', { hasText: PERSONAS.bruno.displayName }).waitFor();
		await brunoPage.locator('.collaboration-carets__label', { hasText: PERSONAS.amira.displayName }).waitFor();
		await amiraPage.locator('[data-testid="presence"]', { hasText: PERSONAS.bruno.displayName }).waitFor();

		// The other fields are shared too.
		await amiraPage.locator('[data-testid="draft-field-title"]').fill('Shade and shelter at Flagey');
		await expect.poll(() => brunoPage.locator('[data-testid="draft-field-title"]').inputValue(), { timeout: UI_TIMEOUT_MS }).toBe('Shade and shelter at Flagey');
		await expectAccessible(amiraPage, 'draft editor');
	});

	it('[D45] a place chosen on the map reaches the other co-author live; a point outside the city is refused beside the map', async () => {
		const where = (page: Page) => page.getByTestId('draft-place-where');
		const before = (await where(brunoPage).textContent())?.trim();
		expect(before).toMatch(/^Pinned on the map in /);

		await amiraPage.getByTestId('draft-place-toggle').click();
		const map = amiraPage.locator('#draft-place-map .map[data-ready="true"]');
		await map.waitFor();
		// The map's top-left corner, fitted around the city's bounds, lies outside its districts.
		await map.click({ position: { x: 6, y: 6 } });
		await amiraPage.getByTestId('draft-place-refused').waitFor();
		expect((await where(brunoPage).textContent())?.trim()).toBe(before);

		// The crosshair marks what the centre button chooses: the map's middle.
		const mapBox = (await map.boundingBox())!;
		const crossBox = (await amiraPage.locator('#draft-place-map .crosshair').boundingBox())!;
		expect(Math.abs(crossBox.y + crossBox.height / 2 - (mapBox.y + mapBox.height / 2))).toBeLessThanOrEqual(1);
		expect(Math.abs(crossBox.x + crossBox.width / 2 - (mapBox.x + mapBox.width / 2))).toBeLessThanOrEqual(1);

		// The keyboard's way: pan north with the arrow keys, out of Ixelles, and choose the map's centre.
		await map.focus();
		await amiraPage.keyboard.press('ArrowUp');
		await amiraPage.keyboard.press('ArrowUp');
		await amiraPage.getByRole('button', { name: 'Choose the centre of the map' }).click();
		await expect.poll(async () => (await where(amiraPage).textContent())?.trim(), { timeout: UI_TIMEOUT_MS }).not.toBe(before);
		const after = (await where(amiraPage).textContent())?.trim();
		expect(after).toMatch(/^Pinned on the map in /);
		await expect.poll(async () => (await where(brunoPage).textContent())?.trim(), { timeout: LIVE_SYNC_MS }).toBe(after);
		expect(await brunoPage.locator('#draft-field-place').inputValue()).toBe('pinned');
		await expectAccessible(amiraPage, 'draft editor with the place map open');
	});

	it('[D26] offline edits survive a reload and merge when the connection returns', async () => {
		await status(brunoPage, 'saved');
		await brunoContext.setOffline(true);
		await status(brunoPage, 'offline');
		await body(brunoPage).click();
		await brunoPage.keyboard.press('End');
		await brunoPage.keyboard.type(' Written on the tram, offline.');
		await body(amiraPage).click();
		await amiraPage.keyboard.press('End');
		await amiraPage.keyboard.type(' Amira, online meanwhile.');

		await brunoPage.reload();
		await body(brunoPage).getByText('Written on the tram, offline.').waitFor();
		await status(brunoPage, 'offline');
		expect(await body(amiraPage).textContent()).not.toContain('Written on the tram');

		await brunoContext.setOffline(false);
		await status(brunoPage, 'saved');
		await body(amiraPage).getByText('Written on the tram, offline.').waitFor();
		await body(brunoPage).getByText('Amira, online meanwhile.').waitFor();
		expect(await textOf(brunoPage)).toBe(await textOf(amiraPage));
	});

	it('[D32] [D36] [D38] [D44] a named version is compared with now and restored live for the other co-author; undo brings the text back', async () => {
		await status(amiraPage, 'saved');
		const history = amiraPage.getByTestId('draft-history');
		await history.locator('#history-name').fill('Before the late sentence');
		await history.getByRole('button', { name: 'Save version' }).click();
		const saved = history.getByTestId('history-version').filter({ hasText: 'Before the late sentence' });
		await saved.waitFor();
		// D44: the other co-author's open history lists it too, without a reload.
		await brunoPage.getByTestId('draft-history').getByTestId('history-version').filter({ hasText: 'Before the late sentence' }).waitFor();

		await body(amiraPage).click();
		await amiraPage.keyboard.press('Control+End');
		await amiraPage.keyboard.type(' A late sentence to take back.');
		await body(brunoPage).getByText('A late sentence to take back.').waitFor();
		await status(amiraPage, 'saved');

		// D36: the words added since the version are marked.
		await saved.getByRole('button', { name: 'Compare with now' }).click();
		await history.getByTestId('history-panel').locator('ins', { hasText: 'late' }).first().waitFor();
		await expectAccessible(amiraPage, 'draft editor with a comparison open');

		// D38: a restore is an edit the other co-author receives live.
		await saved.getByRole('button', { name: 'Restore' }).click();
		await history.getByTestId('history-restore-confirm').click();
		await expect.poll(() => textOf(brunoPage), { timeout: LIVE_SYNC_MS }).not.toContain('A late sentence to take back.');
		expect(await textOf(brunoPage)).toContain('Amira writes the first paragraph about the trees.');
		// Restoring kept the state it replaced: undo brings the sentence back, for both.
		await history.getByTestId('history-status').getByRole('button', { name: 'Undo' }).click();
		await body(brunoPage).getByText('A late sentence to take back.').waitFor();
		await body(amiraPage).getByText('A late sentence to take back.').waitFor();
		await history.getByTestId('history-status').getByText('The restore was undone.').waitFor();
		// The versions each restore kept arrived in the other co-author's list as they were taken.
		await expect.poll(() => brunoPage.getByTestId('draft-history').getByTestId('history-version').count(), { timeout: LIVE_SYNC_MS }).toBe(await history.getByTestId('history-version').count());
	});

	it('[D13] [D16] publishing makes an idea crediting both, live on the other person’s project page', async () => {
		await brunoPage.goto(`${server.url}/projects/${project.slug}`);
		await waitForLive(brunoPage);
		await status(amiraPage, 'saved');
		await Promise.all([amiraPage.waitForURL(/\/ideas\//), amiraPage.locator('[data-testid="draft-publish"]').click()]);
		await amiraPage.locator('[data-testid="idea-author"]', { hasText: PERSONAS.bruno.displayName }).waitFor();
		await amiraPage.locator('[data-testid="idea-body"]', { hasText: 'Written on the tram, offline.' }).waitFor();
		await amiraPage.locator('[data-testid="idea-draft"] a').waitFor();
		// B6: a new idea is announced, not slipped under the reader's eyes.
		await brunoPage.getByRole('button', { name: '1 new idea — show' }).click();
		await brunoPage.getByRole('link', { name: 'Shade and shelter at Flagey' }).first().waitFor();

		// D41: someone who did not write it reads the published text, told so, and not its history (it was private).
		await signIn(server.app, 'fatou');
		const { page: reader } = await openAs('fatou', `/drafts/${draftId}`);
		await reader.getByTestId('draft-published-notice').waitFor();
		await body(reader).getByText('Written on the tram, offline.').waitFor();
		expect(await reader.getByTestId('draft-history').count()).toBe(0);
		expect(await reader.getByTestId('draft-status').count()).toBe(0);
	});
});

describe('drafts pages', () => {
	it('[D1] [D23] the new-draft form works without JavaScript and lands in the editor; my drafts lists it', async () => {
		const { page } = await openAs('bruno', `/projects/${project.slug}/drafts/new`, { javaScriptEnabled: false });
		await page.locator('#draft-title').fill('A bench for every bus stop');
		await page.locator('#draft-cost').fill('many');
		await page.getByRole('button', { name: 'Start the draft' }).click();
		await page.locator('#draft-cost-error').waitFor();
		await page.locator('#draft-cost').fill('12000');
		await Promise.all([page.waitForURL(/\/drafts\/[A-Za-z0-9_-]+$/), page.getByRole('button', { name: 'Start the draft' }).click()]);
		await page.goto(`${server.url}/drafts`);
		await page.locator('[data-testid="my-drafts"]', { hasText: 'A bench for every bus stop' }).waitFor();
	});

	// A function: the project and the draft exist only once beforeAll has run.
	const pages = () =>
		[
		['new', `/projects/${project.slug}/drafts/new`],
		['mine', '/drafts'],
		['editor', `/drafts/${draftId}`]
		] as const;
	for (const [viewport, size] of [
		['desktop', { width: 1280, height: 900 }],
		['phone', { width: 390, height: 844 }]
	] as const) {
		it(`axe and no sideways scrolling on the new pages on ${viewport}, in English, French and Dutch`, { timeout: 180_000 }, async () => {
			const { page } = await openAs('amira', '/drafts', { viewport: size, ...(viewport === 'phone' ? { isMobile: true, hasTouch: true } : {}) });
			for (const locale of ['en', 'fr', 'nl']) {
				for (const [name, path] of pages()) {
					// Measured once the page has settled: a layout taken mid-hydration on a busy core once overflowed by 75 px.
					await page.goto(`${server.url}/${locale}${path}`, { waitUntil: 'networkidle' });
					if (name === 'editor') {
						await page.locator('[data-testid="draft-body-editor"]').waitFor();
						// The place map open, so its words and layout are checked in every language too (D45).
						await page.getByTestId('draft-place-toggle').click();
						await page.locator('#draft-place-map .map[data-ready="true"]').waitFor();
					}
					const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
					expect(overflow, `${locale} ${name} ${viewport}: horizontal overflow`).toBeLessThanOrEqual(0);
					await keepScreenshot(page, `drafts-${name}-${viewport}-${locale}`);
					if (viewport === 'desktop' || locale === PHONE_AXE_LOCALE) await expectAccessible(page, `${name} (${locale}, ${viewport})`);
				}
			}
		});
	}
});
