import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Project } from '../../src/lib/domain/projects';
import { startTestServer, type TestServer } from '../support/server';
import { PERSONA_PASSWORD, PERSONAS, signIn, signInCitizen, type SignedInPersona } from '../support/personas';
import { aProject, anIdea } from '../support/builders';
import { expectAccessible, keepScreenshot, launchBrowser, newContext, PHONE_AXE_LOCALE, signInThroughForm, UI_TIMEOUT_MS, waitForValue } from './browser';

/**
 * Rewards in a browser (PT2, PT12, BG8, LB1–LB9): axe on every rewards page in three languages and at phone width,
 * the badge toast when a first idea is posted, an opt-out leaving a watched board at once, and the settings form
 * without JavaScript.
 */
let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let project: Project;
const people = {} as Record<'amira' | 'bruno' | 'max' | 'ada', SignedInPersona>;

beforeAll(async () => {
	[server, browser] = await Promise.all([startTestServer({ svelteKit: true, unlimited: true }), launchBrowser()]);
	for (const name of ['amira', 'bruno', 'max', 'ada'] as const) people[name] = await signIn(server.app, name);
	project = await aProject(server.app);
	// A history with every kind of line: awards, a repeat comment, a hidden idea's reversal.
	const shade = await anIdea(server.app, people.amira.actor, project.id, { title: 'Shade trees on the square' });
	const benches = await anIdea(server.app, people.amira.actor, project.id, { title: 'Benches by the canal' });
	await server.app.services.votes.cast(people.bruno.actor, { ideaId: shade.id, value: 1 });
	await server.app.services.votes.cast(people.max.actor, { ideaId: shade.id, value: 1 });
	await server.app.services.comments.add(people.amira.actor, { ideaId: shade.id, body: 'Lime trees would smell lovely in June.' });
	await server.app.services.comments.add(people.amira.actor, { ideaId: shade.id, body: 'And they grow fast enough.' });
	// The ledger has heard the idea before it is hidden, so the history shows the points given and taken back.
	await server.app.services.points.settled();
	await server.app.services.moderation.hide(people.max.actor, { targetKind: 'idea', targetId: benches.id, reason: 'off_topic' });
	await server.app.services.points.settled();
}, 120_000);

afterAll(async () => {
	await Promise.allSettled(contexts.map((context) => context.close()));
	await browser?.close();
	await server?.close();
});

async function openPage(options: Parameters<typeof newContext>[1] = {}): Promise<Page> {
	const context = await newContext(browser, options);
	contexts.push(context);
	return context.newPage();
}

async function signedIn(name: keyof typeof PERSONAS, returnTo: string, options: Parameters<typeof newContext>[1] = {}): Promise<Page> {
	const page = await openPage(options);
	await signInThroughForm(page, server.url, PERSONAS[name].email, PERSONA_PASSWORD, returnTo);
	return page;
}

describe('rewards in a browser', () => {
	it('every rewards page passes axe in three languages and at phone width', async () => {
		const admin = await signedIn('ada', '/admin/points');
		const citizen = await signedIn('amira', '/settings/rewards');
		const PAGES: { path: string; page: Page; name: string }[] = [
			{ path: '/points', page: citizen, name: 'points' },
			{ path: `/people/${people.amira.actor.userId}`, page: citizen, name: 'profile' },
			{ path: '/settings/rewards', page: citizen, name: 'settings' },
			{ path: '/admin/points', page: admin, name: 'admin-points' },
			{ path: '/leaderboard', page: citizen, name: 'leaderboard' },
			{ path: `/leaderboard?board=project:${project.id}`, page: admin, name: 'leaderboard-project' }
		];
		for (const { path, page, name } of PAGES) {
			for (const locale of ['en', 'fr', 'nl']) {
				await page.setViewportSize({ width: 1280, height: 900 });
				await page.goto(`${server.url}/${locale}${path}`, { waitUntil: 'networkidle' });
				await expectAccessible(page, `${name} (${locale})`);
				await keepScreenshot(page, `rewards-${name}-${locale}-desktop`);
				await page.setViewportSize({ width: 390, height: 844 });
				if (locale === PHONE_AXE_LOCALE) await expectAccessible(page, `${name} (${locale}, phone)`);
				expect.soft(await page.evaluate(() => document.documentElement.scrollWidth), `${name} (${locale}) is wider than a phone`).toBeLessThanOrEqual(390);
				await keepScreenshot(page, `rewards-${name}-${locale}-phone`);
			}
		}
	}, 240_000);

	it('[BG8] a first idea brings its author a badge toast, once, and their points in the menu move', async () => {
		const { actor: fresh } = await signInCitizen(server.app, 40);
		const page = await openPage();
		await signInThroughForm(page, server.url, 'citizen40@crowd.example', PERSONA_PASSWORD, '/leaderboard');
		await page.locator('[data-testid="own-points"]').waitFor();
		await waitForValue(page, '[data-testid="own-points"]', '0 points');
		await anIdea(server.app, fresh, project.id, { title: 'A water fountain in the park' });
		await page.locator('.toast', { hasText: 'New badge: Ideas, level 1' }).waitFor({ timeout: UI_TIMEOUT_MS });
		await waitForValue(page, '[data-testid="own-points"]', '5 points');
		expect(await page.locator('.toaster[aria-live="polite"] .toast', { hasText: 'New badge' }).count()).toBe(1);
		await keepScreenshot(page, 'rewards-badge-toast', false);
	});

	it('[LB9] a citizen’s rank changes live in another browser as votes reach their idea', async () => {
		const climber = await signInCitizen(server.app, 41);
		await anIdea(server.app, climber.actor, project.id, { title: 'A bike repair stand at the station' });
		await server.app.services.points.settled();
		const watcher = await openPage();
		await watcher.goto(`${server.url}/en/leaderboard?board=${encodeURIComponent(`project:${project.id}`)}`, { waitUntil: 'networkidle' });
		const rankOf = (userId: string) => watcher.locator(`[data-testid="leaderboard"] tr[data-user="${userId}"] td.rank`);
		const amiraRank = Number(await rankOf(people.amira.actor.userId).textContent());
		expect(Number(await rankOf(climber.actor.userId).textContent())).toBeGreaterThan(amiraRank);
		// PT5: voters older than the idea; enough upvotes to pass amira.
		const voters = [people.bruno, people.max, people.ada];
		for (let index = 0; index < 12; index += 1) voters.push(await signInCitizen(server.app, 100 + index));
		const freshIdea = await anIdea(server.app, climber.actor, project.id, { title: 'Covered bike parking at the station' });
		for (const voter of voters) await server.app.services.votes.cast(voter.actor, { ideaId: freshIdea.id, value: 1 });
		await expect.poll(async () => Number(await rankOf(climber.actor.userId).textContent()), { timeout: UI_TIMEOUT_MS }).toBeLessThan(amiraRank + 1);
		await keepScreenshot(watcher, 'rewards-rank-live', false);
	});

	it('[LB2] an opt-out takes the person off a board someone else is watching, at once', async () => {
		const watcher = await openPage();
		await watcher.goto(`${server.url}/en/leaderboard`, { waitUntil: 'networkidle' });
		const amiraLine = watcher.locator(`[data-testid="leaderboard"] tr[data-user="${people.amira.actor.userId}"]`);
		await amiraLine.waitFor();
		const amira = await signedIn('amira', '/settings/rewards');
		await amira.getByLabel('Show me on the public leaderboards').uncheck();
		await amira.getByRole('button', { name: 'Save' }).click();
		await amira.getByText('Your reward settings are saved.').waitFor();
		await amiraLine.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
		// She still sees where she stands, and that others do not see her.
		await amira.goto(`${server.url}/en/leaderboard`, { waitUntil: 'networkidle' });
		await amira.locator('[data-testid="own-hidden"]').waitFor();
		expect(await amira.locator('[data-testid="own-standing"]').textContent()).toMatch(/You are number \d+/);
		await server.app.services.points.setPreferences(people.amira.actor, { listed: true, homeDistrict: null });
	});

	it('[LB2] [BG3] the reward settings work without JavaScript', async () => {
		const page = await signedIn('bruno', '/settings/rewards', { javaScriptEnabled: false });
		await page.getByLabel('Show me on the public leaderboards').uncheck();
		await page.getByLabel('Home district').selectOption('ixelles');
		await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Save' }).click()]);
		await page.getByText('Your reward settings are saved.').waitFor();
		expect(await server.app.services.points.preferences(people.bruno.actor)).toEqual({ listed: false, homeDistrict: 'ixelles' });
		expect(await page.getByLabel('Show me on the public leaderboards').isChecked()).toBe(false);
		expect(await page.getByLabel('Home district').inputValue()).toBe('ixelles');
	});

	it('[PT8] the admin sees the refusal of a table that puts volume first, beside the button', async () => {
		const page = await signedIn('ada', '/admin/points');
		await page.getByLabel('An idea posted').fill('80');
		await page.getByRole('button', { name: 'Save the weights' }).click();
		await page.locator('[data-testid="weights-error"]').waitFor();
		expect(await page.locator('[data-testid="weights-error"]').textContent()).toContain('must earn more points');
		expect(await page.getByLabel('An idea posted').inputValue()).toBe('80');
		await expectAccessible(page, 'the weights refused');
		await keepScreenshot(page, 'rewards-admin-points-refused');
	});
});
