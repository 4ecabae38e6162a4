import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { aProject } from '../support/builders';
import { aPhoneJpeg, aPng } from '../support/images';
import { PERSONA_PASSWORD, PERSONAS, signIn } from '../support/personas';
import { startTestServer, type TestServer } from '../support/server';
import { expectAccessible, launchBrowser, newContext, signInThroughForm, UI_TIMEOUT_MS, waitForLive, watchCsp } from './browser';

/** Posting an idea with images through the real form, and seeing them on its page at the width each screen needs. */
let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const violations: string[][] = [];

beforeAll(async () => {
	[server, browser] = await Promise.all([startTestServer({ svelteKit: true }), launchBrowser()]);
	await signIn(server.app, 'amira');
});

afterAll(async () => {
	await Promise.allSettled(contexts.map((context) => context.close()));
	await browser?.close();
	await server?.close();
});

async function openPage(options: { viewport?: { width: number; height: number } } = {}): Promise<Page> {
	const context = await newContext(browser, options);
	contexts.push(context);
	const page = await context.newPage();
	violations.push(await watchCsp(page));
	return page;
}

describe('images on ideas', () => {
	it('[IM3][IM4] uploads two images with the form, keeps them over a reload, posts them and shows them responsively', async () => {
		const project = await aProject(server.app);
		const path = `/projects/${project.slug}`;
		const amira = await openPage();
		await signInThroughForm(amira, server.url, PERSONAS.amira.email, PERSONA_PASSWORD, path);
		await waitForLive(amira);
		await amira.locator('summary.compose-summary').click();

		const title = `Benches with a view of the canal ${Date.now().toString(36)}`;
		await amira.locator('#idea-title').fill(title);
		await amira.getByTestId('idea-body-editor').fill('Two benches facing the water, where people already sit on the quay edge.');
		await amira.locator('#idea-topic').selectOption('green-spaces');
		await amira.locator('#idea-district').selectOption('molenbeek-saint-jean');
		await amira.locator('#idea-images').setInputFiles([
			{ name: 'quay.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(await aPhoneJpeg({ width: 2400, height: 1800 })) },
			{ name: 'sketch.png', mimeType: 'image/png', buffer: Buffer.from(await aPng(800, 600)) }
		]);
		await amira.locator('.image-picker .picked li').nth(1).waitFor({ timeout: UI_TIMEOUT_MS });
		await amira.getByLabel('Describe image 1 (for people who cannot see it)').fill('The quay at sunset, people sitting on its edge');

		// A file that is not an image is refused beside the field, and nothing is added.
		await amira.locator('#idea-images').setInputFiles([{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture') }]);
		await expect(amira.locator('#idea-images-error').textContent()).resolves.toBe('Choose a JPEG, PNG or WebP image.');
		expect(await amira.locator('.image-picker .picked li').count()).toBe(2);

		// The uploads are kept with the draft: a reload loses neither them nor the description.
		await amira.reload();
		await waitForLive(amira);
		await amira.locator('summary.compose-summary').click();
		await amira.locator('.image-picker .picked li').nth(1).waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await amira.getByLabel('Describe image 1 (for people who cannot see it)').inputValue()).toBe('The quay at sunset, people sitting on its edge');
		await amira.locator('#idea-district').selectOption('molenbeek-saint-jean');
		await expectAccessible(amira, 'the idea form with two images');

		await amira.getByRole('button', { name: 'Post idea', exact: true }).click();
		await amira.locator('form.idea-form').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
		const [posted] = (await server.app.services.ideas.list({ kind: 'guest' }, project.id)).filter((idea) => idea.title === title);
		expect(posted, 'the idea was posted').toBeDefined();

		// On a wide screen the lead image comes at 1280 px, on a phone at 640 px: each downloads what it shows.
		const ideaPath = `/en/projects/${project.slug}/ideas/${posted!.id}`;
		const reader = await openPage();
		await reader.goto(server.url + ideaPath);
		const lead = reader.locator('[data-testid="idea-images"] img').first();
		await lead.evaluate((image: HTMLImageElement) => image.decode());
		expect(await lead.getAttribute('alt')).toBe('The quay at sunset, people sitting on its edge');
		expect(await lead.evaluate((image: HTMLImageElement) => image.currentSrc)).toMatch(/-1280\.webp$/);
		expect(await reader.locator('[data-testid="idea-images"] img').count()).toBe(2);
		await expectAccessible(reader, 'an idea page with images');

		const phone = await openPage({ viewport: { width: 390, height: 844 } });
		await phone.goto(server.url + ideaPath);
		const phoneLead = phone.locator('[data-testid="idea-images"] img').first();
		await phoneLead.evaluate((image: HTMLImageElement) => image.decode());
		expect(await phoneLead.evaluate((image: HTMLImageElement) => image.currentSrc)).toMatch(/-640\.webp$/);
		const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		expect(overflow).toBe(0);
		await expectAccessible(phone, 'an idea page with images on a phone');

		expect(violations.flat()).toEqual([]);
	});
});
