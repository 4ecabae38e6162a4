import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { aProject, anIdea } from '../support/builders';
import { PERSONA_PASSWORD, PERSONAS, signIn } from '../support/personas';
import { startTestServer, type TestServer } from '../support/server';
import { launchBrowser, newContext, signInThroughForm, watchCsp, UI_TIMEOUT_MS, waitForLive, waitForValue } from './browser';

/** The project page catches up after every join with a delta from its render marker, never a second download. */
let server: TestServer;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
	[server, browser] = await Promise.all([startTestServer({ svelteKit: true }), launchBrowser()]);
	await signIn(server.app, 'amira');
});

afterAll(async () => {
	await context?.close();
	await browser?.close();
	await server?.close();
});

describe('catching up on the project page', () => {
	it('[V5] asks only for the changes after a join and after an unrecoverable drop: new ideas on top, newer counts, own vote', async () => {
		const project = await aProject(server.app);
		const { actor: bruno } = await signIn(server.app, 'bruno');
		const { actor: amira } = await signIn(server.app, 'amira');
		const shown = await anIdea(server.app, bruno, project.id, { title: 'Shown when the page rendered' });
		context = await newContext(browser);
		const page = await context.newPage();
		const csp = await watchCsp(page);
		const path = `/projects/${project.slug}`;
		await signInThroughForm(page, server.url, PERSONAS.amira.email, PERSONA_PASSWORD, path);
		const requests: string[] = [];
		page.on('request', (request) => {
			const url = new URL(request.url());
			// The header's bell catches up on its own after a drop (N4); this test is about the project page's list.
			if (url.origin === server.url && ['fetch', 'xhr'].includes(request.resourceType()) && url.pathname !== '/api/notifications') requests.push(url.pathname + url.search);
		});
		await page.reload();
		await waitForLive(page);
		await page.waitForFunction(() => performance.getEntriesByType('resource').some((entry) => entry.name.includes('/changes?since=')), null, {
			timeout: UI_TIMEOUT_MS
		});

		// A server-side disconnect discards the session: the page cannot recover and joins again a second later.
		server.server.realtime.io.disconnectSockets(true);
		await waitForValue(page, '[data-testid="live-state"]', 'Reconnecting…');
		await server.app.services.votes.cast(amira, { ideaId: shown.id, value: 1 });
		const missed = await anIdea(server.app, bruno, project.id, { title: 'Posted while the page was away' });
		await waitForLive(page);

		await waitForValue(page, `#idea-${shown.id} [data-testid="upvotes"]`, '1');
		await waitForValue(page, `#idea-${shown.id} .vote-up`, 'true', { attribute: 'aria-pressed' });
		// B6: the missed idea waits behind "show" rather than appearing above what is being read.
		await page.getByRole('button', { name: '1 new idea — show' }).click();
		const titles = await page.locator('[data-testid="idea"] h3').allTextContents();
		expect(titles).toEqual([missed.title, shown.title]);
		expect(requests.length).toBeGreaterThanOrEqual(2);
		for (const request of requests) expect(request).toMatch(new RegExp(`^/api/projects/${project.id}/changes\\?since=`));
		expect(csp).toEqual([]);
	});

	it('tries a failed catch-up again: a comment count that no broadcast carries still arrives', async () => {
		const project = await aProject(server.app);
		const { actor: bruno } = await signIn(server.app, 'bruno');
		const idea = await anIdea(server.app, bruno, project.id, { title: 'Commented while the node was busy' });
		const guest = await newContext(browser);
		try {
			const page = await guest.newPage();
			const csp = await watchCsp(page);
			let asked = 0;
			// The first catch-up meets an overloaded node; the page must not give up on what it missed.
			await page.route('**/changes?since=*', async (route) => {
				asked += 1;
				if (asked > 1) return route.continue();
				// Through the store, so no broadcast carries it (the comments service publishes idea:counted).
				await server.app.store.comments.insert({ id: `delta-${idea.id}`, ideaId: idea.id, authorId: bruno.userId, body: 'Only the delta says so.', createdAt: new Date().toISOString() });
				await route.fulfill({ status: 503, contentType: 'application/json', body: '{"code":"internal","message":"busy"}' });
			});
			await page.goto(`${server.url}/projects/${project.slug}`);
			await waitForLive(page);
			await page.locator(`#idea-${idea.id} .idea-meta`, { hasText: '1 comment' }).waitFor({ timeout: UI_TIMEOUT_MS });
			expect(asked).toBe(2);
			expect(csp).toEqual([]);
		} finally {
			await guest.close();
		}
	});
});
