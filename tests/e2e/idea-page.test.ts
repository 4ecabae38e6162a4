import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server';
import { PERSONA_PASSWORD, PERSONAS, signIn } from '../support/personas';
import { aProject, anIdea } from '../support/builders';
import type { Project } from '../../src/lib/domain/projects';
import { expectAccessible, launchBrowser, newContext, signInThroughForm, UI_TIMEOUT_MS, waitForLive, watchCsp } from './browser';

/**
 * The idea page end to end: an idea posted with rich text through the real editor, its page showing the formatting
 * and the links' rel; an edit by the author reaching another reader live with its history; a withdrawal; axe on the
 * page signed in, signed out, withdrawn, on a phone and in each language.
 */
let server: TestServer;
let browser: Browser;
let project: Project;
const contexts: BrowserContext[] = [];
const cspViolations: string[][] = [];

beforeAll(async () => {
	[server, browser] = await Promise.all([startTestServer({ svelteKit: true }), launchBrowser()]);
	await signIn(server.app, 'amira');
	await signIn(server.app, 'bruno');
	project = await aProject(server.app);
});

afterAll(async () => {
	await Promise.allSettled(contexts.map((context) => context.close()));
	await browser?.close();
	await server?.close();
});

async function openPage(options: { width?: number } = {}): Promise<Page> {
	const context = await newContext(browser, options.width ? { viewport: { width: options.width, height: 900 } } : {});
	contexts.push(context);
	const page = await context.newPage();
	cspViolations.push(await watchCsp(page));
	return page;
}

const ideaPath = (ideaId: string, locale = 'en') => `/${locale}/projects/${project.slug}/ideas/${ideaId}`;

describe('the idea page', () => {
	let ideaId: string;
	let author: Page;
	let reader: Page;

	it('[I3] posts an idea with bold, a list and a link through the editor, and its page shows them, links with rel', async () => {
		author = await openPage();
		await signInThroughForm(author, server.url, PERSONAS.amira.email, PERSONA_PASSWORD, `/en/projects/${project.slug}`);
		await waitForLive(author);
		await author.locator('summary.compose-summary').click();
		await author.locator('#idea-title').fill('Shade trees on the Flagey square');
		const editor = author.getByTestId('idea-body-editor');
		await editor.waitFor();
		await editor.click();
		await author.keyboard.type('The square needs ');
		const toolbar = author.getByRole('toolbar', { name: 'Text formatting' });
		const bold = toolbar.getByRole('button', { name: 'Bold' });
		await bold.click();
		await expect.poll(() => bold.getAttribute('aria-pressed')).toBe('true');
		await author.keyboard.type('shade');
		// The keyboard way back out of bold, as a person typing on would.
		await author.keyboard.press('Control+b');
		await expect.poll(() => bold.getAttribute('aria-pressed')).toBe('false');
		await author.keyboard.type(' in summer. ');
		await toolbar.getByRole('button', { name: 'Link' }).click();
		await author.getByPlaceholder('Link address (https://…)').fill('https://example.org/heat-study');
		await author.getByRole('button', { name: 'Add the link' }).click();
		expect(await editor.evaluate((element) => element.contains(document.activeElement))).toBe(true);
		await author.keyboard.press('Enter');
		await toolbar.getByRole('button', { name: 'Bulleted list' }).click();
		await author.keyboard.type('plant lime trees');
		await author.keyboard.press('Enter');
		await author.keyboard.type('add benches');
		await author.locator('#idea-topic').selectOption('green-spaces');
		await author.locator('#idea-district').selectOption('ixelles');
		await author.getByRole('button', { name: 'Post idea' }).click();
		await expect.poll(async () => (await server.app.services.ideas.list({ kind: 'guest' }, project.id)).length, { timeout: UI_TIMEOUT_MS }).toBe(1);
		ideaId = (await server.app.services.ideas.list({ kind: 'guest' }, project.id))[0]!.id;

		await author.goto(`${server.url}${ideaPath(ideaId)}`);
		const body = author.getByTestId('idea-body');
		expect(await body.locator('strong').textContent()).toBe('shade');
		expect(await body.locator('ul li').allTextContents()).toEqual(['plant lime trees', 'add benches']);
		const link = body.locator('a');
		expect(await link.getAttribute('href')).toBe('https://example.org/heat-study');
		expect(await link.getAttribute('rel')).toBe('nofollow ugc noopener');
		expect(await link.getAttribute('target')).toBeNull();
		expect(await author.locator('link[rel="canonical"]').getAttribute('href')).toBe(`${server.app.config.publicOrigin}${ideaPath(ideaId)}`);
		expect(await author.locator('meta[property="og:description"]').getAttribute('content')).toContain('The square needs shade in summer.');
		expect(await author.locator('meta[property="og:type"]').getAttribute('content')).toBe('article');
		await expectAccessible(author, 'idea page, signed in as its author');
	});

	it('[I7] [I8] the author edits it and another reader sees the new text and the history live', async () => {
		reader = await openPage();
		await signInThroughForm(reader, server.url, PERSONAS.bruno.email, PERSONA_PASSWORD, ideaPath(ideaId));
		await reader.getByTestId('idea-page').waitFor();
		await reader.waitForLoadState('networkidle');
		expect(await reader.getByTestId('idea-edit').count()).toBe(0);

		await author.waitForLoadState('networkidle');
		await author.getByTestId('idea-edit').locator('summary').click();
		await author.locator('#idea-edit-title').fill('Shade trees and benches on the Flagey square');
		await author.getByRole('button', { name: 'Save changes' }).click();

		await reader.getByRole('heading', { level: 1, name: 'Shade trees and benches on the Flagey square' }).waitFor();
		await reader.getByTestId('idea-edited').waitFor();
		await reader.getByTestId('idea-history').locator('summary').click();
		await reader.getByTestId('idea-history').getByRole('heading', { name: 'Shade trees on the Flagey square' }).waitFor();
		await expectAccessible(reader, 'idea page, signed in as another citizen, with its history open');
	});

	it('[I9] the author withdraws it: the reader sees why, votes are gone, and the page passes axe signed out', async () => {
		await author.getByTestId('idea-withdraw').locator('summary').click();
		await author.locator('#idea-withdraw-reason').fill('The city already plants trees there next spring.');
		await author.getByRole('button', { name: 'Withdraw the idea' }).click();
		await author.getByTestId('idea-withdrawn').waitFor();

		await reader.getByTestId('idea-withdrawn').getByText('The city already plants trees there next spring.').waitFor();
		await expect.poll(() => reader.getByRole('button', { name: /Support/ }).count()).toBe(0);
		await expectAccessible(reader, 'a withdrawn idea');

		const guest = await openPage();
		await guest.goto(`${server.url}${ideaPath(ideaId)}`);
		await guest.getByTestId('idea-withdrawn').waitFor();
		await expectAccessible(guest, 'a withdrawn idea, signed out');
		expect(await (await guest.goto(`${server.url}/en/projects/${project.slug}`))?.text()).not.toContain('Shade trees and benches');
	});

	it('passes axe on a phone and in each language, signed out; unknown and mismatched ideas are 404 in the reader’s language', async () => {
		const amira = await signIn(server.app, 'amira');
		const idea = await anIdea(server.app, amira.actor, project.id, { body: '<h2>Why</h2><p>A body with <em>emphasis</em> and <a href="https://example.org">a link</a>.</p>' });
		const phone = await openPage({ width: 390 });
		for (const locale of ['en', 'fr', 'nl']) {
			await phone.goto(`${server.url}${ideaPath(idea.id, locale)}`);
			await phone.getByTestId('idea-page').waitFor();
			expect(await phone.locator('html').getAttribute('lang')).toBe(locale);
			expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
			await expectAccessible(phone, `idea page on a phone in ${locale}`);
		}
		const other = await aProject(server.app);
		const missing = await phone.goto(`${server.url}/fr/projects/${project.slug}/ideas/nope`);
		expect(missing?.status()).toBe(404);
		expect(await missing?.text()).toContain('Cette idée n’existe pas.');
		expect((await phone.goto(`${server.url}/nl/projects/${other.slug}/ideas/${idea.id}`))?.status()).toBe(404);
	});

	it('ran every page under the Content-Security-Policy', () => {
		expect(cspViolations.flat()).toEqual([]);
	});
});
