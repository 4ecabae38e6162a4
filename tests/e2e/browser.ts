import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

/** Debian's Chromium, never a downloaded one (`playwright install` is not used here). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

/** How long a UI expectation may take before the test fails (live updates normally arrive in milliseconds). */
export const UI_TIMEOUT_MS = 10_000;

/** A 1×1 transparent PNG, served in place of every map tile (the internet is not reachable from the tests). */
const TRANSPARENT_PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
	'base64'
);

export function launchBrowser(): Promise<Browser> {
	return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * A fresh context (its own cookies: one person) whose only mock is the outside world: any request that does not go
 * to the local test server (map tiles from tile.openstreetmap.org) gets a transparent PNG, so nothing waits on
 * the network.
 */
export async function newContext(
	browser: Browser,
	options: BrowserContextOptions & { tiles?: 'blank' | 'unreachable' } = {}
): Promise<BrowserContext> {
	const { tiles = 'blank', ...contextOptions } = options;
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...contextOptions });
	context.setDefaultTimeout(UI_TIMEOUT_MS);
	await context.route(
		(url) => url.hostname !== '127.0.0.1' && url.hostname !== 'localhost',
		(route) =>
			tiles === 'unreachable'
				? route.abort('internetdisconnected')
				: route.fulfill({ status: 200, contentType: 'image/png', body: TRANSPARENT_PNG })
	);
	return context;
}

/** Fills and submits the /signin form the page is on (works with and without JavaScript: the form posts either way). */
export async function submitSignInForm(page: Page, email: string, password: string): Promise<void> {
	await page.locator('#email').fill(email);
	await page.locator('#password').fill(password);
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Signs in through the real /signin form, like a person would, and waits until the redirect lands on `returnTo`. */
export async function signInThroughForm(page: Page, baseUrl: string, email: string, password: string, returnTo: string): Promise<void> {
	// Typing before the page has hydrated races Svelte taking over the inputs: wait until its scripts have loaded.
	await page.goto(`${baseUrl}/signin?returnTo=${encodeURIComponent(returnTo)}`, { waitUntil: 'networkidle' });
	await Promise.all([
		page.waitForURL((url) => withoutLocale(url.pathname) === withoutLocale(returnTo), { timeout: UI_TIMEOUT_MS }),
		submitSignInForm(page, email, password)
	]);
}

/** A path without its language prefix (`/fr/projects/x` → `/projects/x`). */
export function withoutLocale(path: string): string {
	return path.replace(/^\/(en|fr|nl)(?=\/|$)/, '') || '/';
}

/** Waits for the project page's connection badge to read "Live" (the page has joined the project's room). */
export async function waitForLive(page: Page): Promise<void> {
	await waitForValue(page, '[data-testid="live-state"]', 'Live');
}

/** Waits until the Leaflet map is up (CityMap sets data-ready once Leaflet has fitted the city). */
export async function waitForMap(page: Page): Promise<void> {
	await page.locator('.map[data-ready="true"]').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
}

/**
 * The viewport pixel of a point on the Leaflet map. Leaflet's map object is not reachable from the page, but its
 * tiles are: each <img> names its z/x/y in its URL and sits where Leaflet placed it, so the Web Mercator position
 * of the point inside the tile that holds it gives the pixel, at whatever (fractional) zoom the map was fitted to.
 * Waits until that tile has loaded (the tiles are the transparent PNGs of `newContext`).
 */
export async function pixelOf(page: Page, point: { lat: number; lng: number }): Promise<{ x: number; y: number }> {
	const handle = await page.waitForFunction(
		({ lat, lng }) => {
			const worldX = (lng + 180) / 360;
			const radians = (lat * Math.PI) / 180;
			const worldY = (1 - Math.log(Math.tan(radians) + 1 / Math.cos(radians)) / Math.PI) / 2;
			let best: { z: number; x: number; y: number } | null = null;
			for (const tile of Array.from(document.querySelectorAll<HTMLImageElement>('.map img.leaflet-tile.leaflet-tile-loaded'))) {
				const match = /\/(\d+)\/(\d+)\/(\d+)(?:@2x)?\.\w+(?:\?.*)?$/.exec(tile.src);
				if (!match) continue;
				const [z, x, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
				const tileX = worldX * 2 ** z;
				const tileY = worldY * 2 ** z;
				if (Math.floor(tileX) !== x || Math.floor(tileY) !== y || (best && best.z >= z)) continue;
				const rect = tile.getBoundingClientRect();
				best = { z, x: rect.left + (tileX - x) * rect.width, y: rect.top + (tileY - y) * rect.height };
			}
			return best && { x: best.x, y: best.y };
		},
		point,
		{ timeout: UI_TIMEOUT_MS }
	);
	return (await handle.jsonValue()) as { x: number; y: number };
}

/** Whitespace-normalised text, e.g. "▲ 1". */
export function normalise(text: string | null | undefined): string {
	return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** The whitespace-normalised text of the first element matching `selector`. */
export async function textOf(page: Page, selector: string): Promise<string> {
	return normalise(await page.locator(selector).first().textContent({ timeout: UI_TIMEOUT_MS }));
}

/**
 * Waits (Playwright polls on animation frames: no sleeps) until the first element matching `selector` has the
 * whitespace-normalised text `expected`, or its attribute `attribute` equals `expected`. Fails with the last value seen.
 */
export async function waitForValue(
	page: Page,
	selector: string,
	expected: string,
	options: { attribute?: string; timeoutMs?: number } = {}
): Promise<void> {
	const read = ({ selector, attribute }: { selector: string; attribute: string | null }) => {
		const element = document.querySelector(selector);
		if (!element) return null;
		const raw = attribute === null ? element.textContent : element.getAttribute(attribute);
		return (raw ?? '').replace(/\s+/g, ' ').trim();
	};
	const arg = { selector, attribute: options.attribute ?? null, expected };
	try {
		await page.waitForFunction(
			(a) => {
				const element = document.querySelector(a.selector);
				if (!element) return false;
				const raw = a.attribute === null ? element.textContent : element.getAttribute(a.attribute);
				return (raw ?? '').replace(/\s+/g, ' ').trim() === a.expected;
			},
			arg,
			{ timeout: options.timeoutMs ?? UI_TIMEOUT_MS }
		);
	} catch (error) {
		const last = await page.evaluate(read, arg).catch(() => '(page unavailable)');
		const what = options.attribute ? `${selector}[${options.attribute}]` : selector;
		throw new Error(`${what}: expected ${JSON.stringify(expected)}, still ${JSON.stringify(last)}`, { cause: error });
	}
}

/**
 * The accessibility check every page test runs (axe, WCAG 2.2 A/AA rules): fails with the serious and critical
 * violations, each with the elements it found them on, so the message says what to fix.
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
	const { default: AxeBuilder } = await import('@axe-core/playwright');
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
	const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
	const report = serious.map((violation) => `${violation.id} (${violation.impact}): ${violation.help}\n    ${violation.nodes.slice(0, 5).map((node) => node.target.join(' ')).join('\n    ')}`);
	if (report.length > 0) throw new Error(`${what}: ${report.length} serious or critical accessibility violations\n  ${report.join('\n  ')}`);
}

/**
 * Saves a screenshot under test-results/ when `E2E_SCREENSHOTS=1`: for a person to look at the pages in every language
 * and size (docs/TESTING.md). The suite itself asserts on the DOM, so a normal run skips the cost.
 */
export async function keepScreenshot(page: Page, name: string, fullPage = true): Promise<void> {
	if (process.env.E2E_SCREENSHOTS === '1') await page.screenshot({ path: `test-results/${name}.png`, fullPage });
}

/**
 * Where an axe pass at phone width is worth its time: the desktop pass checks every language; at phone width the
 * DOM is the same and only its layout changes, so one language (French, the longest words) is checked there.
 */
export const PHONE_AXE_LOCALE = 'fr';

/**
 * Collects every Content-Security-Policy violation of a page, across its navigations: the console errors Chromium
 * prints and the `securitypolicyviolation` events the document fires. Tests assert the list stays empty.
 */
export async function watchCsp(page: Page): Promise<string[]> {
	const violations: string[] = [];
	page.on('console', (message) => {
		if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) violations.push(message.text());
	});
	await page.exposeFunction('agoraCspViolation', (report: string) => violations.push(report));
	await page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (event) => {
			const report = (window as unknown as { agoraCspViolation(report: string): void }).agoraCspViolation;
			report(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`);
		});
	});
	return violations;
}
