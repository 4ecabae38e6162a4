import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/lib/server/app';
import { UNLIMITED } from '../../src/lib/server/rate-limits';
import { createTestApp } from '../support/app';
import { aProject, anIdea } from '../support/builders';
import { signIn, type SignedInPersona } from '../support/personas';

/** The drafts store (migration 013) checked the same way on SQLite and PostgreSQL, races included. */
export function draftsContract(label: string, environment: () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>) {
	describe(`drafts contract: ${label}`, () => {
		let app: App;
		let cleanup: () => Promise<void>;
		let amira: SignedInPersona;
		let bruno: SignedInPersona;
		let projectId: string;

		beforeAll(async () => {
			const prepared = await environment();
			cleanup = prepared.cleanup;
			app = await createTestApp(prepared.env, { limits: UNLIMITED });
			amira = await signIn(app, 'amira');
			bruno = await signIn(app, 'bruno');
			projectId = (await aProject(app)).id;
		});
		afterAll(async () => {
			await app?.close();
			await cleanup?.();
		});

		const newDraft = (id: string, overrides: Partial<{ title: string; visibility: string }> = {}) =>
			app.store.drafts.insert({ id, projectId, createdBy: amira.actor.userId, title: 'A draft', summary: '', cost: null, visibility: 'private', language: 'en', createdAt: new Date().toISOString(), ...overrides });

		it('[D3] adds a co-author once, also when the same join races', async () => {
			await newDraft('contract-authors');
			const added = await Promise.all(Array.from({ length: 8 }, () => app.store.drafts.addAuthor('contract-authors', bruno.actor.userId, new Date().toISOString())));
			expect(added.filter(Boolean)).toHaveLength(1);
			expect((await app.store.drafts.authorsOf(['contract-authors'])).map((author) => author.id)).toEqual([bruno.actor.userId]);
		});

		it('[D13] of racing publishes of one draft exactly one moves it from open to published', async () => {
			await newDraft('contract-publish');
			const idea = await anIdea(app, amira.actor, projectId);
			const moved = await Promise.all(
				Array.from({ length: 6 }, () => app.store.transaction(async (tx) => tx.drafts.setStatus('contract-publish', 'open', { status: 'published', ideaId: idea.id, at: new Date().toISOString() })))
			);
			expect(moved.filter(Boolean)).toHaveLength(1);
			expect(await app.store.drafts.findByIdea(idea.id)).toMatchObject({ id: 'contract-publish', status: 'published' });
		});

		it('[D18] keeps one pending join request per person and draft under concurrency', async () => {
			await newDraft('contract-join', { visibility: 'public' });
			const made = await Promise.all(
				Array.from({ length: 6 }, (_, n) => app.store.drafts.requestJoin({ id: `contract-join-${n}`, draftId: 'contract-join', userId: bruno.actor.userId, message: '', createdAt: new Date().toISOString() }))
			);
			expect(made.filter(Boolean)).toHaveLength(1);
			expect(await app.store.drafts.joinRequestsOf(['contract-join'])).toHaveLength(1);
		});

		it('[D9] finds accounts by display name, case aside', async () => {
			expect((await app.store.drafts.usersNamed('AMIRA (CITIZEN)')).map((user) => user.id)).toEqual([amira.actor.userId]);
			expect(await app.store.drafts.usersNamed('amira')).toEqual([]);
		});

		it('[D6] [D8] finds a link by its hash, lists live links only, revokes once', async () => {
			await newDraft('contract-links');
			const at = new Date().toISOString();
			const later = new Date(Date.now() + 3_600_000).toISOString();
			await app.store.drafts.insertLink({ id: 'contract-link-1', draftId: 'contract-links', tokenHash: 'hash-1', createdBy: amira.actor.userId, createdAt: at, expiresAt: later });
			await app.store.drafts.insertLink({ id: 'contract-link-2', draftId: 'contract-links', tokenHash: 'hash-2', createdBy: amira.actor.userId, createdAt: at, expiresAt: at });
			expect(await app.store.drafts.findLinkByHash('hash-1')).toMatchObject({ id: 'contract-link-1', draftId: 'contract-links', revokedAt: null });
			expect((await app.store.drafts.liveLinks('contract-links', at)).map((link) => link.id)).toEqual(['contract-link-1']);
			expect(await app.store.drafts.revokeLink('contract-links', 'contract-link-1', at)).toBe(true);
			expect(await app.store.drafts.revokeLink('contract-links', 'contract-link-1', at)).toBe(false);
			expect(await app.store.drafts.liveLinks('contract-links', at)).toEqual([]);
		});

		it('[D20] finds public open drafts by a title word, case aside (beyond ASCII too), as text and never as a pattern', async () => {
			await newDraft('contract-similar-1', { title: 'Benches on the Canal side', visibility: 'public' });
			await newDraft('contract-similar-2', { title: 'Canal benches, private', visibility: 'private' });
			await newDraft('contract-similar-3', { title: '100% pure fun', visibility: 'public' });
			await newDraft('contract-similar-4', { title: 'Éclairage nocturne', visibility: 'public' });
			expect((await app.store.drafts.publicWithTerms(projectId, ['canal'], 10)).map((draft) => draft.id)).toEqual(['contract-similar-1']);
			expect((await app.store.drafts.publicWithTerms(projectId, ['éclairage'], 10)).map((draft) => draft.id)).toEqual(['contract-similar-4']);
			// A % or _ is a character like any other: it finds the title that holds it, never every title.
			expect((await app.store.drafts.publicWithTerms(projectId, ['%'], 10)).map((draft) => draft.id)).toEqual(['contract-similar-3']);
			expect(await app.store.drafts.publicWithTerms(projectId, ['_'], 10)).toEqual([]);
			expect(await app.store.drafts.publicWithTerms(projectId, [''], 10)).toEqual([]);
		});

		it('[D16] credits an idea’s authors in order, replacing earlier credits', async () => {
			const idea = await anIdea(app, amira.actor, projectId);
			await app.store.drafts.creditIdea(idea.id, [bruno.actor.userId, amira.actor.userId]);
			expect((await app.store.drafts.ideaAuthors(idea.id)).map((author) => author.id)).toEqual([bruno.actor.userId, amira.actor.userId]);
			await app.store.drafts.creditIdea(idea.id, [amira.actor.userId]);
			expect((await app.store.drafts.ideaAuthors(idea.id)).map((author) => author.id)).toEqual([amira.actor.userId]);
		});
	});
}
