import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server';
import { PERSONA_PASSWORD, PERSONAS, signIn, signInCitizen } from '../support/personas';
import { aProject, anIdea, PLACES } from '../support/builders';
import { expectAccessible, launchBrowser, PHONE_AXE_LOCALE, newContext, signInThroughForm, UI_TIMEOUT_MS, watchCsp } from './browser';

/**
 * The full-page maps in Chromium (issue 10), with tiles unreachable (the plain background): live ideas in cluster
 * counts and as pins, click-to-post and the refusal outside the city, filters in the URL through a reload and back,
 * the list as the keyboard's way to every idea, a phone's tap on a cluster, and axe in each language.
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

async function openPage(options: Parameters<typeof newContext>[1] = {}): Promise<Page> {
	const context = await newContext(browser, { tiles: 'unreachable', ...options });
	contexts.push(context);
	const page = await context.newPage();
	cspViolations.push(await watchCsp(page));
	return page;
}

async function waitForFullMap(page: Page): Promise<void> {
	await page.locator('[data-testid="full-map"][data-ready="true"]').waitFor({ timeout: UI_TIMEOUT_MS });
}

/** One mark the map's canvas drew, as its `data-drawn` test hook lists it (docs/TESTING.md): x and y in the map's box. */
type Drawn = { kind: 'cluster'; count: number; x: number; y: number } | { kind: 'pin'; idea: string; selected?: true; x: number; y: number };

/** What the map's canvas draws now (none before its first draw). */
async function drawn(page: Page): Promise<Drawn[]> {
	return JSON.parse((await page.getByTestId('full-map').getAttribute('data-drawn')) ?? '[]') as Drawn[];
}

/** Ideas the map draws now: every cluster's count plus every lone pin. */
async function ideasDrawn(page: Page): Promise<number> {
	return (await drawn(page)).reduce((sum, mark) => sum + (mark.kind === 'cluster' ? mark.count : 1), 0);
}

async function waitForIdeasDrawn(page: Page, expected: number): Promise<void> {
	await page.waitForFunction(
		(count) => {
			const marks = JSON.parse(document.querySelector('[data-testid="full-map"]')?.getAttribute('data-drawn') ?? '[]') as { kind: string; count?: number }[];
			return marks.reduce((sum, mark) => sum + (mark.kind === 'cluster' ? mark.count! : 1), 0) === count;
		},
		expected,
		{ timeout: UI_TIMEOUT_MS }
	);
}

/**
 * Waits until the map draws a mark that `test` accepts inside its visible box, and says where it is on the page: of
 * clusters, the largest (the one whose zoom keeps the most of the ideas in view).
 */
async function markOnPage(page: Page, test: { kind: 'cluster' } | { kind: 'pin'; idea?: string }): Promise<{ x: number; y: number }> {
	// Read in one step: a redraw after a zoom moves the marks, so a place read now and a tap computed later can miss.
	const handle = await page.waitForFunction(
		(wanted) => {
			const element = document.querySelector('[data-testid="full-map"]');
			const frame = element?.getBoundingClientRect();
			if (!element || !frame) return null;
			const marks = JSON.parse(element.getAttribute('data-drawn') ?? '[]') as { kind: string; idea?: string; count?: number; x: number; y: number }[];
			marks.sort((a, b) => (b.count ?? 0) - (a.count ?? 0));
			for (const mark of marks) {
				if (mark.kind !== wanted.kind || (wanted.idea !== undefined && mark.idea !== wanted.idea)) continue;
				const x = frame.left + mark.x;
				const y = frame.top + mark.y;
				if (mark.x > 0 && mark.x < frame.width && mark.y > 0 && mark.y < frame.height && y > 0 && y < window.innerHeight) return { x, y };
			}
			return null;
		},
		{ kind: test.kind, idea: 'idea' in test ? test.idea : undefined },
		{ timeout: UI_TIMEOUT_MS }
	);
	return (await handle.jsonValue()) as { x: number; y: number };
}

/** Clicks the middle of the map (the crosshair), where a map opened with `at` looks. */
async function clickMapCentre(page: Page): Promise<void> {
	const box = (await page.locator('[data-testid="full-map"]').boundingBox())!;
	await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

const at = (zoom: number, point: { lat: number; lng: number }) => `at=${zoom}/${point.lat}/${point.lng}`;

describe('the full-page map in a browser', () => {
	it('[M16] an idea posted by another browser with click-to-post arrives live: in a cluster count at city zoom, as a pin at street zoom', async () => {
		const project = await aProject(server.app);
		const { actor: bruno } = await signIn(server.app, 'bruno');
		for (let n = 0; n < 12; n++) {
			await anIdea(server.app, bruno, project.id, { title: `Bench number ${n + 1}`, location: { lat: PLACES.flagey.lat + n * 0.0004, lng: PLACES.flagey.lng } });
		}
		const path = `/projects/${project.slug}/map`;
		const city = await openPage();
		await city.goto(`${server.url}/en${path}?${at(12, PLACES.flagey)}`);
		await waitForFullMap(city);
		await waitForIdeasDrawn(city, 12);
		expect((await drawn(city)).some((mark) => mark.kind === 'cluster')).toBe(true);
		const street = await openPage();
		const spot = { lat: PLACES.flagey.lat - 0.003, lng: PLACES.flagey.lng + 0.003 };
		await street.goto(`${server.url}/en${path}?${at(18, spot)}`);
		await waitForFullMap(street);
		expect((await drawn(street)).filter((mark) => mark.kind === 'pin')).toEqual([]);

		const amira = await openPage({ tiles: 'blank' });
		await signInThroughForm(amira, server.url, PERSONAS.amira.email, PERSONA_PASSWORD, `/en${path}`);
		await amira.goto(`${server.url}/en${path}?${at(18, spot)}`);
		await waitForFullMap(amira);
		await clickMapCentre(amira);
		await amira.getByTestId('map-place').waitFor();
		// M20: the place's district and its numbers (mapdata's statistics: ideas, votes in favour, participants).
		const numbers = amira.getByTestId('district-numbers');
		await numbers.waitFor();
		expect(await numbers.locator('dt').allTextContents()).toEqual(['Ideas', 'Votes in favour', 'Participants']);
		await amira.getByTestId('map-post-here').click();
		const title = `Shade over Flagey ${Date.now().toString(36)}`;
		await amira.locator('#idea-title').fill(title);
		await amira.getByTestId('idea-body-editor').fill('A row of trees between the tram stop and the ponds would shade the square in summer.');
		await amira.locator('#idea-topic').selectOption('green-spaces');
		await amira.getByRole('button', { name: 'Post idea', exact: true }).click();
		await amira.getByTestId('map-card').getByRole('link', { name: title }).first().waitFor();

		const stored = (await server.app.services.ideas.list({ kind: 'guest' }, project.id)).find((idea) => idea.title === title)!;
		expect(Math.abs(stored.location.lat - spot.lat)).toBeLessThan(0.0005);
		expect(Math.abs(stored.location.lng - spot.lng)).toBeLessThan(0.0005);
		await waitForIdeasDrawn(city, 13);
		await markOnPage(street, { kind: 'pin', idea: stored.id });
		// The viewers' maps did not move, and the new idea is in their lists.
		expect(await city.getByTestId('full-map').getAttribute('data-zoom')).toBe('12');
		await street.getByTestId('map-list').getByRole('link', { name: title }).waitFor();
	});

	it('[M16] a vote in an open card counts in place, and another person’s vote updates the card without closing it', async () => {
		const project = await aProject(server.app);
		const { actor: bruno } = await signIn(server.app, 'bruno');
		const idea = await anIdea(server.app, bruno, project.id, { title: 'A water fountain at Flagey' });
		const amira = await openPage();
		await signInThroughForm(amira, server.url, PERSONAS.amira.email, PERSONA_PASSWORD, `/en/projects/${project.slug}/map`);
		await amira.goto(`${server.url}/en/projects/${project.slug}/map?${at(18, PLACES.flagey)}`);
		await waitForFullMap(amira);
		const pin = await markOnPage(amira, { kind: 'pin', idea: idea.id });
		await amira.mouse.click(pin.x, pin.y);
		const card = amira.getByTestId('map-card');
		await card.getByRole('link', { name: 'A water fountain at Flagey' }).first().waitFor();
		await card.getByRole('button', { name: 'Support' }).click();
		await card.getByRole('button', { name: 'Supported' }).waitFor();
		expect((await server.app.services.ideas.get({ kind: 'guest' }, idea.id)).upvotes).toBe(1);
		const { actor: cleo } = await signInCitizen(server.app, 1);
		await server.app.services.votes.cast(cleo, { ideaId: idea.id, value: 1 });
		await amira.waitForFunction(() => document.querySelector('[data-testid="map-card"] [data-testid="upvotes"]')?.textContent?.trim() === '2', undefined, { timeout: UI_TIMEOUT_MS });
		expect(await card.isVisible()).toBe(true);
	});

	it('[M15] a place outside the city is refused with a clear message, in the reader’s language', async () => {
		const project = await aProject(server.app);
		const page = await openPage();
		await page.goto(`${server.url}/fr/projects/${project.slug}/map?${at(13, PLACES.antwerp)}`);
		await waitForFullMap(page);
		await page.getByRole('button', { name: 'Choisir le centre de la carte' }).click();
		const refusal = page.getByTestId('map-outside');
		await refusal.waitFor();
		expect(await refusal.textContent()).toContain('Ce lieu est hors de Bruxelles');
	});

	it('[M8] [M9] [M10] the layers: support heat, district shading with its legend, and the city’s own layer, each on and off', async () => {
		const project = await aProject(server.app);
		const { actor: bruno } = await signIn(server.app, 'bruno');
		const { actor: amira } = await signIn(server.app, 'amira');
		const idea = await anIdea(server.app, bruno, project.id, { title: 'A layered idea', location: PLACES.grandPlace });
		await server.app.services.votes.cast(amira, { ideaId: idea.id, value: 1 });
		const page = await openPage();
		await page.goto(`${server.url}/fr/projects/${project.slug}/map`);
		await waitForFullMap(page);
		const layers = page.getByTestId('map-layers');

		await layers.getByLabel('Carte de chaleur du soutien').check();
		await page.locator('.leaflet-overlay-pane canvas').first().waitFor();
		await layers.getByLabel('Participation par commune').check();
		await page.getByTestId('shading-legend').waitFor();

		// The demo city's planned works, named in French, drawn dashed; unticked, they leave the map.
		const works = page.locator('.leaflet-overlay-pane path[stroke="#6d28d9"]');
		await layers.getByLabel('Travaux prévus (démo)').check();
		await works.first().waitFor();
		await layers.getByText('Source : Made-up demo data', { exact: false }).waitFor();
		await expectAccessible(page, 'the project map with every layer on');
		await layers.getByLabel('Travaux prévus (démo)').uncheck();
		await expect.poll(() => works.count(), { timeout: UI_TIMEOUT_MS }).toBe(0);
		await layers.getByLabel('Participation par commune').uncheck();
		await page.getByTestId('shading-legend').waitFor({ state: 'detached' });
	});

	it('[M13] filters live in the URL with the board’s names, survive a reload, and back returns to the earlier view', async () => {
		const project = await aProject(server.app);
		const { actor: bruno } = await signIn(server.app, 'bruno');
		await anIdea(server.app, bruno, project.id, { title: 'Bike racks at the station', topic: 'mobility' });
		await anIdea(server.app, bruno, project.id, { title: 'More trees in the park', topic: 'green-spaces' });
		const page = await openPage();
		await page.goto(`${server.url}/en/projects/${project.slug}/map`);
		await waitForFullMap(page);
		await waitForIdeasDrawn(page, 2);
		await page.locator('#map-topic').selectOption('mobility');
		await page.waitForURL((url) => url.searchParams.get('topic') === 'mobility');
		await waitForIdeasDrawn(page, 1);
		const listTitles = () => page.locator('[data-testid="map-list-idea"] a.title').allTextContents();
		expect(await listTitles()).toEqual(['Bike racks at the station']);

		await page.reload();
		await waitForFullMap(page);
		expect(await page.locator('#map-topic').inputValue()).toBe('mobility');
		expect(await listTitles()).toEqual(['Bike racks at the station']);
		await waitForIdeasDrawn(page, 1);
		expect(await ideasDrawn(page)).toBe(1);

		await page.goBack();
		await page.waitForURL((url) => !url.searchParams.has('topic'));
		await waitForIdeasDrawn(page, 2);
		expect((await listTitles()).sort()).toEqual(['Bike racks at the station', 'More trees in the park']);
	});

	it('[M13] a keyboard-only reader reaches every idea through the list, and without JavaScript the list is all there', async () => {
		const project = await aProject(server.app);
		const { actor: bruno } = await signIn(server.app, 'bruno');
		const titles: string[] = [];
		for (let n = 0; n < 6; n++) {
			titles.push((await anIdea(server.app, bruno, project.id, { title: `Keyboard idea ${n + 1}`, location: { lat: PLACES.grandPlace.lat + n * 0.001, lng: PLACES.grandPlace.lng } })).title);
		}
		const page = await openPage();
		await page.goto(`${server.url}/en/projects/${project.slug}/map`);
		await waitForFullMap(page);
		const reached = new Set<string>();
		for (let presses = 0; presses < 120 && reached.size < titles.length; presses++) {
			await page.keyboard.press('Tab');
			const focused = await page.evaluate(() => (document.activeElement?.matches('[data-testid="map-list-idea"] a.title') ? document.activeElement.textContent : null));
			if (focused) reached.add(focused);
		}
		expect([...reached].sort()).toEqual([...titles].sort());

		const plain = await openPage({ javaScriptEnabled: false });
		await plain.goto(`${server.url}/en/projects/${project.slug}/map?topic=green-spaces`);
		expect((await plain.locator('[data-testid="map-list-idea"] a.title').allTextContents()).sort()).toEqual([...titles].sort());
		expect(await plain.locator('#map-topic').inputValue()).toBe('green-spaces');
	});

	it('[M17] on a phone, a tap on a cluster zooms in to where it falls apart', async () => {
		const project = await aProject(server.app);
		const { actor: bruno } = await signIn(server.app, 'bruno');
		for (let n = 0; n < 8; n++) {
			await anIdea(server.app, bruno, project.id, { title: `Phone idea ${n + 1}`, location: { lat: PLACES.grandPlace.lat + n * 0.0005, lng: PLACES.grandPlace.lng } });
		}
		const phone = await openPage({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
		await phone.goto(`${server.url}/en/projects/${project.slug}/map?${at(12, PLACES.grandPlace)}`);
		await waitForFullMap(phone);
		await phone.getByTestId('full-map').scrollIntoViewIfNeeded();
		const pins = async () => (await drawn(phone)).filter((mark) => mark.kind === 'pin').length;
		// Each tap goes to the zoom where that cluster falls apart, until its ideas stand as pins. The first lands 20 px
		// from the cluster's middle, past its 36 px disc: the tap target is 44 px across (WCAG 2.5.5).
		let zoom = 12;
		for (let taps = 0; taps < 6 && (await pins()) === 0; taps++) {
			const centre = await markOnPage(phone, { kind: 'cluster' });
			const before = await phone.getByTestId('full-map').getAttribute('data-drawn');
			await phone.touchscreen.tap(centre.x + (taps === 0 ? 20 : 0), centre.y);
			await phone.waitForFunction((before) => Number(document.querySelector('[data-testid="full-map"]')?.getAttribute('data-zoom')) > before, zoom, { timeout: UI_TIMEOUT_MS });
			zoom = Number(await phone.getByTestId('full-map').getAttribute('data-zoom'));
			// Redrawn for the new view (centred on that cluster, some of the 8 may now lie past the answer's box).
			await phone.waitForFunction((old) => document.querySelector('[data-testid="full-map"]')?.getAttribute('data-drawn') !== old, before, { timeout: UI_TIMEOUT_MS });
			await phone.waitForTimeout(300);
		}
		await markOnPage(phone, { kind: 'pin' });
	});

	it('[M13] the project map and the all-projects map pass axe in English, French and Dutch on a desktop, and on a phone', { timeout: 240_000 }, async () => {
		const project = await aProject(server.app);
		const { actor: bruno } = await signIn(server.app, 'bruno');
		await anIdea(server.app, bruno, project.id, { title: 'Axe idea' });
		for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
			const page = await openPage({ viewport });
			for (const locale of viewport.width < 600 ? [PHONE_AXE_LOCALE] : ['en', 'fr', 'nl']) {
				for (const path of [`/projects/${project.slug}/map`, '/map']) {
					await page.goto(`${server.url}/${locale}${path}`);
					await waitForFullMap(page);
					await page.waitForFunction(() => (document.querySelector('[data-testid="full-map"]')?.getAttribute('data-drawn') ?? '[]') !== '[]', undefined, { timeout: UI_TIMEOUT_MS });
					await expectAccessible(page, `${locale}${path} at ${viewport.width} px`);
					if (viewport.width < 600) {
						// On a phone the selects fold behind one button, so most of the first screen is map.
						const toggle = page.getByTestId('map-filters-toggle');
						expect(await page.locator('#map-topic').isVisible()).toBe(false);
						expect(await page.getByTestId('full-map').evaluate((element) => Math.round(element.getBoundingClientRect().top + window.scrollY)), `${locale}${path}: where the map starts (at least 300 px of it on the first screen)`).toBeLessThan(viewport.height - 300);
						await toggle.click();
						await page.locator('#map-topic').waitFor();
						expect(await toggle.getAttribute('aria-expanded')).toBe('true');
					}
				}
			}
		}
	});
});
