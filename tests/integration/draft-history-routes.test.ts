import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentComparison, DocumentVersionSummary, DocumentVersionView, RestoreResult } from '../../src/lib/domain/document-history';
import type { Draft } from '../../src/lib/domain/drafts';
import { aProject } from '../support/builders';
import { bodyTexts, docOfUpdates, draftEditor, paragraphs, setFields, writeBody } from '../support/draft-documents';
import { signIn, type SignedInPersona } from '../support/personas';
import { startTestServer, type TestServer } from '../support/server';

/**
 * The history's JSON routes under /api/drafts/<id>/versions and /attribution, on the production build: who may do
 * what (D37, D40), garbage answered 400/404 without effect, and a restore that lands in the stored document.
 */
describe('draft history routes (production build)', () => {
	let server: TestServer;
	let amira: SignedInPersona;
	let bruno: SignedInPersona;
	let draft: Draft;
	let publicDraft: Draft;

	beforeAll(async () => {
		server = await startTestServer({ svelteKit: true, unlimited: true });
		const project = await aProject(server.app, { slug: 'history-routes' });
		[amira, bruno] = await Promise.all([signIn(server.app, 'amira'), signIn(server.app, 'bruno')]);
		draft = await server.app.services.drafts.create(amira.actor, { projectId: project.id, title: 'Trees on the square' });
		publicDraft = await server.app.services.drafts.create(amira.actor, { projectId: project.id, title: 'Benches for everyone', visibility: 'public' });
		// Synced with the seeded fields first, so its own fields come after them (not beside, as concurrent sets would).
		const editor = draftEditor((await server.app.services.documents.load(`draft:${draft.id}`)).updates);
		await server.app.services.documents.append(
			`draft:${draft.id}`,
			editor.edit((doc) => {
				writeBody(doc, paragraphs('Plant ten trees on the square.'));
				setFields(doc, { title: 'Trees on the square', cost: 20000 });
			})
		);
		editor.destroy();
	});
	afterAll(() => server.close());

	const url = (path: string) => `${server.url}/api/drafts/${path}`;
	const get = (path: string, cookie?: string) => fetch(url(path), { headers: { accept: 'application/json', ...(cookie ? { cookie } : {}) } });
	const post = (path: string, body: unknown, cookie?: string, type = 'application/json', origin?: string) =>
		fetch(url(path), {
			method: 'POST',
			headers: { accept: 'application/json', 'content-type': type, ...(cookie ? { cookie } : {}), ...(origin ? { origin } : {}) },
			body: typeof body === 'string' ? body : JSON.stringify(body)
		});

	async function versionsOf(draftId: string, cookie?: string): Promise<DocumentVersionSummary[]> {
		const response = await get(`${draftId}/versions`, cookie);
		expect(response.status).toBe(200);
		return ((await response.json()) as { versions: DocumentVersionSummary[] }).versions;
	}

	it('[D32][D34][D36][D38] a co-author saves, views, compares and restores through the routes', async () => {
		const saved = await post(`${draft.id}/versions`, { name: 'Ten trees' }, amira.cookie);
		expect(saved.status).toBe(201);
		const { version } = (await saved.json()) as { version: DocumentVersionSummary };
		expect(version).toMatchObject({ name: 'Ten trees', kind: 'named', createdBy: { displayName: amira.actor.displayName } });
		expect((await versionsOf(draft.id, amira.cookie)).map((listed) => listed.id)).toEqual([version.id]);

		const name = `draft:${draft.id}`;
		const rewrite = draftEditor((await server.app.services.documents.load(name)).updates);
		await server.app.services.documents.append(name, rewrite.edit((doc) => writeBody(doc, paragraphs('Plant twenty trees on the square.'))));
		rewrite.destroy();

		const view = (await (await get(`${draft.id}/versions/${version.id}`, amira.cookie)).json()) as DocumentVersionView;
		expect(view).toMatchObject({ bodyHtml: '<p>Plant ten trees on the square.</p>', fields: { title: 'Trees on the square', cost: 20000 } });
		const comparison = (await (await get(`${draft.id}/versions/${version.id}/compare`, amira.cookie)).json()) as DocumentComparison;
		expect(comparison.bodyHtml).toBe('<p>Plant <del>ten</del> <ins>twenty</ins> trees on the square.</p>');

		const restored = await post(`${draft.id}/versions/${version.id}/restore`, {}, amira.cookie);
		expect(restored.status).toBe(200);
		const result = (await restored.json()) as RestoreResult;
		expect(result).toMatchObject({ changed: true, restored: { id: version.id }, saved: { kind: 'before-restore' } });
		const stored = docOfUpdates((await server.app.services.documents.load(name)).updates);
		expect(bodyTexts(stored)).toEqual(['Plant ten trees on the square.']);
		stored.destroy();

		const attribution = await get(`${draft.id}/attribution`, amira.cookie);
		expect(attribution.status).toBe(200);
		expect(((await attribution.json()) as { blocks: unknown[] }).blocks).toHaveLength(1);
	});

	it('[D40] a private draft’s history does not exist for others; guests are asked to sign in', async () => {
		expect((await get(`${draft.id}/versions`, bruno.cookie)).status).toBe(404);
		expect((await get(`${draft.id}/attribution`, bruno.cookie)).status).toBe(404);
		expect((await post(`${draft.id}/versions`, { name: 'Mine now' }, bruno.cookie)).status).toBe(404);
		expect((await get(`${draft.id}/versions`)).status).toBe(401);
		expect((await post(`${draft.id}/versions`, { name: 'Guest' })).status).toBe(401);
	});

	it('[D37][D40] a public draft’s history is read by anyone, guests included, and written by its co-authors only', async () => {
		const saved = await post(`${publicDraft.id}/versions`, { name: 'Public start' }, amira.cookie);
		const { version } = (await saved.json()) as { version: DocumentVersionSummary };
		expect((await versionsOf(publicDraft.id)).map((listed) => listed.name)).toEqual(['Public start']);
		expect((await get(`${publicDraft.id}/versions/${version.id}/compare`, bruno.cookie)).status).toBe(200);
		const refused = await post(`${publicDraft.id}/versions/${version.id}/restore`, {}, bruno.cookie);
		expect(refused.status).toBe(403);
		expect(((await refused.json()) as { code: string }).code).toBe('forbidden');
		expect((await post(`${publicDraft.id}/versions`, { name: 'Not mine' }, bruno.cookie)).status).toBe(403);
		expect((await post(`${publicDraft.id}/versions/${version.id}/restore`, {})).status).toBe(401);
	});

	it('[D32] garbage is answered 400 or 404 and changes nothing', async () => {
		const before = (await versionsOf(draft.id, amira.cookie)).length;
		for (const body of ['not json', '{"name":', '[]', 'null', '{"name":""}', '{"name":12}', JSON.stringify({ name: 'x'.repeat(500) })]) {
			const response = await post(`${draft.id}/versions`, body, amira.cookie);
			expect(response.status, body).toBe(400);
		}
		// Only JSON is read; SvelteKit refuses the form types from another (or no) origin before the route runs.
		expect((await post(`${draft.id}/versions`, { name: 'Plain text' }, amira.cookie, 'text/plain', server.url)).status).toBe(400);
		expect((await post(`${draft.id}/versions`, { name: 'Plain text' }, amira.cookie, 'text/plain', 'https://elsewhere.example')).status).toBe(403);
		expect((await post(`${draft.id}/versions`, 'name=x', amira.cookie, 'application/x-www-form-urlencoded')).status).toBe(403);
		await fc.assert(
			// "." and ".." are path steps a URL resolves before sending, not ids the route could be given.
			fc.asyncProperty(fc.string({ maxLength: 80 }).filter((text) => text !== '.' && text !== '..'), async (garbage) => {
				const id = encodeURIComponent(garbage || 'x');
				const view = await get(`${draft.id}/versions/${id}`, amira.cookie);
				expect([404], `version ${JSON.stringify(garbage)}`).toContain(view.status);
				const restore = await post(`${draft.id}/versions/${id}/restore`, {}, amira.cookie);
				expect([404], `restore ${JSON.stringify(garbage)}`).toContain(restore.status);
				const draftGarbage = await get(`${id}/versions`, amira.cookie);
				expect([404], `draft ${JSON.stringify(garbage)}`).toContain(draftGarbage.status);
			}),
			{ numRuns: 40 }
		);
		expect((await versionsOf(draft.id, amira.cookie)).length).toBe(before);
	});
});
