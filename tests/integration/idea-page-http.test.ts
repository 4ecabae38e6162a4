import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUEST } from '../../src/lib/domain/actors';
import type { Project } from '../../src/lib/domain/projects';
import { postAction } from '../support/http';
import { aProject, anIdea } from '../support/builders';
import { signIn, type PersonaName } from '../support/personas';
import { startTestServer, type TestServer } from '../support/server';

/**
 * The idea page over HTTP (production build, no JavaScript): SSR with its canonical address and Open Graph, only
 * sanitized markup, its form actions for each person and with garbage, and 404s.
 */
let server: TestServer;
let project: Project;

beforeAll(async () => {
	server = await startTestServer({ svelteKit: true, unlimited: true });
	project = await aProject(server.app, { slug: 'shady-squares' });
});
afterAll(() => server.close());

const cookieOf = async (who: PersonaName) => (await signIn(server.app, who)).cookie;
const ideaBy = async (who: PersonaName, overrides: Record<string, unknown> = {}) => anIdea(server.app, (await signIn(server.app, who)).actor, project.id, overrides);
const action = (ideaId: string, name: string) => `${server.url}/en/projects/${project.slug}/ideas/${ideaId}?/${name}`;

describe('the idea page over HTTP', () => {
	it('renders the idea server-side with its canonical address, Open Graph and only the sanitized body', async () => {
		const idea = await ideaBy('amira', { body: '<p>Trees <strong>now</strong> & <a href="https://example.org" onclick="x()">more of them</a></p><script>alert(1)</script>' });
		const response = await fetch(`${server.url}/fr/projects/${project.slug}/ideas/${idea.id}`);
		expect(response.status).toBe(200);
		const html = await response.text();
		const canonical = `${server.app.config.publicOrigin}/fr/projects/${project.slug}/ideas/${idea.id}`;
		expect(html).toContain(`<link rel="canonical" href="${canonical}"`);
		expect(html).toContain(`<meta property="og:url" content="${canonical}"`);
		expect(html).toContain('<meta property="og:locale" content="fr_BE"');
		expect(html).toContain('<meta property="og:description" content="Trees now &amp; more of them"');
		expect(html).toContain('<strong>now</strong> &amp; <a href="https://example.org" rel="nofollow ugc noopener">more of them</a>');
		expect(html).not.toContain('alert(1)');
		expect(html).not.toContain('onclick');
	});

	it('answers 404 for an unknown idea and for an idea under another project’s slug, in the reader’s language', async () => {
		const idea = await ideaBy('amira');
		const other = await aProject(server.app);
		const unknown = await fetch(`${server.url}/nl/projects/${project.slug}/ideas/nope`);
		expect(unknown.status).toBe(404);
		expect(await unknown.text()).toContain('Dit idee bestaat niet.');
		expect((await fetch(`${server.url}/en/projects/${other.slug}/ideas/${idea.id}`)).status).toBe(404);
		expect((await fetch(`${server.url}/en/projects/${project.slug}/ideas/${'x'.repeat(300)}`)).status).toBe(400);
	});

	it('[I7] edits by form: the author lands back on the page; others are refused; garbage is named field by field', async () => {
		const idea = await ideaBy('amira');
		const fields = { title: 'Plant lime trees along the square', body: 'Lime trees, written without the editor.\n\nTwo paragraphs.', topic: 'green-spaces' };
		expect((await postAction(action(idea.id, 'edit'), fields)).status).toBe(401);
		expect((await postAction(action(idea.id, 'edit'), fields, { cookie: await cookieOf('bruno') })).status).toBe(403);
		expect((await postAction(action(idea.id, 'edit'), fields, { cookie: await cookieOf('max') })).status).toBe(403);
		const amira = await cookieOf('amira');
		for (const garbage of [{}, { title: 'x', body: 'y', topic: 'z' }, { ...fields, body: 'x'.repeat(30_000) }, { ...fields, title: 'A title with a NUL \u0000 in it' }]) {
			const refused = await postAction(action(idea.id, 'edit'), garbage as Record<string, string>, { cookie: amira });
			expect(refused.status, JSON.stringify(garbage).slice(0, 60)).toBe(400);
			expect(refused.result.data).toMatchObject({ action: 'edit', code: 'invalid' });
		}
		const done = await postAction(action(idea.id, 'edit'), fields, { cookie: amira });
		expect(done.result).toMatchObject({ type: 'redirect', location: `/en/projects/${project.slug}/ideas/${idea.id}?edited=1` });
		expect((await server.app.services.ideas.get(GUEST, idea.id)).body).toBe('<p>Lime trees, written without the editor.</p><p>Two paragraphs.</p>');
	});

	it('[I9] withdraws by form (author or moderator), needs a reason, and refuses others', async () => {
		const idea = await ideaBy('amira');
		expect((await postAction(action(idea.id, 'withdraw'), { reason: 'Changed my mind about it.' })).status).toBe(401);
		expect((await postAction(action(idea.id, 'withdraw'), { reason: 'Changed my mind about it.' }, { cookie: await cookieOf('bruno') })).status).toBe(403);
		const max = await cookieOf('max');
		for (const garbage of [{}, { reason: '' }, { reason: 'x'.repeat(5_000) }]) {
			expect((await postAction(action(idea.id, 'withdraw'), garbage as Record<string, string>, { cookie: max })).status).toBe(400);
		}
		expect((await postAction(action(idea.id, 'withdraw'), { reason: 'Off topic for this project.' }, { cookie: max })).result).toMatchObject({ type: 'redirect' });
		expect((await server.app.services.ideas.get(GUEST, idea.id)).withdrawn).toMatchObject({ reason: 'Off topic for this project.', byAuthor: false });
		expect((await postAction(action(idea.id, 'vote'), { choice: 'up' }, { cookie: await cookieOf('bruno') })).status).toBe(409);
	});

	it('[I10] marks a duplicate by form from a pasted link, and undoes it; citizens are refused; garbage is invalid', async () => {
		const original = await ideaBy('amira');
		const duplicate = await ideaBy('bruno', { title: 'The same trees, again' });
		const link = `https://agora.example/nl/projects/${project.slug}/ideas/${original.id}#comments`;
		expect((await postAction(action(duplicate.id, 'markDuplicate'), { duplicateOf: link }, { cookie: await cookieOf('bruno') })).status).toBe(403);
		const ada = await cookieOf('ada');
		for (const garbage of [{}, { duplicateOf: '' }, { duplicateOf: 'x'.repeat(5_000) }, { duplicateOf: duplicate.id }]) {
			expect((await postAction(action(duplicate.id, 'markDuplicate'), garbage as Record<string, string>, { cookie: ada })).status, JSON.stringify(garbage).slice(0, 40)).toBe(400);
		}
		expect((await postAction(action(duplicate.id, 'markDuplicate'), { duplicateOf: link }, { cookie: ada })).result).toMatchObject({ type: 'redirect' });
		expect((await server.app.services.ideas.get(GUEST, duplicate.id)).duplicateOf).toBe(original.id);
		const originalPage = await (await fetch(`${server.url}/en/projects/${project.slug}/ideas/${original.id}`)).text();
		expect(originalPage).toContain('The same trees, again');
		expect((await postAction(action(duplicate.id, 'unmarkDuplicate'), {}, { cookie: ada })).result).toMatchObject({ type: 'redirect' });
		expect((await postAction(action(duplicate.id, 'unmarkDuplicate'), {}, { cookie: ada })).status).toBe(409);
	});
});
