import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { runAgora } from '../support/agora-cli';
import { PERSONA_PASSWORD, PERSONAS, signIn } from '../support/personas';
import { startTestServer, type TestServer } from '../support/server';
import { expectAccessible, keepScreenshot, launchBrowser, newContext, signInThroughForm, UI_TIMEOUT_MS, waitForValue } from './browser';

/**
 * Setting up a city from nothing (AD1–AD10): the first-admin command on a fresh data folder, that admin signing in
 * and creating a project in the console, a citizen in another browser posting an idea in it; axe on every console
 * page, at desktop and phone width.
 */
let dataDir: string;
let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const ADMIN = { email: 'first.admin@city.example', password: 'a long passphrase for the city', name: 'Camille Admin' };

beforeAll(async () => {
	dataDir = mkdtempSync(join(tmpdir(), 'agora-e2e-setup-'));
	// The command runs before the server, on the folder the server will then use: a fresh deployment's first start.
	const created = await runAgora(['admin', 'create', '--email', ADMIN.email, '--name', ADMIN.name, '--password-stdin'], {
		env: { DATA_DIR: dataDir },
		stdin: `${ADMIN.password}\n`
	});
	expect(created, created.stderr).toMatchObject({ code: 0 });
	[server, browser] = await Promise.all([startTestServer({ svelteKit: true, dataDir }), launchBrowser()]);
}, 120_000);

afterAll(async () => {
	await Promise.allSettled(contexts.map((context) => context.close()));
	await browser?.close();
	await server?.close();
	rmSync(dataDir, { recursive: true, force: true });
});

async function openPage(options: Parameters<typeof newContext>[1] = {}): Promise<Page> {
	const context = await newContext(browser, options);
	contexts.push(context);
	return context.newPage();
}

describe('setting up a city in the staff console', () => {
	it('the first admin creates a project in the console, and a citizen posts an idea in it', async () => {
		const admin = await openPage();
		await signInThroughForm(admin, server.url, ADMIN.email, ADMIN.password, '/admin');
		await admin.getByRole('heading', { level: 1, name: 'Staff console' }).waitFor();
		await admin.getByRole('navigation', { name: 'Staff console' }).getByRole('link', { name: 'Projects' }).click();
		await admin.getByText('No projects yet').waitFor();
		await admin.getByRole('link', { name: 'New project' }).click();
		await admin.waitForURL(/\/admin\/projects\/new$/);
		await admin.waitForLoadState('networkidle');

		// A wrong slug is said beside its field, and what was typed stays.
		await admin.locator('#title').fill('Green streets 2027');
		await admin.locator('#description').fill('Where should the city plant trees next year? Tell us, and support the ideas you like.');
		await admin.locator('#slug').fill('Green Streets!');
		await admin.getByRole('button', { name: 'Create the project' }).click();
		await waitForValue(admin, '#slug-error', 'Use 2 to 60 lower-case letters, digits and single dashes, like green-streets-2027.');
		expect(await admin.locator('#slug').getAttribute('aria-invalid')).toBe('true');
		expect(await admin.locator('#title').inputValue()).toBe('Green streets 2027');

		await admin.locator('#slug').fill('green-streets-2027');
		await admin.locator('summary', { hasText: 'French and Dutch' }).click();
		await admin.locator('#titleFr').fill('Rues vertes 2027');
		await admin.locator('#descriptionFr').fill('Où la ville doit-elle planter des arbres l’an prochain ?');
		await admin.locator('#closesOn').fill('2027-06-30');
		await admin.getByLabel('Support only').check();
		await admin.getByRole('button', { name: 'Create the project' }).click();
		await admin.waitForURL(/\/admin\/projects\/[A-Za-z0-9_-]+\?created=1$/);
		await admin.getByText('The project is created.').waitFor();
		await expectAccessible(admin, 'a project in the console');
		await keepScreenshot(admin, 'console-project-desktop');

		// A citizen, in another browser, finds the project and posts an idea in it.
		await signIn(server.app, 'amira');
		const citizen = await openPage();
		await signInThroughForm(citizen, server.url, PERSONAS.amira.email, PERSONA_PASSWORD, '/projects/green-streets-2027');
		await citizen.getByRole('heading', { level: 1, name: 'Green streets 2027' }).waitFor();
		await citizen.locator('summary.compose-summary').click();
		await citizen.locator('#idea-title').fill('Trees along the Chaussée de Wavre');
		await citizen.getByTestId('idea-body-editor').fill('The pavement is wide enough for a row of trees that would shade the bus stops.');
		await citizen.locator('#idea-topic').selectOption('green-spaces');
		await citizen.locator('#idea-district').selectOption('ixelles');
		await citizen.getByRole('button', { name: 'Post idea', exact: true }).click();
		await citizen.locator('[data-testid="idea"] h3', { hasText: 'Trees along the Chaussée de Wavre' }).waitFor({ timeout: UI_TIMEOUT_MS });
		// AD5: a support-only project offers support and no vote against.
		await citizen.getByRole('button', { name: /^Support \d/ }).first().waitFor();
		expect(await citizen.getByRole('button', { name: /^Oppose/ }).count()).toBe(0);
		const project = await server.app.services.projects.getBySlug('green-streets-2027');
		expect(project).toMatchObject({ voteMode: 'up_only', translations: { fr: { title: 'Rues vertes 2027' } } });
		expect((await server.app.services.projects.listWithNumbers()).find((listed) => listed.id === project.id)?.ideaCount).toBe(1);

		// A citizen opening the console gets the 403 page in their language.
		const refused = await citizen.goto(`${server.url}/fr/admin`);
		expect(refused?.status()).toBe(403);
		await citizen.getByText('La console est réservée au personnel de la ville.').waitFor();
	});

	it('every console page passes axe, at desktop and phone width, and does not scroll sideways on a phone', async () => {
		const pages = ['/admin', '/admin/projects', '/admin/projects/new', '/admin/topics', '/admin/districts', '/admin/staff', '/admin/my-projects'];
		const project = await server.app.services.projects.getBySlug('green-streets-2027');
		pages.push(`/admin/projects/${project.id}`);
		for (const [size, viewport] of [
			['desktop', { width: 1280, height: 900 }],
			['phone', { width: 390, height: 844 }]
		] as const) {
			const admin = await openPage({ viewport });
			await signInThroughForm(admin, server.url, ADMIN.email, ADMIN.password, '/admin');
			for (const path of pages) {
				await admin.goto(`${server.url}/en${path}`, { waitUntil: 'networkidle' });
				await expectAccessible(admin, `${path} (${size})`);
				await keepScreenshot(admin, `console${path.replaceAll('/', '-')}-${size}`.replace(/-[A-Za-z0-9_-]{16}-/, '-edit-'));
				if (size === 'phone') {
					const overflow = await admin.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
					expect(overflow, `${path} scrolls sideways on a phone`).toBeLessThanOrEqual(0);
				}
			}
		}
		// The invitation page, as the invited person sees it before signing in.
		const { token } = await server.app.services.staff.invite((await signIn(server.app, 'ada')).actor, { email: 'bruno@test.example', role: 'moderator' });
		const guest = await openPage();
		await guest.goto(`${server.url}/en/invitations/${token}`, { waitUntil: 'networkidle' });
		await guest.getByRole('heading', { name: 'Join the city’s staff' }).waitFor();
		await expectAccessible(guest, 'the invitation page');
		await keepScreenshot(guest, 'console-invitation-desktop');
	});
});
