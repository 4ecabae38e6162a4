/**
 * The full-page map in headless Chromium at city scale: 100,000 ideas over Brussels (SQLite file, the production
 * build), then the project map page: time to first render (navigation start to the first cluster drawn), and the
 * frame times (requestAnimationFrame deltas) while dragging the map around and while zooming in and out with the
 * wheel at city, district and street zoom, with the GeoJSON fetches, 304s and redraws that those moves cause.
 * Goal (issue 10): no frame over 50 ms while panning. Tiles are stubbed with a transparent PNG. Beside the frames, the
 * renderer's main-thread work for each move (Chromium's own counters, CDP `Performance.getMetrics`): on a shared
 * machine frame counts swing with the load, the work done much less.
 * `npm run bench:map:browser` (BENCH_IDEAS=20000 for a quicker run). Figures go to docs/BENCHMARKS.md.
 */
import type { CDPSession, Page } from 'playwright-core';
import { databaseLocationOf } from '../../src/lib/server/app';
import { openDatabase } from '../../src/lib/server/storage/db';
import { seededRandom } from '../../src/lib/server/demo/seeded-random';
import { aProject } from '../../tests/support/builders';
import { signIn } from '../../tests/support/personas';
import { startTestServer } from '../../tests/support/server';
import { launchBrowser, newContext } from '../../tests/e2e/browser';

const IDEAS = Number(process.env.BENCH_IDEAS ?? 100_000);
const CITY_BOX = { west: 4.25, south: 50.77, east: 4.47, north: 50.91 };
const CENTRE = { lat: 50.8466, lng: 4.3528 };
const VIEWS = { city: 12, district: 15, street: 18 } as const;

/** The map once its canvas has drawn a cluster (the test hook `data-drawn`, docs/TESTING.md). */
const FIRST_CLUSTER = '[data-testid="full-map"][data-drawn*="cluster"]';

const percentile = (values: number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

/**
 * Records every frame's delta while `agoraBench.recording` is on, and when the map's canvas first drew a cluster (its
 * `data-drawn` test hook, set right after each draw). A string, not a function: tsx would wrap a function's inner
 * functions in helpers the page does not have. It goes in as an init script through the DevTools protocol, which the
 * page's CSP does not govern; the page itself runs no script of ours.
 */
const INSTRUMENT = `(() => {
	const bench = { recording: false, frames: [], firstMarker: 0 };
	window.agoraBench = bench;
	let last = 0;
	const frame = (now) => {
		if (bench.recording && last > 0) bench.frames.push(now - last);
		last = now;
		requestAnimationFrame(frame);
	};
	requestAnimationFrame(frame);
	new MutationObserver((_, observer) => {
		if (document.querySelector('[data-testid="full-map"][data-drawn*="cluster"]')) {
			bench.firstMarker = performance.now();
			observer.disconnect();
		}
	}).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-drawn'] });
})();`;

/** Chromium's cumulative main-thread times, in ms. */
async function counters(cdp: CDPSession): Promise<Record<string, number>> {
	const { metrics } = await cdp.send('Performance.getMetrics');
	return Object.fromEntries(metrics.map((entry) => [entry.name, entry.value * 1000]));
}

async function recorded(page: Page, cdp: CDPSession, work: () => Promise<void>): Promise<{ frames: number[]; work: string }> {
	const before = await counters(cdp);
	await page.evaluate('window.agoraBench.frames = []; window.agoraBench.recording = true;');
	await work();
	const frames = (await page.evaluate('window.agoraBench.recording = false; window.agoraBench.frames')) as number[];
	const after = await counters(cdp);
	const spent = (name: string) => (after[name]! - before[name]!).toFixed(0);
	return { frames, work: `main thread ${spent('TaskDuration')} ms (script ${spent('ScriptDuration')}, layout ${spent('LayoutDuration')}, style ${spent('RecalcStyleDuration')})` };
}

async function pan(page: Page, centre: { x: number; y: number }) {
	const random = seededRandom(5);
	for (let drag = 0; drag < 8; drag++) {
		const dx = (random() - 0.5) * 500;
		const dy = (random() - 0.5) * 360;
		await page.mouse.move(centre.x, centre.y);
		await page.mouse.down();
		await page.mouse.move(centre.x + dx, centre.y + dy, { steps: 30 });
		await page.mouse.up();
		await page.waitForTimeout(250);
	}
}

async function zoomInOut(page: Page, centre: { x: number; y: number }) {
	await page.mouse.move(centre.x, centre.y);
	for (let step = 0; step < 4; step++) {
		await page.mouse.wheel(0, -240);
		await page.waitForTimeout(400);
	}
	for (let step = 0; step < 4; step++) {
		await page.mouse.wheel(0, 240);
		await page.waitForTimeout(400);
	}
}

function describe(frames: number[]): string {
	const over = frames.filter((delta) => delta > 50).length;
	return `${String(frames.length).padStart(6)} frames  p50 ${percentile(frames, 50).toFixed(1).padStart(5)}  p95 ${percentile(frames, 95).toFixed(1).padStart(5)}  p99 ${percentile(frames, 99).toFixed(1).padStart(6)}  max ${Math.max(...frames).toFixed(1).padStart(6)} ms  over 50 ms: ${over}`;
}

const server = await startTestServer({ svelteKit: true, unlimited: true });
const browser = await launchBrowser();
try {
	const project = await aProject(server.app, { slug: 'map-browser-bench' });
	const { actor } = await signIn(server.app, 'amira');
	const { topics, districts } = await server.app.services.city.get();
	const { db } = openDatabase(databaseLocationOf(server.app.config));
	const random = seededRandom(7);
	const started = Date.now();
	for (let start = 0; start < IDEAS; start += 500) {
		const rows = [];
		for (let index = start; index < Math.min(IDEAS, start + 500); index += 1) {
			// Denser in the centre, as a city's ideas are: the mean of two uniform draws.
			const lat = CITY_BOX.south + ((random() + random()) / 2) * (CITY_BOX.north - CITY_BOX.south);
			const lng = CITY_BOX.west + ((random() + random()) / 2) * (CITY_BOX.east - CITY_BOX.west);
			const time = new Date(Date.parse('2026-01-01T00:00:00Z') + index * 1000).toISOString();
			rows.push({
				id: `bench-${index}`,
				project_id: project.id,
				author_id: actor.userId,
				title: `Idea ${index}`,
				body: 'A generated idea for the map benchmark.',
				body_text: 'A generated idea for the map benchmark.',
				topic_id: topics[index % topics.length]!.id,
				district_id: districts[index % districts.length]!.id,
				lat,
				lng,
				status: 'proposed',
				upvotes: Math.floor(random() * 40),
				created_at: time,
				changed_at: time
			});
		}
		await db.insertInto('ideas').values(rows).execute();
	}
	await db.destroy();
	console.log(`generated ${IDEAS.toLocaleString('en')} ideas in ${((Date.now() - started) / 1000).toFixed(1)} s`);

	const context = await newContext(browser, { viewport: { width: 1280, height: 900 } });
	await context.addInitScript({ content: INSTRUMENT });
	const page = await context.newPage();
	const cdp = await context.newCDPSession(page);
	await cdp.send('Performance.enable');
	const url = (zoom: number) => `${server.url}/en/projects/${project.slug}/map?at=${zoom}/${CENTRE.lat}/${CENTRE.lng}`;
	// The first visit builds the server's clustered index; the figures are for a visitor after that.
	await page.goto(url(VIEWS.city));
	await page.locator(FIRST_CLUSTER).waitFor({ timeout: 60_000 });
	console.log('\ntime to first render (navigation start → first cluster drawn), city zoom, 5 visits:');
	const firsts: number[] = [];
	for (let visit = 0; visit < 5; visit++) {
		await page.goto(url(VIEWS.city));
		await page.locator(FIRST_CLUSTER).waitFor({ timeout: 60_000 });
		firsts.push((await page.evaluate('window.agoraBench.firstMarker')) as number);
	}
	console.log(`  p50 ${percentile(firsts, 50).toFixed(0)} ms, max ${Math.max(...firsts).toFixed(0)} ms`);

	console.log('\nframe times (requestAnimationFrame deltas):');
	for (const [name, zoom] of Object.entries(VIEWS)) {
		await page.goto(url(zoom));
		await page.locator('[data-testid="full-map"][data-ready="true"]').waitFor();
		await page.waitForTimeout(800);
		const box = (await page.getByTestId('full-map').boundingBox())!;
		const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
		const markers = (JSON.parse((await page.getByTestId('full-map').getAttribute('data-drawn')) ?? '[]') as unknown[]).length;
		console.log(`  ${name} (zoom ${zoom}, ${markers} marks drawn at rest)`);
		const panning = await recorded(page, cdp, () => pan(page, centre));
		console.log(`    panning  ${describe(panning.frames)}  ${panning.work}`);
		const zooming = await recorded(page, cdp, () => zoomInOut(page, centre));
		console.log(`    zooming  ${describe(zooming.frames)}  ${zooming.work}`);
	}
	await context.close();
} finally {
	await browser.close();
	await server.close();
}
