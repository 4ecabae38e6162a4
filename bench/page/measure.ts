import { gzipSync } from 'node:zlib';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { newContext, signInThroughForm, waitForLive } from '../../tests/e2e/browser';

/** What the bench sorts every response into; Chromium's resource types beyond these count as `other`. */
export const KINDS = ['document', 'script', 'stylesheet', 'fetch', 'other'] as const;
export type Kind = (typeof KINDS)[number];

export interface Transfer {
	/** Bytes on the wire, headers included (Chromium's encodedDataLength). */
	readonly wire: number;
	/** Bytes of the bodies once decoded. */
	readonly decoded: number;
	/** The decoded bodies gzipped here at level 6, whatever the server sent: the yardstick of the JS budget. */
	readonly gzip: number;
	readonly requests: number;
}

export interface PageLoad {
	readonly transfers: Readonly<Record<Kind, Transfer>>;
	readonly domContentLoadedMs: number;
	readonly lcpMs: number;
	/** Ideas shown after the first render. */
	readonly ideasShown: number;
	/** Of those, how many arrived again in a later fetch/XHR response (0 when nothing re-downloads the list). */
	readonly ideasDownloadedAgain: number;
	/** The document's Content-Encoding ('identity' when none). */
	readonly documentEncoding: string;
}

/** After the page is live, measuring stops once no request has been in flight for this long (or at the timeout). */
const QUIET_MS = 1_500;
const SETTLE_TIMEOUT_MS = 15_000;

interface Seen {
	kind: Kind;
	url: string;
	encoding: string;
	wire: number;
	decoded: number;
	done: boolean;
}

function kindOf(type: string): Kind {
	switch (type) {
		case 'Document':
			return 'document';
		case 'Script':
			return 'script';
		case 'Stylesheet':
			return 'stylesheet';
		case 'Fetch':
		case 'XHR':
			return 'fetch';
		default:
			return 'other';
	}
}

/** Records every response from the app's origin through the DevTools protocol (map tiles are stubbed and left out). */
function record(cdp: CDPSession, origin: string) {
	const seen = new Map<string, Seen>();
	const inFlight = new Set<string>();
	let lastActivity = Date.now();
	const settled = (requestId: string) => {
		inFlight.delete(requestId);
		lastActivity = Date.now();
	};
	cdp.on('Network.requestWillBeSent', ({ requestId }) => {
		inFlight.add(requestId);
		lastActivity = Date.now();
	});
	cdp.on('Network.loadingFailed', ({ requestId }) => settled(requestId));
	cdp.on('Network.responseReceived', ({ requestId, type, response }) => {
		lastActivity = Date.now();
		if (new URL(response.url).origin !== origin) return;
		const headers = Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name.toLowerCase(), String(value)]));
		seen.set(requestId, { kind: kindOf(type), url: response.url, encoding: headers['content-encoding'] ?? 'identity', wire: 0, decoded: 0, done: false });
	});
	cdp.on('Network.dataReceived', ({ requestId, dataLength }) => {
		lastActivity = Date.now();
		const entry = seen.get(requestId);
		if (entry) entry.decoded += dataLength;
	});
	cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
		settled(requestId);
		const entry = seen.get(requestId);
		if (entry) Object.assign(entry, { wire: encodedDataLength, done: true });
	});
	return { seen, quietFor: () => (inFlight.size > 0 ? 0 : Date.now() - lastActivity) };
}

async function bodyOf(cdp: CDPSession, requestId: string): Promise<Buffer> {
	const { body, base64Encoded } = await cdp.send('Network.getResponseBody', { requestId });
	return Buffer.from(body, base64Encoded ? 'base64' : 'utf8');
}

async function settle(page: Page, quietFor: () => number): Promise<void> {
	const deadline = Date.now() + SETTLE_TIMEOUT_MS;
	while (quietFor() < QUIET_MS && Date.now() < deadline) await page.waitForTimeout(100);
}

/**
 * One cold load of the project page in a fresh context (empty cache, own cookies): as a guest, or signed in
 * first through the real form (that load is not measured). Waits until the page is live and the network is quiet.
 */
export async function loadProjectPage(
	browser: Browser,
	baseUrl: string,
	path: string,
	signIn: { email: string; password: string } | null
): Promise<PageLoad> {
	const context = await newContext(browser);
	try {
		await context.addInitScript(() => {
			const slot = window as unknown as { __lcp: number };
			slot.__lcp = 0;
			new PerformanceObserver((list) => {
				for (const entry of list.getEntries()) slot.__lcp = entry.startTime;
			}).observe({ type: 'largest-contentful-paint', buffered: true });
		});
		const page = await context.newPage();
		if (signIn) {
			await signInThroughForm(page, baseUrl, signIn.email, signIn.password, path);
			// The sign-in redirect already loaded the project page: measure a fresh load in a new tab with a cold cache.
			await page.close();
		}
		const measured = await context.newPage();
		const cdp = await context.newCDPSession(measured);
		await cdp.send('Network.enable');
		await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
		const recording = record(cdp, new URL(baseUrl).origin);
		await measured.goto(`${baseUrl}${path}`, { waitUntil: 'load' });
		await waitForLive(measured);
		await settle(measured, recording.quietFor);

		const { domContentLoadedMs, lcpMs, ideaIds } = await measured.evaluate(() => {
			const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
			return {
				domContentLoadedMs: navigation?.domContentLoadedEventEnd ?? Number.NaN,
				lcpMs: (window as unknown as { __lcp: number }).__lcp,
				ideaIds: Array.from(document.querySelectorAll('[data-testid="idea"]'), (element) => element.id.replace(/^idea-/, ''))
			};
		});

		const transfers = Object.fromEntries(KINDS.map((kind) => [kind, { wire: 0, decoded: 0, gzip: 0, requests: 0 }])) as Record<Kind, Transfer>;
		let ideasDownloadedAgain = 0;
		let documentEncoding = 'identity';
		for (const [requestId, entry] of recording.seen) {
			if (!entry.done) continue;
			const body = await bodyOf(cdp, requestId).catch(() => Buffer.alloc(0));
			const total = transfers[entry.kind];
			transfers[entry.kind] = {
				wire: total.wire + entry.wire,
				decoded: total.decoded + Math.max(entry.decoded, body.length),
				gzip: total.gzip + (body.length > 0 ? gzipSync(body, { level: 6 }).length : 0),
				requests: total.requests + 1
			};
			if (entry.kind === 'document') documentEncoding = entry.encoding;
			if (entry.kind === 'fetch') {
				const text = body.toString('utf8');
				ideasDownloadedAgain += ideaIds.filter((id) => text.includes(`"${id}"`)).length;
			}
		}
		return { transfers, domContentLoadedMs, lcpMs, ideasShown: ideaIds.length, ideasDownloadedAgain, documentEncoding };
	} finally {
		await context.close();
	}
}
