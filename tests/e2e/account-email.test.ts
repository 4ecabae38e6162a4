import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { anIdea } from '../support/builders';
import { lastMailTo, linkIn } from '../support/mail';
import { PERSONA_PASSWORD, PERSONAS, signIn } from '../support/personas';
import { startTestServer, type TestServer } from '../support/server';
import { expectAccessible, keepScreenshot, launchBrowser, newContext, submitSignInForm, textOf, UI_TIMEOUT_MS, waitForValue, withoutLocale } from './browser';

/**
 * E2–E11 in Chromium: a newcomer signs up, is told to confirm the address and that this project's votes need it,
 * opens the link from the outbox, and votes; someone who forgot their password gets a link from the outbox, chooses
 * a new one and signs in with it. The e-mails come from the real outbox (files under the test server's DATA_DIR).
 */
let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let ideaPath: string;
let ideaId: string;

beforeAll(async () => {
	[server, browser] = await Promise.all([startTestServer({ svelteKit: true }), launchBrowser()]);
	const { actor: bruno } = await signIn(server.app, 'bruno');
	await signIn(server.app, 'amira');
	const project = await server.app.services.projects.ensure({
		slug: 'verified-voting',
		title: 'Participatory budget 2027',
		description: 'Votes here count from confirmed e-mail addresses only.',
		status: 'open',
		votingNeedsVerifiedEmail: true
	});
	ideaId = (await anIdea(server.app, bruno, project.id, { title: 'A library bus for every district', language: 'en' })).id;
	ideaPath = `/projects/${project.slug}/ideas/${ideaId}`;
});

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

/** The link as the e-mail carries it, on the test server (links point at PUBLIC_ORIGIN, unset here). */
const onServer = (url: string) => url.replace(/^https?:\/\/[^/]+/, server.url);

describe('account e-mail in a browser', () => {
	it('[E2] [E5] [E6] [E4] sign up, see why voting waits, confirm from the outbox, then vote', async () => {
		const page = await openPage();
		const email = `lea-${Date.now()}@signup.example`;
		await page.goto(`${server.url}/en/signup?returnTo=${encodeURIComponent(ideaPath)}`, { waitUntil: 'networkidle' });
		await page.locator('#displayName').fill('Léa Dubois');
		await page.locator('#email').fill(email);
		await page.locator('#password').fill(PERSONA_PASSWORD);
		await Promise.all([
			page.waitForURL((url) => withoutLocale(url.pathname) === ideaPath, { timeout: UI_TIMEOUT_MS }),
			page.getByRole('button', { name: 'Create my account' }).click()
		]);
		// The banner on every page, and the reason beside the vote buttons.
		expect(await textOf(page, '.verify-banner')).toContain(`Confirm your e-mail address: we sent a link to ${email}.`);
		expect(await textOf(page, '[data-testid="verify-vote-hint"]')).toContain('This project counts votes from confirmed e-mail addresses only.');
		await page.waitForLoadState('networkidle');
		await page.locator('.votes .vote-up').click();
		await page.locator('.votes .field-error').waitFor();
		expect(await textOf(page, '.votes .field-error')).toBe('This project counts votes from confirmed e-mail addresses only. Confirm yours to vote. Confirm my e-mail address');
		expect(await page.locator('[data-testid="verify-vote-hint"]').count()).toBe(0);
		expect((await server.app.services.ideas.get({ kind: 'guest' }, ideaId)).upvotes).toBe(0);
		await expectAccessible(page, 'idea page, unverified');
		await keepScreenshot(page, 'mail-idea-unverified-desktop', false);

		const mail = await lastMailTo(server.app, email, 'verify');
		expect(mail).toMatchObject({ locale: 'en', subject: 'Confirm your e-mail address for Agora Brussels' });
		await page.goto(onServer(linkIn(mail, 'verify').url));
		await page.getByRole('heading', { name: 'Confirm your e-mail address' }).waitFor();
		await expectAccessible(page, 'verify link page');
		await keepScreenshot(page, 'mail-verify-link-desktop');
		await page.getByRole('button', { name: 'Confirm my address' }).click();
		await page.getByRole('heading', { name: 'Address confirmed' }).waitFor();
		expect(await textOf(page, '[role="status"]')).toContain(`${email} is confirmed`);
		await expectAccessible(page, 'verify link page, confirmed');
		await keepScreenshot(page, 'mail-verify-confirmed-desktop');

		await page.goto(`${server.url}/en${ideaPath}`, { waitUntil: 'networkidle' });
		expect(await page.locator('.verify-banner').count()).toBe(0);
		expect(await page.locator('[data-testid="verify-vote-hint"]').count()).toBe(0);
		await page.locator('.votes .vote-up').click();
		await waitForValue(page, '.votes [data-testid="upvotes"]', '1');
		expect((await server.app.services.ideas.get({ kind: 'guest' }, ideaId)).upvotes).toBe(1);
	});

	it('[E8] [E9] [E10] forgot password: a link from the outbox, a new password, then sign in with it', async () => {
		const page = await openPage();
		await page.goto(`${server.url}/en/signin`, { waitUntil: 'networkidle' });
		await page.getByRole('link', { name: 'Forgot your password?' }).click();
		await page.getByRole('heading', { name: 'Forgot your password' }).waitFor();
		await expectAccessible(page, 'forgot password page');
		await keepScreenshot(page, 'mail-forgot-desktop');
		await page.locator('#email').fill(PERSONAS.amira.email);
		await page.getByRole('button', { name: 'Send the link' }).click();
		await page.locator('.form-success').waitFor();
		expect(await textOf(page, '.form-success')).toContain(`If an account has the address ${PERSONAS.amira.email}`);
		await keepScreenshot(page, 'mail-forgot-sent-desktop');

		const mail = await lastMailTo(server.app, PERSONAS.amira.email, 'reset');
		await page.goto(onServer(linkIn(mail, 'reset').url), { waitUntil: 'networkidle' });
		await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
		await expectAccessible(page, 'reset page');
		// The rules stand beside the field.
		await page.locator('#password').fill('password1234');
		await page.getByRole('button', { name: 'Save the new password' }).click();
		await page.locator('#password-error').waitFor();
		await expectAccessible(page, 'reset page with an error');
		await keepScreenshot(page, 'mail-reset-error-desktop');
		await page.locator('#password').fill('quiet-lantern-harbour');
		await Promise.all([
			page.waitForURL((url) => url.pathname === '/en/signin' && url.search === '?reset=done', { timeout: UI_TIMEOUT_MS }),
			page.getByRole('button', { name: 'Save the new password' }).click()
		]);
		expect(await textOf(page, '.form-success')).toBe('Your password is changed. Sign in with the new one.');
		await page.waitForLoadState('networkidle');
		await Promise.all([
			page.waitForURL((url) => withoutLocale(url.pathname) === '/', { timeout: UI_TIMEOUT_MS }),
			submitSignInForm(page, PERSONAS.amira.email, 'quiet-lantern-harbour')
		]);
		expect(await textOf(page, '.user-menu')).toContain(PERSONAS.amira.displayName);
		// The link worked once.
		await page.goto(onServer(linkIn(mail, 'reset').url));
		expect(await textOf(page, '[role="alert"]')).toBe('This password link was already used. Each link works once.');
	});

	it('the new pages at phone width (390 px), in French', async () => {
		const page = await openPage({ viewport: { width: 390, height: 844 }, locale: 'fr-BE' });
		await page.goto(`${server.url}/fr/signin/forgot`, { waitUntil: 'networkidle' });
		await expectAccessible(page, 'forgot page, phone, French');
		await keepScreenshot(page, 'mail-forgot-phone-fr');
		const { email } = await (async () => {
			const address = `noor-${Date.now()}@signup.example`;
			await server.app.services.accounts.signUp({ email: address, password: PERSONA_PASSWORD, displayName: 'Noor' }, { locale: 'fr' });
			return { email: address };
		})();
		const mail = await lastMailTo(server.app, email, 'verify');
		expect(mail.subject).toBe('Confirmez votre adresse e-mail pour Agora Bruxelles');
		await page.goto(onServer(linkIn(mail, 'verify').url), { waitUntil: 'networkidle' });
		expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
		await expectAccessible(page, 'verify link page, phone, French');
		await keepScreenshot(page, 'mail-verify-link-phone-fr');
		await server.app.services.accountEmail.requestPasswordReset({ email });
		await page.goto(onServer(linkIn(await lastMailTo(server.app, email, 'reset'), 'reset').url), { waitUntil: 'networkidle' });
		expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
		await keepScreenshot(page, 'mail-reset-phone-fr');
		// The banner on a phone, for a signed-in unverified account.
		const signedIn = await openPage({ viewport: { width: 390, height: 844 } });
		const person = await server.app.services.accounts.signUp({ email: `sam-${Date.now()}@signup.example`, password: PERSONA_PASSWORD, displayName: 'Sam' });
		await signedIn.context().addCookies([{ name: 'agora_session', value: person.sessionToken, url: server.url }]);
		await signedIn.goto(`${server.url}/en${ideaPath}`, { waitUntil: 'networkidle' });
		expect(await signedIn.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
		await expectAccessible(signedIn, 'idea page with the banner, phone');
		await keepScreenshot(signedIn, 'mail-banner-phone', false);
		await signedIn.goto(`${server.url}/en/verify`, { waitUntil: 'networkidle' });
		await expectAccessible(signedIn, 'verify page, phone');
		await keepScreenshot(signedIn, 'mail-verify-page-phone');
	});
});
