import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server';
import { PERSONA_PASSWORD, PERSONAS, signIn } from '../support/personas';
import { aProject, anIdea, PLACES } from '../support/builders';
import {
	launchBrowser,
	newContext,
	normalise,
	pixelOf,
	signInThroughForm,
	submitSignInForm,
	textOf,
	UI_TIMEOUT_MS,
	withoutLocale,
	waitForLive,
	waitForMap,
	waitForValue,
	watchCsp
} from './browser';

/**
 * The live slice, end to end in a real Chromium against the real built app: sign in through the form, post an idea
 * on the map, and watch another browser receive it and every vote on it without reloading; then the same page with
 * JavaScript disabled, and what a guest is (not) offered.
 */
let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Every CSP violation of every page a test opened: the pages must work under the CSP, without exceptions. */
let cspViolations: string[][] = [];

beforeAll(async () => {
	[server, browser] = await Promise.all([startTestServer({ svelteKit: true }), launchBrowser()]);
	// The accounts the forms sign into.
	await signIn(server.app, 'amira');
	await signIn(server.app, 'bruno');
});

afterAll(async () => {
	await Promise.allSettled(contexts.map((context) => context.close()));
	await browser?.close();
	await server?.close();
});

async function openPage(options: { javaScriptEnabled?: boolean; tiles?: 'blank' | 'unreachable' } = {}): Promise<Page> {
	const context = await newContext(browser, options);
	contexts.push(context);
	const page = await context.newPage();
	cspViolations.push(await watchCsp(page));
	return page;
}

afterEach(() => {
	const violations = cspViolations.flat();
	cspViolations = [];
	expect(violations).toEqual([]);
});

/** Marks the page's window; if the page reloads, the mark is gone. */
async function markWindow(page: Page): Promise<void> {
	await page.evaluate(() => Object.assign(window, { e2eNoReload: true }));
}
async function stillSameWindow(page: Page): Promise<boolean> {
	return page.evaluate(() => (window as unknown as { e2eNoReload?: boolean }).e2eNoReload === true);
}

function ideaItem(page: Page, title: string) {
	return page.locator('[data-testid="idea"]', { hasText: title });
}

describe('the live slice in a browser', () => {
	it('posts an idea on the map and shows it, and every vote on it, live in another browser', async () => {
		const project = await aProject(server.app);
		const path = `/projects/${project.slug}`;
		const flageyDistrict = await server.app.services.city.locate(PLACES.flagey);
		expect(flageyDistrict, 'PLACES.flagey lies in a built-in district').not.toBeNull();

		const [amira, watcher] = await Promise.all([openPage(), openPage()]);
		await signInThroughForm(amira, server.url, PERSONAS.amira.email, PERSONA_PASSWORD, path);
		await watcher.goto(server.url + path);
		await Promise.all([waitForLive(amira), waitForLive(watcher), waitForMap(amira), waitForMap(watcher)]);
		await expect(textOf(amira, '.site-header .who')).resolves.toContain('Amira');
		await waitForValue(watcher, '[data-testid="idea-count"]', '0');
		await waitForValue(watcher, '.map', '0', { attribute: 'data-pins' });
		await markWindow(watcher);

		// Submitting the empty form shows one message beside each field, and posts nothing.
		await amira.locator('summary.compose-summary').click();
		await amira.getByRole('button', { name: 'Post idea', exact: true }).click();
		for (const [field, message, input] of [
			['#idea-title', 'Give your idea a title.', '#idea-title'],
			// The description is the rich-text editor's surface, mounted over the field's textarea.
			['#idea-body', 'Describe your idea.', '[data-testid="idea-body-editor"]'],
			['#idea-topic', 'Choose a topic.', '#idea-topic']
		] as const) {
			// The error follows the field and is its accessible description.
			await waitForValue(amira, `${field}-error`, message);
			expect(await amira.locator(input).getAttribute('aria-invalid')).toBe('true');
			expect(await amira.locator(input).getAttribute('aria-describedby')).toBe(`${field.slice(1)}-error`);
		}
		await waitForValue(amira, '#idea-location-error', 'Choose a place on the map, or a district.');
		expect(await textOf(amira, '#idea-location')).toContain('Click the map');

		// Choosing Flagey on the map names its district, and clears the location error.
		const flagey = await pixelOf(amira, PLACES.flagey);
		await amira.mouse.click(flagey.x, flagey.y);
		await amira.locator('#idea-location-error').waitFor({ state: 'detached' });
		const locationLine = await textOf(amira, '#idea-location');
		expect(locationLine).toContain(flageyDistrict!.name);
		const [lat, lng] = (/\(([\d.]+), ([\d.]+)\)/.exec(locationLine) ?? []).slice(1).map(Number);
		expect(Math.abs(lat! - PLACES.flagey.lat), locationLine).toBeLessThan(0.002);
		expect(Math.abs(lng! - PLACES.flagey.lng), locationLine).toBeLessThan(0.002);

		const title = `Shade trees on Place Flagey ${Date.now().toString(36)}`;
		await amira.locator('#idea-title').fill(title);
		await amira.getByTestId('idea-body-editor').fill('The square bakes in summer; a row of trees would shade the tram stop.');
		await amira.locator('#idea-topic').selectOption('green-spaces');
		await amira.locator('.field-error').first().waitFor({ state: 'detached' });
		await amira.getByRole('button', { name: 'Post idea', exact: true }).click();

		// Amira sees her idea (or the form's error, which fails the test with its message) and the form closes…
		const posted = await amira.waitForFunction(
			(expected) => {
				const error = document.querySelector('.idea-form .form-error, .idea-form .field-error');
				if (error) return `the form says: ${error.textContent?.trim()}`;
				const titles = Array.from(document.querySelectorAll('[data-testid="idea"] h3')).map((h3) => h3.textContent?.trim());
				return titles.includes(expected) ? 'posted' : false;
			},
			title,
			{ timeout: UI_TIMEOUT_MS }
		);
		expect(await posted.jsonValue()).toBe('posted');
		await amira.locator('form.idea-form').waitFor({ state: 'detached' });
		await waitForValue(amira, '[data-testid="idea-count"]', '1');
		// …and the other browser gets it on the map and in the count at once, and in the list when asked (B6), without
		// reloading.
		await waitForValue(watcher, '[data-testid="idea-count"]', '1');
		await waitForValue(watcher, '.map', '1', { attribute: 'data-pins' });
		await watcher.getByRole('button', { name: '1 new idea — show' }).click();
		await ideaItem(watcher, title).waitFor();
		expect(await ideaItem(watcher, title).locator('.idea-top').textContent()).toContain(flageyDistrict!.name);
		expect(await ideaItem(watcher, title).locator('.idea-meta').textContent()).toContain(PERSONAS.amira.displayName);

		const ideaId = (await ideaItem(amira, title).getAttribute('id'))!.replace(/^idea-/, '');
		const tallyOf = (page: Page) => async () =>
			normalise(await page.locator(`#idea-${ideaId} [data-testid="tally"]`).textContent());
		const amiraIdea = amira.locator(`#idea-${ideaId}`);
		const expectTally = async (up: number, down: number) => {
			// Amira's own page first: a refused vote shows its error beside the buttons, and fails the test with it.
			const settled = await amira.waitForFunction(
				({ id, tally }) => {
					const error = document.querySelector(`#idea-${id} .votes .field-error`);
					if (error) return `the vote was refused: ${error.textContent?.trim()}`;
					const text = (selector: string) => document.querySelector(`#idea-${id} ${selector}`)?.textContent?.replace(/\s+/g, ' ').trim();
					return `${text('[data-testid="upvotes"]')} ${text('[data-testid="downvotes"]')}` === tally ? 'counted' : false;
				},
				{ id: ideaId, tally: `${up} ${down}` },
				{ timeout: UI_TIMEOUT_MS }
			);
			expect(await settled.jsonValue()).toBe('counted');
			for (const page of [amira, watcher]) {
				await waitForValue(page, `#idea-${ideaId} [data-testid="upvotes"]`, `${up}`);
				await waitForValue(page, `#idea-${ideaId} [data-testid="downvotes"]`, `${down}`);
			}
		};
		await expect(tallyOf(watcher)()).resolves.toBe('Votes in favour 0 Votes against 0');

		// Upvote: ▲1 everywhere.
		await amiraIdea.getByRole('button', { name: /^Support \d/ }).click();
		await expectTally(1, 0);
		expect(await amiraIdea.getByRole('button', { name: /^Supported/ }).getAttribute('aria-pressed')).toBe('true');
		// Switch to a downvote: ▲0 ▼1.
		await amiraIdea.getByRole('button', { name: /^Oppose \d/ }).click();
		await expectTally(0, 1);
		expect(await amiraIdea.getByRole('button', { name: /^Opposed/ }).getAttribute('aria-pressed')).toBe('true');
		expect(await amiraIdea.getByRole('button', { name: /^Support \d/ }).getAttribute('aria-pressed')).toBe('false');
		// Pressing "Downvoted" again withdraws it: ▲0 ▼0.
		await amiraIdea.getByRole('button', { name: /^Opposed/ }).click();
		await expectTally(0, 0);
		await amiraIdea.getByRole('button', { name: /^Oppose \d/ }).waitFor();
		await expect(tallyOf(watcher)()).resolves.toBe('Votes in favour 0 Votes against 0');

		expect(await stillSameWindow(watcher), 'the watching page never reloaded').toBe(true);
		const stored = await server.app.services.ideas.list({ kind: 'guest' }, project.id);
		expect(stored.map((idea) => [idea.title, idea.upvotes, idea.downvotes])).toEqual([[title, 0, 0]]);
	});

	it('works without JavaScript: server-rendered ideas, sign-in and voting by form, seen live by a JavaScript page', async () => {
		const project = await aProject(server.app);
		const path = `/projects/${project.slug}`;
		const { actor: fatou } = await signIn(server.app, 'fatou');
		const idea = await anIdea(server.app, fatou, project.id, { title: 'A crossing in front of the school' });

		const [plain, watcher] = await Promise.all([openPage({ javaScriptEnabled: false }), openPage()]);
		await watcher.goto(server.url + path);
		await waitForLive(watcher);
		await markWindow(watcher);

		// The server renders the list; without JavaScript the socket never connects.
		await plain.goto(server.url + path);
		expect(await textOf(plain, '[data-testid="idea-count"]')).toBe('1');
		expect(await textOf(plain, `#idea-${idea.id} h3`)).toBe('A crossing in front of the school');
		// Without JavaScript nothing claims to be connecting: the status appears only once the scripts run.
		expect(await plain.locator('[data-testid="live-state"]').count()).toBe(0);

		// "Sign in to vote" leads to the form, which brings her back here signed in.
		await plain.locator(`#idea-${idea.id}`).getByRole('link', { name: 'Sign in to vote' }).click();
		await plain.waitForURL((url) => withoutLocale(url.pathname) === '/signin' && url.searchParams.get('returnTo') === `/en${path}#idea-${idea.id}`);
		await Promise.all([
			plain.waitForURL((url) => withoutLocale(url.pathname) === path, { timeout: UI_TIMEOUT_MS }),
			submitSignInForm(plain, PERSONAS.bruno.email, PERSONA_PASSWORD)
		]);
		expect(await textOf(plain, '.site-header .who')).toContain('Bruno');

		// Voting posts the form; the page comes back with the count and the pressed button.
		const item = plain.locator(`#idea-${idea.id}`);
		await Promise.all([
			plain.waitForResponse((response) => response.request().method() === 'POST' && response.url().includes('/vote')),
			item.getByRole('button', { name: /^Support \d/ }).click()
		]);
		await plain.waitForLoadState('domcontentloaded');
		await item.getByRole('button', { name: /^Supported/ }).waitFor();
		expect(await textOf(plain, `#idea-${idea.id} [data-testid="upvotes"]`)).toBe('1');
		expect(await item.getByRole('button', { name: /^Supported/ }).getAttribute('aria-pressed')).toBe('true');
		expect(await plain.locator('.field-error, .form-error').count()).toBe(0);
		// The JavaScript page sees that vote arrive live.
		await waitForValue(watcher, `#idea-${idea.id} [data-testid="upvotes"]`, '1');

		// Pressing "Upvoted" takes the vote back, by form too.
		await Promise.all([
			plain.waitForResponse((response) => response.request().method() === 'POST' && response.url().includes('/vote')),
			item.getByRole('button', { name: /^Supported/ }).click()
		]);
		await item.getByRole('button', { name: /^Support \d/ }).waitFor();
		expect(await textOf(plain, `#idea-${idea.id} [data-testid="upvotes"]`)).toBe('0');
		await waitForValue(watcher, `#idea-${idea.id} [data-testid="upvotes"]`, '0');
		expect(await stillSameWindow(watcher), 'the watching page never reloaded').toBe(true);
	});

	it('offers a guest "Sign in to vote" instead of vote buttons, and a wrong password a generic error that keeps the e-mail', async () => {
		const project = await aProject(server.app);
		const path = `/projects/${project.slug}`;
		const { actor: fatou } = await signIn(server.app, 'fatou');
		const idea = await anIdea(server.app, fatou, project.id);

		for (const javaScriptEnabled of [true, false]) {
			const guest = await openPage({ javaScriptEnabled });
			await guest.goto(server.url + path);
			if (javaScriptEnabled) await waitForLive(guest);
			const item = guest.locator(`#idea-${idea.id}`);
			await item.getByRole('link', { name: 'Sign in to vote' }).waitFor();
			expect(await item.getByRole('button').count()).toBe(0);
			expect(await guest.getByRole('button', { name: /vote/i }).count()).toBe(0);
			expect(await guest.locator('summary.compose-summary').count()).toBe(0);

			await item.getByRole('link', { name: 'Sign in to vote' }).click();
			await guest.waitForURL((url) => withoutLocale(url.pathname) === '/signin');
			await Promise.all([
				guest.waitForResponse((response) => response.request().method() === 'POST' && withoutLocale(new URL(response.url()).pathname) === '/signin'),
				submitSignInForm(guest, PERSONAS.amira.email, 'not-her-password')
			]);
			await waitForValue(guest, '.auth .form-error[role="alert"]', 'That e-mail and password do not match an account.');
			expect(await guest.locator('#email').inputValue(), `e-mail kept (JavaScript ${javaScriptEnabled})`).toBe(PERSONAS.amira.email);
			expect(withoutLocale(new URL(guest.url()).pathname)).toBe('/signin');
			expect(await guest.locator('.site-header').getByRole('link', { name: 'Sign in' }).count()).toBe(1);
		}
	});

	it('keeps a half-written idea across a reload, and forgets it once cancelled', async () => {
		const project = await aProject(server.app);
		const path = `/projects/${project.slug}`;
		const page = await openPage();
		await signInThroughForm(page, server.url, PERSONAS.bruno.email, PERSONA_PASSWORD, path);
		await waitForLive(page);
		await page.locator('summary.compose-summary').click();
		await page.locator('#idea-title').fill('Water fountains in the park');
		await page.getByTestId('idea-body-editor').fill('Half-written and not posted yet');

		await page.reload();
		await waitForLive(page);
		await page.locator('summary.compose-summary').click();
		expect(await page.locator('#idea-title').inputValue()).toBe('Water fountains in the park');
		await waitForValue(page, '[data-testid="idea-body-editor"]', 'Half-written and not posted yet');
		expect(await page.locator('#idea-body').inputValue()).toBe('<p>Half-written and not posted yet</p>');

		await page.getByRole('button', { name: 'Cancel' }).click();
		await page.locator('summary.compose-summary').click();
		expect(await page.locator('#idea-title').inputValue()).toBe('');
	});

	it('catches up after a connection the server could not recover: what happened meanwhile appears', async () => {
		const project = await aProject(server.app);
		const { actor: fatou } = await signIn(server.app, 'fatou');
		const page = await openPage();
		await page.goto(`${server.url}/projects/${project.slug}`);
		await waitForLive(page);
		await markWindow(page);

		// A server-side disconnect discards the session, so the page cannot recover: it reconnects a second later.
		server.server.realtime.io.disconnectSockets(true);
		await waitForValue(page, '[data-testid="live-state"]', 'Reconnecting…');
		const missed = await anIdea(server.app, fatou, project.id, { title: 'Posted while the page was away' });

		await page.getByRole('button', { name: '1 new idea — show' }).click({ timeout: UI_TIMEOUT_MS });
		await ideaItem(page, missed.title).waitFor({ timeout: UI_TIMEOUT_MS });
		await waitForValue(page, '[data-testid="live-state"]', 'Live');
		expect(await stillSameWindow(page)).toBe(true);
	});

	it('shows a hostile title as text, in the list and in the map’s tooltip', async () => {
		const project = await aProject(server.app);
		const { actor: bruno } = await signIn(server.app, 'bruno');
		const title = '<img src=x onerror="window.pwned=1">Free bikes';
		await anIdea(server.app, bruno, project.id, { title, location: PLACES.grandPlace });
		const page = await openPage();
		await page.goto(`${server.url}/projects/${project.slug}`);
		await waitForMap(page);
		await ideaItem(page, title).waitFor();

		const pin = await pixelOf(page, PLACES.grandPlace);
		await page.mouse.move(pin.x, pin.y);
		const tooltip = page.locator('.leaflet-tooltip', { hasText: 'Free bikes' });
		await tooltip.waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await tooltip.textContent()).toBe(title);
		expect(await page.locator('.leaflet-tooltip img, [data-testid="idea"] img').count()).toBe(0);
		expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
	});

	it('stays live after a recovered drop and after navigating away and back within the app', async () => {
		const project = await aProject(server.app);
		const { actor: bruno } = await signIn(server.app, 'bruno');
		const { actor: amira } = await signIn(server.app, 'amira');
		const idea = await anIdea(server.app, bruno, project.id, { title: 'Benches along the canal' });
		const page = await openPage();
		await page.goto(`${server.url}/projects/${project.slug}`);
		await waitForLive(page);
		await markWindow(page);
		// A dropped transport that the connection recovers from first: the socket stays marked "recovered".
		const { io } = server.server.realtime;
		// Engine.IO keeps its clients protected; closing their transports is exactly a network drop.
		const { clients } = io.engine as unknown as { clients: Record<string, { close(): void }> };
		for (const client of Object.values(clients)) client.close();
		await waitForValue(page, '[data-testid="live-state"]', 'Reconnecting…');
		await waitForLive(page);

		await page.locator('.brand').click();
		await page.waitForURL((url) => withoutLocale(url.pathname) === '/');
		await page.getByRole('link', { name: project.title }).click();
		await page.waitForURL((url) => withoutLocale(url.pathname) === `/projects/${project.slug}`);
		await waitForLive(page);

		await server.app.services.votes.cast(amira, { ideaId: idea.id, value: 1 });
		await waitForValue(page, `#idea-${idea.id} [data-testid="upvotes"]`, '1');
		expect(await stillSameWindow(page)).toBe(true);
	});

	it('lets a keyboard user choose a location: pan the map with the arrow keys, then choose its centre', async () => {
		const project = await aProject(server.app);
		const page = await openPage();
		await signInThroughForm(page, server.url, PERSONAS.amira.email, PERSONA_PASSWORD, `/projects/${project.slug}`);
		await waitForLive(page);
		await page.locator('summary.compose-summary').click();
		await waitForMap(page);
		await page.locator('.map').focus();
		for (let step = 0; step < 3; step++) await page.keyboard.press('ArrowRight');
		await page.getByRole('button', { name: 'Choose the centre of the map' }).focus();
		await page.keyboard.press('Enter');
		const locationLine = await textOf(page, '#idea-location');
		expect(locationLine).toMatch(/.+ \(50\.\d+, 4\.\d+\)/);
		expect(locationLine).not.toContain('outside');
	});

	it('acts for the user right after signing in from a page: the live connection follows the session', async () => {
		const project = await aProject(server.app);
		const { actor: bruno } = await signIn(server.app, 'bruno');
		const idea = await anIdea(server.app, bruno, project.id, { title: 'Water fountain at the station' });
		const page = await openPage();
		await page.goto(`${server.url}/projects/${project.slug}`, { waitUntil: 'networkidle' });
		await waitForLive(page);
		await page.locator(`#idea-${idea.id}`).getByRole('link', { name: 'Sign in to vote' }).click();
		await page.waitForURL((url) => withoutLocale(url.pathname) === '/signin');
		await page.waitForLoadState('networkidle');
		await Promise.all([
			page.waitForURL((url) => withoutLocale(url.pathname) === `/projects/${project.slug}`),
			submitSignInForm(page, PERSONAS.amira.email, PERSONA_PASSWORD)
		]);
		await waitForLive(page);
		await page.locator(`#idea-${idea.id}`).getByRole('button', { name: /^Support \d/ }).click();
		await waitForValue(page, `#idea-${idea.id} [data-testid="upvotes"]`, '1');
		expect(await page.locator(`#idea-${idea.id} .field-error`).count()).toBe(0);
	});

	it('shows the districts and every pin when no map tile can be loaded, and says the boundaries are approximate', async () => {
		const project = await aProject(server.app);
		const { actor: bruno } = await signIn(server.app, 'bruno');
		await anIdea(server.app, bruno, project.id, { title: 'A bench at Flagey' });
		await anIdea(server.app, bruno, project.id, { title: 'A bench at the Grand-Place', location: PLACES.grandPlace });
		const page = await openPage({ tiles: 'unreachable' });
		await page.goto(`${server.url}/projects/${project.slug}`);
		await waitForMap(page);
		await page.getByText('Background map unavailable; districts and ideas are still shown.').waitFor();
		expect(await page.locator('.map').getAttribute('data-pins')).toBe('2');
		// Districts and pins are drawn whatever the tiles do.
		expect(await page.locator('.map .leaflet-overlay-pane path').count()).toBeGreaterThan(10);
		expect(await page.locator('.map .leaflet-marker-pane .pin').count()).toBe(2);
		expect(await textOf(page, '.map-frame')).toContain('District boundaries are approximate.');
	});
});
