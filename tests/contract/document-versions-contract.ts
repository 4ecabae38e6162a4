import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/lib/server/app';
import { UNLIMITED } from '../../src/lib/server/rate-limits';
import type { DocumentVersionWithSnapshot } from '../../src/lib/server/storage/store';
import { createTestApp } from '../support/app';
import { signIn } from '../support/personas';

/** D30–D33: the document_versions repository, the same on SQLite and PostgreSQL. */
export function documentVersionsContract(label: string, environment: () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>) {
	describe(`document versions contract: ${label}`, () => {
		let app: App;
		let cleanup: () => Promise<void>;
		let sequence = 0;

		beforeAll(async () => {
			const prepared = await environment();
			cleanup = prepared.cleanup;
			app = await createTestApp(prepared.env, { limits: UNLIMITED });
		});
		afterAll(async () => {
			await app?.close();
			await cleanup?.();
		});

		function aVersion(document: string, overrides: Partial<Omit<DocumentVersionWithSnapshot, 'number'>> = {}): Omit<DocumentVersionWithSnapshot, 'number'> {
			sequence++;
			return {
				id: `version-${label.replace(/\W/g, '')}-${sequence}`,
				document,
				kind: 'automatic',
				name: null,
				snapshot: new Uint8Array([0, 1, 255, sequence % 256]),
				createdBy: null,
				authors: [],
				restoredFrom: null,
				createdAt: new Date(Date.UTC(2026, 5, 1, 10, 0, sequence)).toISOString(),
				...overrides
			};
		}

		it('[D30] numbers versions per document and keeps their state byte for byte', async () => {
			const { actor } = await signIn(app, 'fatou');
			expect(await app.store.documentVersions.insert(aVersion('doc:a'))).toBe(1);
			expect(await app.store.documentVersions.insert(aVersion('doc:b'))).toBe(1);
			const named = aVersion('doc:a', { kind: 'named', name: 'Named', createdBy: actor.userId, authors: [actor.userId], snapshot: new Uint8Array(70_000).fill(7) });
			expect(await app.store.documentVersions.insert(named)).toBe(2);
			const latest = await app.store.documentVersions.latest('doc:a');
			expect(latest).toMatchObject({ id: named.id, number: 2, kind: 'named', name: 'Named', createdBy: actor.userId, authors: [actor.userId], restoredFrom: null });
			expect(latest!.snapshot).toEqual(named.snapshot);
			expect(await app.store.documentVersions.find('doc:b', named.id)).toBeUndefined();
			expect(await app.store.documentVersions.find('doc:a', named.id)).toMatchObject({ number: 2 });
			expect(await app.store.documentVersions.latest('doc:none')).toBeUndefined();
			expect(await app.store.documentVersions.people([actor.userId, 'nobody'])).toEqual([{ id: actor.userId, displayName: actor.displayName, role: 'facilitator' }]);
		});

		it('[D30] versions taken at once get distinct numbers', async () => {
			const numbers = await Promise.all(Array.from({ length: 8 }, () => app.store.documentVersions.insert(aVersion('doc:race'))));
			expect([...numbers].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		});

		it('[D34] lists newest first, at most as many as asked, without states', async () => {
			for (let index = 0; index < 5; index++) await app.store.documentVersions.insert(aVersion('doc:list', { restoredFrom: index === 4 ? 2 : null, kind: index === 4 ? 'before-restore' : 'automatic' }));
			const list = await app.store.documentVersions.list('doc:list', 3);
			expect(list.map((version) => version.number)).toEqual([5, 4, 3]);
			expect(list[0]).toMatchObject({ kind: 'before-restore', restoredFrom: 2 });
			expect(list[0]).not.toHaveProperty('snapshot');
		});

		it('[D33] pruning keeps the newest automatic versions and every other kind', async () => {
			for (let index = 0; index < 6; index++) await app.store.documentVersions.insert(aVersion('doc:prune', { kind: index % 2 === 0 ? 'automatic' : 'named', name: index % 2 === 0 ? null : `N${index}` }));
			expect(await app.store.documentVersions.pruneAutomatic('doc:prune', 1)).toBe(2);
			expect((await app.store.documentVersions.list('doc:prune', 10)).map((version) => `${version.number}:${version.kind}`)).toEqual(['6:named', '5:automatic', '4:named', '2:named']);
			expect(await app.store.documentVersions.pruneAutomatic('doc:prune', 1)).toBe(0);
		});
	});
}
