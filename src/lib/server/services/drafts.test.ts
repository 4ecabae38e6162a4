import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GUEST } from '../../domain/actors';
import { LIMITS } from '../../domain/limits';
import type { App } from '../app';
import { createTestApp, recordEvents, steppingClock } from '../../../../tests/support/app';
import { aProject, PLACES } from '../../../../tests/support/builders';
import { signIn, type SignedInPersona } from '../../../../tests/support/personas';
import { UNLIMITED } from '../rate-limits';
import { draftDocumentName } from './drafts';
import { editStoredDraft as edit, storedDraft, writeBody } from '../../../../tests/support/drafts';

describe('drafts', () => {
	let app: App;
	let amira: SignedInPersona;
	let bruno: SignedInPersona;
	let fatou: SignedInPersona;
	let projectId: string;
	// Steps a millisecond per reading (joining order is by time) and moves on when a test says so (expiry).
	const stepping = steppingClock();
	let offset = 0;
	const clock = { now: () => new Date(stepping.now().getTime() + offset), advance: (ms: number) => void (offset += ms) };
	beforeEach(async () => {
		app = await createTestApp({}, { clock, limits: UNLIMITED });
		amira = await signIn(app, 'amira');
		bruno = await signIn(app, 'bruno');
		fatou = await signIn(app, 'fatou');
		projectId = (await aProject(app)).id;
	});
	afterEach(() => app.close());

	const start = (who: SignedInPersona = amira, extra: Record<string, unknown> = {}) =>
		app.services.drafts.create(who.actor, { projectId, title: 'Shade for the tram stop', summary: 'Trees and a roof.', topic: 'green-spaces', location: PLACES.flagey, cost: 12000, ...extra });

	it('[D1] [D25] a citizen starts a draft and is its first co-author; its fields are the document’s first update', async () => {
		const draft = await start();
		expect(draft).toMatchObject({ title: 'Shade for the tram stop', summary: 'Trees and a roof.', visibility: 'private', status: 'open', ideaId: null, authors: [{ id: amira.actor.userId }] });
		expect((await storedDraft(app, draft.id)).fields).toEqual({ title: 'Shade for the tram stop', summary: 'Trees and a roof.', cost: 12000, topic: 'green-spaces', location: PLACES.flagey });
		// Y18: the first update's client id is the creator's, so nobody else can write under it.
		expect([...(await app.services.documents.authorsOf(draftDocumentName(draft.id))).values()]).toEqual([amira.actor.userId]);
	});

	it('[D1] guests start nothing; closed or unknown projects take no drafts', async () => {
		await expect(app.services.drafts.create(GUEST, { projectId, title: 'A title' })).rejects.toMatchObject({ code: 'unauthenticated', key: 'drafts_sign_in_to_write' });
		const closed = await aProject(app, { status: 'closed' });
		await expect(app.services.drafts.create(amira.actor, { projectId: closed.id, title: 'A title' })).rejects.toMatchObject({ code: 'forbidden' });
		await expect(app.services.drafts.create(amira.actor, { projectId: 'nope', title: 'A title' })).rejects.toMatchObject({ code: 'not_found' });
	});

	it('[D2] the fields follow their rules: title 3–120, summary up to 500, whole euros, text hygiene', async () => {
		await expect(start(amira, { title: 'ab' })).rejects.toMatchObject({ code: 'invalid', fields: { title: { key: 'validation_too_short' } } });
		await expect(start(amira, { cost: 12.5 })).rejects.toMatchObject({ code: 'invalid', fields: { cost: { key: 'draft_cost_invalid' } } });
		await expect(start(amira, { cost: -1 })).rejects.toMatchObject({ code: 'invalid' });
		await expect(start(amira, { summary: 'x'.repeat(501) })).rejects.toMatchObject({ code: 'invalid' });
		await expect(start(amira, { title: 'Bad\u0000title' })).rejects.toMatchObject({ code: 'invalid' });
		expect((await start(amira, { title: '  Cafe\u0301 \u202Eterrace  ' })).title).toBe('Café terrace');
	});

	it('[D3] [D4] [D5] co-authors write; a private draft is theirs alone; a public one anyone reads, guests included', async () => {
		const draft = await start();
		const name = draftDocumentName(draft.id);
		await expect(app.services.documents.access(amira.actor, name)).resolves.toBe('write');
		await expect(app.services.documents.access(bruno.actor, name)).rejects.toMatchObject({ code: 'forbidden' });
		await expect(app.services.documents.access(GUEST, name)).rejects.toMatchObject({ code: 'unauthenticated' });
		await expect(app.services.drafts.page(bruno.actor, draft.id)).rejects.toMatchObject({ code: 'not_found' });
		await app.services.drafts.setVisibility(amira.actor, { draftId: draft.id, visibility: 'public' });
		await expect(app.services.documents.access(bruno.actor, name)).resolves.toBe('read');
		await expect(app.services.documents.access(GUEST, name)).resolves.toBe('read');
		// D41: it was private before, so its history stays with its co-authors.
		expect((await app.services.drafts.page(GUEST, draft.id)).rights).toEqual({ manage: false, publish: false, reopen: false, requestJoin: false, readHistory: false });
		await expect(app.services.documents.access(amira.actor, 'draft:nope')).rejects.toMatchObject({ code: 'not_found' });
		await expect(app.services.documents.access(GUEST, 'draft:nope')).rejects.toMatchObject({ code: 'not_found' });
	});

	it('[D6] [D7] [D8] a share link makes a co-author until it expires or is revoked; only its hash is stored', async () => {
		const draft = await start();
		const link = await app.services.drafts.createLink(amira.actor, { draftId: draft.id, hours: 2 });
		expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		const stored = await app.store.drafts.liveLinks(draft.id, new Date().toISOString());
		expect(JSON.stringify(stored)).not.toContain(link.token);
		await expect(app.services.drafts.createLink(bruno.actor, { draftId: draft.id })).rejects.toMatchObject({ code: 'not_found' });
		const joined = await app.services.drafts.acceptLink(bruno.actor, { token: link.token });
		expect(joined.authors.map((author) => author.id)).toEqual([amira.actor.userId, bruno.actor.userId]);
		await expect(app.services.drafts.acceptLink(bruno.actor, { token: link.token })).resolves.toMatchObject({ id: draft.id });
		await expect(app.services.documents.access(bruno.actor, draftDocumentName(draft.id))).resolves.toBe('write');

		clock.advance(2 * 3_600_000 + 1);
		await expect(app.services.drafts.acceptLink(fatou.actor, { token: link.token })).rejects.toMatchObject({ code: 'not_found', key: 'draft_link_invalid' });
		const second = await app.services.drafts.createLink(bruno.actor, { draftId: draft.id });
		await app.services.drafts.revokeLink(amira.actor, { draftId: draft.id, linkId: second.id });
		await expect(app.services.drafts.acceptLink(fatou.actor, { token: second.token })).rejects.toMatchObject({ key: 'draft_link_invalid' });
		await expect(app.services.drafts.acceptLink(fatou.actor, { token: 'A'.repeat(43) })).rejects.toMatchObject({ key: 'draft_link_invalid' });
		await expect(app.services.drafts.revokeLink(amira.actor, { draftId: draft.id, linkId: second.id })).rejects.toMatchObject({ code: 'not_found' });
	});

	it('[D9] [D10] a co-author invites by name; the invitee alone accepts or declines', async () => {
		const draft = await start();
		await expect(app.services.drafts.inviteByName(amira.actor, { draftId: draft.id, name: 'nobody at all' })).rejects.toMatchObject({ code: 'invalid', key: 'draft_invite_name_unknown' });
		await expect(app.services.drafts.inviteByName(amira.actor, { draftId: draft.id, name: 'bruno (CITIZEN)' })).resolves.toMatchObject({ id: bruno.actor.userId });
		await app.services.drafts.inviteByName(amira.actor, { draftId: draft.id, name: 'Fatou (facilitator)' });
		expect((await app.services.drafts.mine(bruno.actor)).invitations).toEqual([expect.objectContaining({ draftId: draft.id, draftTitle: draft.title, invitedBy: expect.objectContaining({ id: amira.actor.userId }) })]);
		expect((await app.services.drafts.page(amira.actor, draft.id)).invited.map((person) => person.id)).toEqual([bruno.actor.userId, fatou.actor.userId]);
		await expect(app.services.drafts.answerInvitation(amira.actor, { draftId: draft.id, accept: true })).rejects.toMatchObject({ code: 'not_found' });
		await app.services.drafts.answerInvitation(bruno.actor, { draftId: draft.id, accept: true });
		await app.services.drafts.answerInvitation(fatou.actor, { draftId: draft.id, accept: false });
		const page = await app.services.drafts.page(amira.actor, draft.id);
		expect(page.draft.authors.map((author) => author.id)).toEqual([amira.actor.userId, bruno.actor.userId]);
		expect(page.invited).toEqual([]);
		await expect(app.services.drafts.answerInvitation(fatou.actor, { draftId: draft.id, accept: true })).rejects.toMatchObject({ code: 'not_found' });
	});

	it('[D9] two accounts with one name are not guessed between', async () => {
		await app.services.accounts.provision({ email: 'other-bruno@test.example', displayName: 'Bruno (citizen)', password: 'correct-horse-battery', role: 'citizen' });
		const draft = await start();
		await expect(app.services.drafts.inviteByName(amira.actor, { draftId: draft.id, name: 'Bruno (citizen)' })).rejects.toMatchObject({ code: 'conflict', key: 'draft_invite_name_ambiguous' });
	});

	it('[D11] a co-author leaves, the last one cannot', async () => {
		const draft = await start();
		await expect(app.services.drafts.leave(amira.actor, { draftId: draft.id })).rejects.toMatchObject({ code: 'conflict', key: 'draft_last_author' });
		await app.services.drafts.acceptLink(bruno.actor, { token: (await app.services.drafts.createLink(amira.actor, { draftId: draft.id })).token });
		await app.services.drafts.leave(amira.actor, { draftId: draft.id });
		await expect(app.services.documents.access(amira.actor, draftDocumentName(draft.id))).rejects.toMatchObject({ code: 'forbidden' });
		expect((await app.services.drafts.mine(amira.actor)).drafts).toEqual([]);
	});

	it('[D17] co-authors, visibility and publish state changes each tell the document’s connections', async () => {
		const draft = await start();
		const events = recordEvents(app);
		const name = draftDocumentName(draft.id);
		await app.services.drafts.setVisibility(amira.actor, { draftId: draft.id, visibility: 'public' });
		await app.services.drafts.setVisibility(amira.actor, { draftId: draft.id, visibility: 'public' });
		await app.services.drafts.acceptLink(bruno.actor, { token: (await app.services.drafts.createLink(amira.actor, { draftId: draft.id })).token });
		await app.services.drafts.leave(bruno.actor, { draftId: draft.id });
		expect(events.filter((event) => event.type === 'document.access-changed')).toEqual([
			{ type: 'document.access-changed', name },
			{ type: 'document.access-changed', name },
			{ type: 'document.access-changed', name }
		]);
	});

	it('[D13] [D16] publishing makes an idea with every co-author credited and the body rendered from the document', async () => {
		const draft = await start();
		await app.services.drafts.acceptLink(bruno.actor, { token: (await app.services.drafts.createLink(amira.actor, { draftId: draft.id })).token });
		await edit(app, draft.id, (doc) => {
			writeBody(doc, 'A row of plane trees along the stop, ', 'and a glass roof<script>x</script>.');
			doc.getMap('fields').set('title', 'Shade and shelter at the Flagey stop');
		});
		const events = recordEvents(app);
		const idea = await app.services.drafts.publish(bruno.actor, { draftId: draft.id });
		expect(idea).toMatchObject({ projectId, title: 'Shade and shelter at the Flagey stop', author: { id: bruno.actor.userId }, topic: { slug: 'green-spaces' }, location: PLACES.flagey });
		expect(idea.body).toBe('<p>Trees and a roof.</p><p>A row of plane trees along the stop, <strong>and a glass roof&lt;script&gt;x&lt;/script&gt;.</strong></p>');
		expect(events.map((event) => event.type)).toEqual(['idea.created', 'document.access-changed']);
		const page = await app.services.ideas.page(GUEST, idea.id);
		expect(page.authors.map((author) => author.id)).toEqual([bruno.actor.userId, amira.actor.userId]);
		// D41: a private draft's history stays with its co-authors.
		expect(page.draft).toEqual({ id: draft.id, cost: 12000, history: false });
		// D14: nobody writes a published draft; everyone reads it.
		await expect(app.services.documents.access(amira.actor, draftDocumentName(draft.id))).resolves.toBe('read');
		await expect(app.services.documents.access(GUEST, draftDocumentName(draft.id))).resolves.toBe('read');
		await expect(app.services.drafts.publish(amira.actor, { draftId: draft.id })).rejects.toMatchObject({ code: 'conflict', key: 'draft_not_open' });
	});

	it('[D13] a draft publishes only under the idea rules, and two co-authors publishing at once make one idea', async () => {
		const draft = await start(amira, { topic: null, location: null });
		await app.services.drafts.acceptLink(bruno.actor, { token: (await app.services.drafts.createLink(amira.actor, { draftId: draft.id })).token });
		await expect(app.services.drafts.publish(amira.actor, { draftId: draft.id })).rejects.toMatchObject({ code: 'invalid', fields: { body: expect.anything(), topic: expect.anything(), location: expect.anything() } });
		await expect(app.services.drafts.publish(fatou.actor, { draftId: draft.id })).rejects.toMatchObject({ code: 'not_found' });
		await edit(app, draft.id, (doc) => {
			writeBody(doc, 'Enough words to be an idea of its own.');
			doc.getMap('fields').set('title', 'Shade for the tram stop at Flagey');
			doc.getMap('fields').set('topic', 'green-spaces');
			doc.getMap('fields').set('location', PLACES.grandPlace);
		});
		const attempts = await Promise.allSettled([app.services.drafts.publish(amira.actor, { draftId: draft.id }), app.services.drafts.publish(bruno.actor, { draftId: draft.id })]);
		expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
		expect(await app.services.ideas.list(GUEST, projectId)).toHaveLength(1);
	});

	it('[D15] a co-author reopens a published draft; publishing again replaces the idea’s text and keeps the old one', async () => {
		const draft = await start();
		await edit(app, draft.id, (doc) => {
			writeBody(doc, 'The first version of the body, long enough.');
			doc.getMap('fields').set('title', 'Shade for the tram stop at Flagey');
		});
		const idea = await app.services.drafts.publish(amira.actor, { draftId: draft.id });
		await expect(app.services.drafts.reopen(bruno.actor, { draftId: draft.id })).rejects.toMatchObject({ code: 'forbidden' });
		const reopened = await app.services.drafts.reopen(amira.actor, { draftId: draft.id });
		expect(reopened).toMatchObject({ status: 'open', ideaId: idea.id });
		await expect(app.services.documents.access(amira.actor, draftDocumentName(draft.id))).resolves.toBe('write');
		await edit(app, draft.id, (doc) => writeBody(doc, 'A second paragraph.'));
		const again = await app.services.drafts.publish(amira.actor, { draftId: draft.id });
		expect(again.id).toBe(idea.id);
		expect(again.body).toContain('A second paragraph.');
		const page = await app.services.ideas.page(GUEST, idea.id);
		expect(page.revisions.map((revision) => revision.body)).toEqual([idea.body]);
		await expect(app.services.drafts.reopen(amira.actor, { draftId: draft.id })).resolves.toMatchObject({ status: 'open' });
		await expect(app.services.drafts.reopen(amira.actor, { draftId: draft.id })).rejects.toMatchObject({ code: 'conflict', key: 'draft_not_published' });
	});

	it('[D41] a draft once private keeps its history to its co-authors, published or made public; one public from the start shares it', async () => {
		const written = async (visibility: 'private' | 'public') => {
			const draft = await start(amira, { visibility });
			await edit(app, draft.id, (doc) => writeBody(doc, 'A sentence the authors later deleted, long enough.'));
			await app.services.documentHistory.save(amira.actor, draftDocumentName(draft.id), { name: 'Before the cut' });
			await edit(app, draft.id, (doc) => writeBody(doc, 'The text as it was published, long enough to post.'));
			return { draft, idea: await app.services.drafts.publish(amira.actor, { draftId: draft.id }) };
		};
		const hidden = await written('private');
		const name = draftDocumentName(hidden.draft.id);
		await expect(app.services.documents.access(bruno.actor, name)).resolves.toBe('read');
		await expect(app.services.documentHistory.list(bruno.actor, name)).rejects.toMatchObject({ code: 'not_found' });
		await expect(app.services.documentHistory.list(GUEST, name)).rejects.toMatchObject({ code: 'unauthenticated' });
		expect((await app.services.documentHistory.list(amira.actor, name)).map((version) => version.name)).toEqual(['Before the cut']);
		expect((await app.services.drafts.page(bruno.actor, hidden.draft.id)).rights.readHistory).toBe(false);
		expect((await app.services.ideas.page(bruno.actor, hidden.idea.id)).draft).toMatchObject({ id: hidden.draft.id, history: false });
		expect((await app.services.ideas.page(amira.actor, hidden.idea.id)).draft).toMatchObject({ history: true });

		const shared = await written('public');
		expect(await app.services.documentHistory.list(GUEST, draftDocumentName(shared.draft.id))).toHaveLength(1);
		expect((await app.services.ideas.page(GUEST, shared.idea.id)).draft).toMatchObject({ history: true });

		// Written in private, then opened to everyone while still being written: its text is everyone's, its past is not.
		const opened = await start();
		await edit(app, opened.id, (doc) => writeBody(doc, 'Said in private, later deleted.'));
		await app.services.documentHistory.save(amira.actor, draftDocumentName(opened.id), { name: 'Private days' });
		await app.services.drafts.setVisibility(amira.actor, { draftId: opened.id, visibility: 'public' });
		await expect(app.services.documents.access(bruno.actor, draftDocumentName(opened.id))).resolves.toBe('read');
		await expect(app.services.documentHistory.list(bruno.actor, draftDocumentName(opened.id))).rejects.toMatchObject({ code: 'not_found' });
		expect((await app.services.drafts.page(bruno.actor, opened.id)).rights.readHistory).toBe(false);
	});

	it('[D42] the idea shows the cost its draft had when published, not what a reopened draft is being changed to', async () => {
		const draft = await start();
		await edit(app, draft.id, (doc) => writeBody(doc, 'A body long enough to be posted as an idea.'));
		const idea = await app.services.drafts.publish(amira.actor, { draftId: draft.id });
		expect((await app.services.ideas.page(GUEST, idea.id)).draft?.cost).toBe(12000);
		await app.services.drafts.reopen(amira.actor, { draftId: draft.id });
		await edit(app, draft.id, (doc) => doc.getMap('fields').set('cost', 99000));
		await app.services.drafts.refresh(amira.actor, { draftId: draft.id });
		expect((await app.store.drafts.find(draft.id))?.cost).toBe(99000);
		expect((await app.services.ideas.page(GUEST, idea.id)).draft?.cost).toBe(12000);
		await app.services.drafts.publish(amira.actor, { draftId: draft.id });
		expect((await app.services.ideas.page(GUEST, idea.id)).draft?.cost).toBe(99000);
	});

	it('[D18] [D19] a citizen asks to join a public draft; a co-author accepts or declines, once', async () => {
		const draft = await start(amira, { visibility: 'public' });
		const events = recordEvents(app);
		await expect(app.services.drafts.requestJoin(amira.actor, { draftId: draft.id })).rejects.toMatchObject({ code: 'conflict' });
		const request = await app.services.drafts.requestJoin(bruno.actor, { draftId: draft.id, message: 'I live next to it.' });
		await expect(app.services.drafts.requestJoin(bruno.actor, { draftId: draft.id, message: 'Again' })).resolves.toMatchObject({ id: request.id, message: 'I live next to it.' });
		expect(events).toEqual([{ type: 'draft.joinRequested', draftId: draft.id, authorIds: [amira.actor.userId], request }]);
		expect((await app.services.drafts.mine(amira.actor)).joinRequests).toEqual([request]);
		expect((await app.services.drafts.page(bruno.actor, draft.id)).myJoinRequest).toBe(true);
		await expect(app.services.drafts.answerJoin(bruno.actor, { requestId: request.id, accept: true })).rejects.toMatchObject({ code: 'forbidden' });
		await app.services.drafts.answerJoin(amira.actor, { requestId: request.id, accept: true });
		await expect(app.services.drafts.answerJoin(amira.actor, { requestId: request.id, accept: false })).rejects.toMatchObject({ code: 'not_found' });
		expect(events.slice(1)).toEqual([
			{ type: 'document.access-changed', name: draftDocumentName(draft.id) },
			{ type: 'draft.joinAnswered', draftId: draft.id, requestId: request.id, requesterId: bruno.actor.userId, authorIds: [amira.actor.userId, bruno.actor.userId], accepted: true }
		]);
		await expect(app.services.documents.access(bruno.actor, draftDocumentName(draft.id))).resolves.toBe('write');

		const declined = await app.services.drafts.requestJoin(fatou.actor, { draftId: draft.id });
		await app.services.drafts.answerJoin(bruno.actor, { requestId: declined.id, accept: false });
		await expect(app.services.documents.access(fatou.actor, draftDocumentName(draft.id))).resolves.toBe('read');
	});

	it('[D18] a private draft takes no join requests and does not say it exists', async () => {
		const draft = await start();
		await expect(app.services.drafts.requestJoin(bruno.actor, { draftId: draft.id })).rejects.toMatchObject({ code: 'not_found' });
		await expect(app.services.drafts.requestJoin(GUEST, { draftId: draft.id })).rejects.toMatchObject({ code: 'unauthenticated' });
	});

	it('[D20] similar drafts: public open drafts of the project with title words in common, none of one’s own', async () => {
		await start(amira, { title: 'Trees along the canal', visibility: 'public' });
		await start(amira, { title: 'Trees for the canal, private', visibility: 'private' });
		await start(amira, { title: 'A new playground', visibility: 'public' });
		expect((await app.services.drafts.similar(bruno.actor, { projectId, title: 'More trees by the canal' })).map((draft) => draft.title)).toEqual(['Trees along the canal']);
		expect(await app.services.drafts.similar(amira.actor, { projectId, title: 'More trees by the canal' })).toEqual([]);
		expect(await app.services.drafts.similar(GUEST, { projectId, title: '%_' })).toEqual([]);
		// Case is folded beyond ASCII: a title written with a capital É is found by a word typed with é.
		await start(amira, { title: 'Éclairage nocturne', visibility: 'public' });
		expect((await app.services.drafts.similar(bruno.actor, { projectId, title: 'Un éclairage doux' })).map((draft) => draft.title)).toEqual(['Éclairage nocturne']);
	});

	it('[D22] a co-author’s refresh copies the stored document’s title, summary and cost into the listing', async () => {
		const draft = await start();
		await edit(app, draft.id, (doc) => {
			doc.getMap('fields').set('title', '  Renamed\u202E title ');
			doc.getMap('fields').set('cost', 'lots');
		});
		await expect(app.services.drafts.refresh(bruno.actor, { draftId: draft.id })).rejects.toMatchObject({ code: 'not_found' });
		expect(await app.services.drafts.refresh(amira.actor, { draftId: draft.id })).toMatchObject({ title: 'Renamed title' });
		expect((await app.store.drafts.find(draft.id))?.cost).toBeNull();
	});

	it('[D23] my drafts lists the drafts one co-writes, most recently changed first', async () => {
		const first = await start(amira, { title: 'First draft' });
		const second = await start(amira, { title: 'Second draft' });
		clock.advance(1000);
		await app.services.drafts.setVisibility(amira.actor, { draftId: first.id, visibility: 'public' });
		expect((await app.services.drafts.mine(amira.actor)).drafts.map((draft) => draft.id)).toEqual([first.id, second.id]);
		await expect(app.services.drafts.mine(GUEST)).rejects.toMatchObject({ code: 'unauthenticated' });
	});
});

describe('drafts limits', () => {
	let app: App;
	afterEach(() => app.close());

	it('[R15] one account starts at most 5 drafts a minute; [R16] [R17] invitations and changes have their own windows', async () => {
		app = await createTestApp();
		const amira = await signIn(app, 'amira');
		const projectId = (await aProject(app)).id;
		const perMinute = LIMITS['draft.create'][0].points;
		const attempts = await Promise.allSettled(Array.from({ length: perMinute + 2 }, (_, n) => app.services.drafts.create(amira.actor, { projectId, title: `Draft number ${n}` })));
		expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(perMinute);
		expect((attempts.find((attempt) => attempt.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'rate_limited' });
		const draftId = (attempts.find((attempt) => attempt.status === 'fulfilled') as PromiseFulfilledResult<{ id: string }>).value.id;
		const links = await Promise.allSettled(Array.from({ length: LIMITS['draft.invite'][0].points + 1 }, () => app.services.drafts.createLink(amira.actor, { draftId })));
		expect(links.filter((attempt) => attempt.status === 'rejected')).toHaveLength(1);
		// Input that does not parse takes no point.
		await expect(app.services.drafts.setVisibility(amira.actor, { draftId, visibility: 'secret' })).rejects.toMatchObject({ code: 'invalid' });
		await expect(app.services.drafts.setVisibility(amira.actor, { draftId, visibility: 'public' })).resolves.toMatchObject({ visibility: 'public' });
	});
});
