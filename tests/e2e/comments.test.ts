import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { IdeaView } from '../../src/lib/domain/ideas';
import { startTestServer, type TestServer } from '../support/server';
import { PERSONA_PASSWORD, PERSONAS, signIn, type SignedInPersona } from '../support/personas';
import { aProject, anIdea } from '../support/builders';
import { expectAccessible, launchBrowser, newContext, signInThroughForm, UI_TIMEOUT_MS, watchCsp } from './browser';

/**
 * Live comments in a real Chromium against the built app: two people on one idea page, one typing a reply while the
 * other posts; replies, edits and deletions; the page with JavaScript disabled; axe on a page with a thread.
 */
let server: TestServer;
let browser: Browser;
let bruno: SignedInPersona;
let idea: IdeaView;
let ideaPath: string;
const contexts: BrowserContext[] = [];
let cspViolations: string[][] = [];

beforeAll(async () => {
	[server, browser] = await Promise.all([startTestServer({ svelteKit: true, unlimited: true }), launchBrowser()]);
	await signIn(server.app, 'amira');
	bruno = await signIn(server.app, 'bruno');
	const project = await aProject(server.app);
	idea = await anIdea(server.app, bruno.actor, project.id, { title: 'Shade trees on the Place Flagey' });
	await server.app.services.comments.add(bruno.actor, { ideaId: idea.id, body: 'Which trees would you plant?' });
	ideaPath = `/projects/${project.slug}/ideas/${idea.id}`;
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

async function openAs(person: keyof typeof PERSONAS, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
	const context = await newContext(browser, options);
	contexts.push(context);
	const page = await context.newPage();
	cspViolations.push(await watchCsp(page));
	await signInThroughForm(page, server.url, PERSONAS[person].email, PERSONA_PASSWORD, ideaPath);
	return page;
}

async function waitUntilLive(page: Page): Promise<void> {
	await page.locator('.thread[data-live="true"]').waitFor({ timeout: UI_TIMEOUT_MS });
}

const commentNamed = (page: Page, text: string) => page.locator('article.comment', { hasText: text });

describe('comments, live', () => {
	let amiraPage: Page;
	let brunoPage: Page;

	it('[C9] a comment arrives while the other person types a reply: their text and caret stay, and "1 new comment — show" appears', async () => {
		[amiraPage, brunoPage] = await Promise.all([openAs('amira'), openAs('bruno')]);
		await Promise.all([waitUntilLive(amiraPage), waitUntilLive(brunoPage)]);

		const firstComment = amiraPage.locator('ol.comment-list > li', { has: commentNamed(amiraPage, 'Which trees would you plant?') });
		await firstComment.locator('details.reply > summary').click();
		const reply = firstComment.locator('details.reply textarea');
		await reply.click();
		await reply.pressSequentially('Plane trees, and benches under them');
		// The caret in the middle of the text, as if going back to fix a word.
		await reply.evaluate((field: HTMLTextAreaElement) => {
			field.setSelectionRange(5, 5);
			Object.assign(field, { e2eSameElement: true });
		});

		const brunoForm = brunoPage.locator('form.comment-form').first();
		await brunoForm.locator('textarea').fill('Lindens smell wonderful in June.');
		await brunoForm.getByRole('button', { name: 'Post comment' }).click();
		// One's own comment appears at once.
		await commentNamed(brunoPage, 'Lindens smell wonderful in June.').waitFor();

		await amiraPage.getByRole('button', { name: '1 new comment — show' }).waitFor();
		expect(await commentNamed(amiraPage, 'Lindens smell wonderful in June.').count()).toBe(0);
		const state = await reply.evaluate((field: HTMLTextAreaElement) => ({
			value: field.value,
			caret: [field.selectionStart, field.selectionEnd],
			focused: document.activeElement === field,
			same: (field as HTMLTextAreaElement & { e2eSameElement?: boolean }).e2eSameElement === true
		}));
		expect(state).toEqual({ value: 'Plane trees, and benches under them', caret: [5, 5], focused: true, same: true });

		await amiraPage.getByRole('button', { name: '1 new comment — show' }).click();
		await commentNamed(amiraPage, 'Lindens smell wonderful in June.').waitFor();
		expect(await reply.evaluate((field: HTMLTextAreaElement) => [field.value, (field as HTMLTextAreaElement & { e2eSameElement?: boolean }).e2eSameElement])).toEqual([
			'Plane trees, and benches under them',
			true
		]);
	});

	it('[C2] posting a reply puts it under its comment on both pages', async () => {
		const firstComment = amiraPage.locator('ol.comment-list > li', { has: commentNamed(amiraPage, 'Which trees would you plant?') });
		await firstComment.getByRole('button', { name: 'Post reply' }).click();
		await firstComment.locator('ol.replies', { hasText: 'Plane trees, and benches under them' }).waitFor();
		expect(await firstComment.locator('details.reply textarea').inputValue()).toBe('');
		// The reply form folds away and focus lands on the posted reply.
		expect(await firstComment.locator('details.reply').evaluate((details: HTMLDetailsElement) => details.open)).toBe(false);
		expect(await amiraPage.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Plane trees, and benches under them');

		const onBruno = brunoPage.locator('ol.comment-list > li', { has: commentNamed(brunoPage, 'Which trees would you plant?') });
		const show = brunoPage.getByRole('button', { name: /1 new comment/ });
		// Bruno is not typing; whether the reply is inserted or announced depends on where it lands in his view.
		await Promise.race([onBruno.locator('ol.replies', { hasText: 'Plane trees' }).waitFor(), show.waitFor()]);
		if (await show.isVisible()) await show.click();
		await onBruno.locator('ol.replies', { hasText: 'Plane trees, and benches under them' }).waitFor();
	});

	it('[C3] an edit is marked "edited" and reaches the other page in place', async () => {
		const mine = commentNamed(amiraPage, 'Plane trees, and benches under them');
		await mine.locator('summary', { hasText: 'Edit' }).click();
		const field = mine.getByLabel('Edit your comment');
		await field.fill('Plane trees, with benches and a fountain');
		await mine.getByRole('button', { name: 'Save' }).click();
		const edited = commentNamed(amiraPage, 'Plane trees, with benches and a fountain');
		await edited.getByRole('button', { name: 'edited' }).waitFor();
		await commentNamed(brunoPage, 'Plane trees, with benches and a fountain').locator('.edited').waitFor();
		await edited.getByRole('button', { name: 'edited' }).click();
		await edited.locator('.history', { hasText: 'Plane trees, and benches under them' }).waitFor();
	});

	it('[C7] axe finds nothing serious on an idea page with a thread; the idea’s author is badged', async () => {
		await expect(commentNamed(amiraPage, 'Which trees would you plant?').locator('.badge', { hasText: 'Idea’s author' }).count()).resolves.toBe(1);
		await expectAccessible(amiraPage, 'idea page with comments');
	});

	it('[C4] a deletion leaves a tombstone on both pages, and the replies stay', async () => {
		const brunoTop = commentNamed(brunoPage, 'Which trees would you plant?');
		await brunoTop.locator('summary', { hasText: 'Delete' }).click();
		await brunoTop.getByRole('button', { name: 'Delete comment' }).click();
		for (const page of [brunoPage, amiraPage]) {
			const thread = page.locator('ol.comment-list > li', { has: page.locator('article.comment.deleted') });
			await thread.locator('.tombstone', { hasText: 'Comment deleted' }).waitFor();
			await thread.locator('ol.replies', { hasText: 'Plane trees, with benches and a fountain' }).waitFor();
		}
		expect(await amiraPage.locator('article.comment', { hasText: 'Which trees would you plant?' }).count()).toBe(0);
	});
});

describe('comments without JavaScript', () => {
	it('[C1] posting a comment reloads the page at the new comment', async () => {
		const page = await openAs('amira', { javaScriptEnabled: false });
		const form = page.locator('form.comment-form').first();
		await form.locator('textarea').fill('Posted without any script.');
		await Promise.all([page.waitForURL(/#comment-/), form.getByRole('button', { name: 'Post comment' }).click()]);
		const id = new URL(page.url()).hash.slice(1);
		expect(await page.locator(`#${id}`).textContent()).toContain('Posted without any script.');
		// A refusal shows beside the field and keeps nothing lost.
		await page.locator('form.comment-form').first().locator('textarea').fill('x');
		await page.locator('form.comment-form').first().getByRole('button', { name: 'Post comment' }).click();
		await page.locator('form.comment-form .field-error').first().waitFor();
		expect(await page.locator('form.comment-form').first().locator('textarea').inputValue()).toBe('x');
	});
});
