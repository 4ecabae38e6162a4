import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server';
import { PERSONA_PASSWORD, PERSONAS, signIn } from '../support/personas';
import { aProject, anIdea } from '../support/builders';
import { expectAccessible, keepScreenshot, PHONE_AXE_LOCALE, watchCsp, launchBrowser, newContext, signInThroughForm, textOf, UI_TIMEOUT_MS, waitForLive, waitForMap, waitForValue, withoutLocale } from './browser';

/**
 * The shell: three languages, accessibility on every page and state the suite visits, forms that keep what was typed
 * before the scripts arrived, posting and voting without JavaScript, and a phone layout without sideways scrolling.
 */
let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let projectPath: string;
let ideaId: string;

beforeAll(async () => {
	[server, browser] = await Promise.all([startTestServer({ svelteKit: true }), launchBrowser()]);
	await signIn(server.app, 'amira');
	const { actor: bruno } = await signIn(server.app, 'bruno');
	const project = await server.app.services.projects.ensure({
		slug: 'shell-project',
		title: 'Cooler streets',
		description: 'Shade and water for hot summers.',
		translations: {
			fr: { title: 'Des rues plus fraîches', description: 'De l’ombre et de l’eau pour les étés chauds.' },
			nl: { title: 'Koelere straten', description: 'Schaduw en water voor hete zomers.' }
		},
		status: 'open'
	});
	projectPath = `/projects/${project.slug}`;
	ideaId = (await anIdea(server.app, bruno, project.id, { title: 'Fountains along the canal', language: 'en' })).id;
	await aProject(server.app);
});

afterAll(async () => {
	await Promise.allSettled(contexts.map((context) => context.close()));
	await browser?.close();
	await server?.close();
});

const cspViolations: string[][] = [];

async function openPage(options: Parameters<typeof newContext>[1] = {}): Promise<Page> {
	const context = await newContext(browser, options);
	contexts.push(context);
	const page = await context.newPage();
	if (options.javaScriptEnabled !== false) cspViolations.push(await watchCsp(page));
	return page;
}

afterEach(() => {
	// The CSP holds on every page these tests visit, in every language and state.
	expect(cspViolations.flat()).toEqual([]);
	cspViolations.length = 0;
});

describe('the shell in a browser', () => {
	it('speaks French to a French browser on its first visit, switches language from the header, and keeps the choice', async () => {
		const page = await openPage({ locale: 'fr-BE', extraHTTPHeaders: { 'Accept-Language': 'fr-BE,fr;q=0.9,en;q=0.5' } });
		await page.goto(server.url + projectPath);
		expect(withoutLocale(new URL(page.url()).pathname)).toBe(projectPath);
		expect(new URL(page.url()).pathname.startsWith('/fr/')).toBe(true);
		expect(await page.locator('html').getAttribute('lang')).toBe('fr');
		expect(await textOf(page, 'h1')).toBe('Des rues plus fraîches');
		await waitForValue(page, '[data-testid="live-state"]', 'En direct');
		await expectAccessible(page, 'project page in French');

		for (const [locale, title, live] of [
			['nl', 'Koelere straten', 'Live'],
			['en', 'Cooler streets', 'Live']
		] as const) {
			await Promise.all([page.waitForURL((url) => url.pathname.startsWith(`/${locale}/`)), page.locator(`.language-switcher button[value="${locale}"]`).click()]);
			expect(await page.locator('html').getAttribute('lang')).toBe(locale);
			expect(await textOf(page, 'h1')).toBe(title);
			await waitForValue(page, '[data-testid="live-state"]', live);
			await expectAccessible(page, `project page in ${locale}`);
		}
		// Back to Dutch, then a bare address: the choice (a cookie) wins over the browser's French.
		await Promise.all([page.waitForURL((url) => url.pathname.startsWith('/nl/')), page.locator('.language-switcher button[value="nl"]').click()]);
		await page.goto(server.url + projectPath);
		expect(new URL(page.url()).pathname).toBe(`/nl${projectPath}`);
		await page.reload();
		expect(await textOf(page, 'h1')).toBe('Koelere straten');
		// The idea keeps the language it was written in.
		expect(await page.locator(`#idea-${ideaId}-title`).getAttribute('lang')).toBe('en');
	});

	it('passes the accessibility check on every page and state: home, sign-in with errors, sign-up, the project signed in with the form open and its errors shown', async () => {
		const page = await openPage();
		await page.goto(`${server.url}/en/`);
		await page.locator('.project-card').first().waitFor();
		await expectAccessible(page, 'home');
		await page.goto(`${server.url}/en/signup`);
		await expectAccessible(page, 'sign-up');
		await page.locator('#displayName').fill('City Admin');
		await page.locator('#email').fill('not-an-email@example');
		await page.locator('#password').fill('short');
		await page.getByRole('button', { name: 'Create my account' }).click();
		await page.locator('.field-error').first().waitFor();
		await expectAccessible(page, 'sign-up with errors');
		await page.goto(`${server.url}/en/signin`);
		await page.locator('#email').fill(PERSONAS.amira.email);
		await page.locator('#password').fill('wrong-password-here');
		await page.getByRole('button', { name: 'Sign in', exact: true }).click();
		await page.locator('.form-error').waitFor();
		await expectAccessible(page, 'sign-in with an error');

		await signInThroughForm(page, server.url, PERSONAS.amira.email, PERSONA_PASSWORD, `/en${projectPath}`);
		await waitForLive(page);
		await waitForMap(page);
		await expectAccessible(page, 'project page signed in');
		await page.locator('summary.compose-summary').click();
		await page.getByRole('button', { name: 'Post idea', exact: true }).click();
		await page.locator('#idea-title-error').waitFor();
		await expectAccessible(page, 'idea form with errors');
		await page.goto(`${server.url}/en/no-such-page`);
		await expectAccessible(page, 'not found');
	});

	it('keeps what was typed before the scripts arrived, and the sign-in still works', async () => {
		const page = await openPage();
		// The page's scripts arrive 2.5 s late, as on a slow phone.
		await page.route(/\/_app\/immutable\/.*\.js$/, async (route) => {
			await new Promise((resolve) => setTimeout(resolve, 2_500));
			await route.continue();
		});
		await page.goto(`${server.url}/en/signin?returnTo=${encodeURIComponent(`/en${projectPath}`)}`, { waitUntil: 'domcontentloaded' });
		await page.locator('#email').fill(PERSONAS.amira.email);
		await page.locator('#password').fill(PERSONA_PASSWORD);
		// The late scripts arrive and hydrate the form that already holds the typing.
		await page.waitForLoadState('networkidle', { timeout: UI_TIMEOUT_MS });
		await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
		expect(await page.locator('#email').inputValue()).toBe(PERSONAS.amira.email);
		expect(await page.locator('#password').inputValue()).toBe(PERSONA_PASSWORD);
		await Promise.all([
			page.waitForURL((url) => withoutLocale(url.pathname) === projectPath, { timeout: UI_TIMEOUT_MS }),
			page.getByRole('button', { name: 'Sign in', exact: true }).click()
		]);
		expect(await textOf(page, '.site-header .who')).toContain('Amira');
	});

	it('lets a citizen without JavaScript post an idea by district and vote, landing back on the idea each time', async () => {
		const page = await openPage({ javaScriptEnabled: false });
		await page.goto(`${server.url}/en/signin?returnTo=${encodeURIComponent(`/en${projectPath}`)}`);
		await page.locator('#email').fill(PERSONAS.amira.email);
		await page.locator('#password').fill(PERSONA_PASSWORD);
		await Promise.all([page.waitForURL((url) => withoutLocale(url.pathname) === projectPath, { timeout: UI_TIMEOUT_MS }), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
		// The map says what it is and where the ideas are; nothing claims to be connecting.
		expect(await textOf(page, '.map-fallback')).toContain('The map needs JavaScript.');
		expect(await page.locator('[data-testid="live-state"]').count()).toBe(0);
		// axe runs as a script, so the same page is checked in a browser that gets the same cookies but none of our scripts.
		const checker = await openPage();
		await checker.context().addCookies(await page.context().cookies());
		await checker.route(/\/_app\/immutable\/.*\.js$/, (route) => route.abort());
		await checker.goto(page.url());
		await expectAccessible(checker, 'project page without JavaScript');

		await page.locator('summary.compose-summary').click();
		await page.locator('#idea-title').fill('A drinking fountain at Flagey');
		await page.locator('#idea-body').fill('In summer there is nowhere to fill a bottle around the square.');
		await page.locator('#idea-topic').selectOption('public-space');
		await page.locator('#idea-district').selectOption({ index: 1 });
		await Promise.all([page.waitForURL((url) => url.hash.startsWith('#idea-'), { timeout: UI_TIMEOUT_MS }), page.getByRole('button', { name: 'Post idea', exact: true }).click()]);
		const postedId = new URL(page.url()).hash.slice('#idea-'.length);
		expect(await textOf(page, `#idea-${postedId} h3`)).toBe('A drinking fountain at Flagey');
		expect(await textOf(page, `#idea-${postedId} .idea-district`)).toContain('approximate place');
		const stored = await server.app.services.ideas.get({ kind: 'guest' }, postedId);
		expect(stored).toMatchObject({ locationApproximate: true, language: 'en' });

		const item = page.locator(`#idea-${ideaId}`);
		await Promise.all([page.waitForURL((url) => url.hash === `#idea-${ideaId}`, { timeout: UI_TIMEOUT_MS }), item.getByRole('button', { name: /^Support \d/ }).click()]);
		expect(await item.getByRole('button', { name: /^Supported/ }).getAttribute('aria-pressed')).toBe('true');
		// The browser shows the idea, not the top of the page.
		expect(await page.evaluate((id) => document.getElementById(`idea-${id}`)!.getBoundingClientRect().top, ideaId)).toBeLessThan(900);
	});

	it('fits a phone: no sideways scrolling, one scroll, and a pin opens its idea under the map without moving the page', async () => {
		for (const locale of ['en', 'fr', 'nl']) {
			const page = await openPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
			await page.goto(`${server.url}/${locale}${projectPath}`);
			await waitForMap(page);
			const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
			expect(overflow, `${locale}: horizontal overflow`).toBeLessThanOrEqual(0);
			const innerScrollers = await page.evaluate(() =>
				[...document.querySelectorAll('main *')].filter((element) => {
					const style = getComputedStyle(element);
					return /(auto|scroll)/.test(style.overflowY) && element.scrollHeight > element.clientHeight + 1 && !element.closest('.leaflet-container');
				}).length
			);
			expect(innerScrollers, `${locale}: scroll boxes inside the page`).toBe(0);
			await keepScreenshot(page, `phone-${locale}-project`, false);
			if (locale === PHONE_AXE_LOCALE) await expectAccessible(page, `project page on a phone (${locale})`);
			if (locale === 'en') {
				const before = await page.evaluate(() => window.scrollY);
				await page.locator('.leaflet-marker-pane .pin').first().click();
				await page.locator('[data-testid="selected-idea"]').waitFor();
				expect(await page.evaluate(() => window.scrollY)).toBe(before);
			}
		}
	});
});
