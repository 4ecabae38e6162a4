import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GUEST } from '../../domain/actors';
import { HISTORY_LIMITS } from '../../domain/document-history';
import { LIMITS } from '../../domain/limits';
import type { App } from '../app';
import { createTestApp, manualClock } from '../../../../tests/support/app';
import { aProject } from '../../../../tests/support/builders';
import { appendParagraph, bodyTexts, docOfUpdates, draftEditor, paragraphs, setFields, writeBody } from '../../../../tests/support/draft-documents';
import { signIn, type SignedInPersona } from '../../../../tests/support/personas';

/** History on a real in-memory store, on the `notes:<projectId>` kind: staff write, citizens read (Y2). */
describe('document history', () => {
	let app: App;
	let clock: ReturnType<typeof manualClock>;
	let name: string;
	let fatou: SignedInPersona;
	let amira: SignedInPersona;
	/** The editor's copy of the document; every change is stored as the rooms would store it. */
	let editor: ReturnType<typeof draftEditor>;

	beforeEach(async () => {
		clock = manualClock();
		app = await createTestApp({}, { clock });
		name = `notes:${(await aProject(app)).id}`;
		fatou = await signIn(app, 'fatou');
		amira = await signIn(app, 'amira');
		editor = draftEditor();
	});
	afterEach(async () => {
		editor.destroy();
		await app.close();
	});

	/** Makes a change in the editor's copy and stores its update, as a room does. */
	async function edit(change: Parameters<typeof editor.edit>[0]): Promise<void> {
		await app.services.documents.append(name, editor.edit(change));
	}

	/** The document as stored now. */
	async function stored() {
		return docOfUpdates((await app.services.documents.load(name)).updates);
	}

	/** Background work (automatic versions) finishes within a few turns; this waits for the list to show it. */
	async function versionsOnceSettled(count: number) {
		for (let attempt = 0; attempt < 200; attempt++) {
			const versions = await app.services.documentHistory.list(fatou.actor, name);
			if (versions.length >= count) return versions;
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
		return app.services.documentHistory.list(fatou.actor, name);
	}

	it('[D32][D34] a writer names a version; readers list and view it, newest first', async () => {
		await edit((doc) => {
			writeBody(doc, paragraphs('Plant trees on the square.'));
			setFields(doc, { title: 'Green square', cost: 5000 });
		});
		const first = await app.services.documentHistory.save(fatou.actor, name, { name: '  First  draft ' });
		await edit((doc) => appendParagraph(doc, 'And benches.'));
		const second = await app.services.documentHistory.save(fatou.actor, name, { name: 'With benches' });
		expect(first).toMatchObject({ number: 1, kind: 'named', name: 'First draft', createdBy: { id: fatou.actor.userId, displayName: fatou.actor.displayName, role: 'facilitator' } });
		const list = await app.services.documentHistory.list(amira.actor, name);
		expect(list.map((version) => version.name)).toEqual(['With benches', 'First draft']);
		expect(list[0]).toEqual(second);
		const view = await app.services.documentHistory.view(amira.actor, name, first.id);
		expect(view.bodyHtml).toBe('<p>Plant trees on the square.</p>');
		expect(view.fields).toEqual({ title: 'Green square', summary: '', cost: 5000, topic: null, location: null });
	});

	it('[D32] only writers save; guests are asked to sign in', async () => {
		await expect(app.services.documentHistory.save(amira.actor, name, { name: 'Mine' })).rejects.toMatchObject({ code: 'forbidden', key: 'history_forbidden' });
		await expect(app.services.documentHistory.save(GUEST, name, { name: 'Mine' })).rejects.toMatchObject({ code: 'unauthenticated' });
		await expect(app.services.documentHistory.list(GUEST, name)).rejects.toMatchObject({ code: 'unauthenticated' });
		await expect(app.services.documentHistory.list(fatou.actor, 'notes:nothing-here')).rejects.toMatchObject({ code: 'not_found' });
	});

	it('[D32] refuses garbage names and ids without taking a point of R22', async () => {
		const garbage: unknown[] = [null, 'a name', {}, { name: '' }, { name: '   ' }, { name: 'x'.repeat(81) }, { name: 'bad\u0000name' }, { name: 42 }, { name: 'ok', extra: 1 }];
		for (const input of garbage) await expect(app.services.documentHistory.save(fatou.actor, name, input)).rejects.toMatchObject({ code: 'invalid' });
		for (const id of [null, 42, '', '../x', 'x'.repeat(65), 'unknown']) {
			await expect(app.services.documentHistory.view(fatou.actor, name, id)).rejects.toMatchObject({ code: 'not_found', key: 'history_version_not_found' });
			await expect(app.services.documentHistory.restore(fatou.actor, name, id)).rejects.toMatchObject({ code: 'not_found' });
		}
		for (let index = 0; index < 10; index++) await app.services.documentHistory.save(fatou.actor, name, { name: `Version ${index}` });
	});

	it('[R23] heavy history reads (view, compare, who wrote what) stop at 60 a minute per account', async () => {
		const version = await app.services.documentHistory.save(fatou.actor, name, { name: 'To read' });
		const perMinute = LIMITS['document.read'][0].points;
		for (let index = 0; index < perMinute - 2; index++) await app.services.documentHistory.view(amira.actor, name, version.id);
		await app.services.documentHistory.compare(amira.actor, name, version.id);
		await app.services.documentHistory.attribution(amira.actor, name);
		await expect(app.services.documentHistory.view(amira.actor, name, version.id)).rejects.toMatchObject({ code: 'rate_limited' });
		await expect(app.services.documentHistory.compare(amira.actor, name, version.id)).rejects.toMatchObject({ code: 'rate_limited' });
		await expect(app.services.documentHistory.view(fatou.actor, name, version.id)).resolves.toMatchObject({ version: { id: version.id } });
	});

	it('[R22] an account saves and restores at most 10 versions a minute', async () => {
		const saved = [];
		for (let index = 0; index < 9; index++) saved.push(await app.services.documentHistory.save(fatou.actor, name, { name: `Version ${index}` }));
		await app.services.documentHistory.restore(fatou.actor, name, saved[0]!.id);
		await expect(app.services.documentHistory.save(fatou.actor, name, { name: 'One too many' })).rejects.toMatchObject({ code: 'rate_limited' });
		await expect(app.services.documentHistory.restore(fatou.actor, name, saved[1]!.id)).rejects.toMatchObject({ code: 'rate_limited' });
		// Another writer has their own allowance.
		const ada = await signIn(app, 'ada');
		await expect(app.services.documentHistory.save(ada.actor, name, { name: 'Ada’s' })).resolves.toMatchObject({ name: 'Ada’s' });
	});

	it('[D31] [D44] an automatic version is taken at the first edit five minutes after the editing began, not before', async () => {
		const taken: unknown[] = [];
		app.events.subscribe((event) => void (event.type === 'document.versionTaken' && taken.push(event)));
		await edit((doc) => writeBody(doc, paragraphs('Started')));
		clock.advance(HISTORY_LIMITS.automaticAfterMs - 1_000);
		await edit((doc) => appendParagraph(doc, 'Still going'));
		expect(await app.services.documentHistory.list(fatou.actor, name)).toEqual([]);
		clock.advance(1_000);
		await edit((doc) => appendParagraph(doc, 'Five minutes in'));
		const versions = await versionsOnceSettled(1);
		expect(versions).toMatchObject([{ number: 1, kind: 'automatic', name: null, createdBy: null }]);
		// D44: the version was told to whoever follows the history, as listed.
		expect(taken).toEqual([{ type: 'document.versionTaken', name, version: versions[0] }]);
		const view = await app.services.documentHistory.view(fatou.actor, name, versions[0]!.id);
		expect(view.bodyHtml).toBe('<p>Started</p><p>Still going</p><p>Five minutes in</p>');
		// The clock starts again at the next edit.
		clock.advance(HISTORY_LIMITS.automaticAfterMs);
		await edit((doc) => appendParagraph(doc, 'After a pause'));
		clock.advance(HISTORY_LIMITS.automaticAfterMs - 1_000);
		await edit((doc) => appendParagraph(doc, 'Not yet'));
		expect(await app.services.documentHistory.list(fatou.actor, name)).toHaveLength(1);
	});

	it('[D31] no automatic version soon after a named one, nor of a state already kept', async () => {
		await edit((doc) => writeBody(doc, paragraphs('Text')));
		clock.advance(HISTORY_LIMITS.automaticAfterMs);
		await app.services.documentHistory.save(fatou.actor, name, { name: 'Named' });
		await edit((doc) => appendParagraph(doc, 'More'));
		clock.advance(HISTORY_LIMITS.automaticAfterMs - 1);
		await edit((doc) => appendParagraph(doc, 'Even more'));
		expect(await app.services.documentHistory.list(fatou.actor, name)).toHaveLength(1);
	});

	it('[D36] compares a version with the current text: additions and removals marked, fields side by side', async () => {
		await edit((doc) => {
			writeBody(doc, paragraphs('Plant trees on the square.', 'Remove the parking.'));
			setFields(doc, { title: 'Green square', cost: 5000 });
		});
		const version = await app.services.documentHistory.save(fatou.actor, name, { name: 'Before' });
		await edit((doc) => {
			writeBody(doc, paragraphs('Plant oak trees on the square.'));
			setFields(doc, { title: 'Greener square', cost: 7000 });
		});
		const comparison = await app.services.documentHistory.compare(amira.actor, name, version.id);
		expect(comparison.bodyHtml).toBe('<p>Plant <ins>oak </ins>trees on the square. <del>Remove the parking.</del></p>');
		expect(comparison).toMatchObject({ additions: 2, removals: 2 });
		expect(comparison.fields.find((field) => field.field === 'title')).toEqual({
			field: 'title',
			changed: true,
			before: 'Green square',
			after: 'Greener square',
			diffHtml: '<del>Green</del><ins>Greener</ins> square'
		});
		expect(comparison.fields.find((field) => field.field === 'cost')).toEqual({ field: 'cost', changed: true, before: 5000, after: 7000, diffHtml: null });
		expect(comparison.fields.find((field) => field.field === 'topic')).toMatchObject({ changed: false });
	});

	it('[D37][D38] a restore is a new edit: the current state is kept first, and restoring that undoes it', async () => {
		await edit((doc) => {
			writeBody(doc, paragraphs('Original text.'));
			setFields(doc, { title: 'Original' });
		});
		const original = await app.services.documentHistory.save(fatou.actor, name, { name: 'Original' });
		await edit((doc) => {
			writeBody(doc, paragraphs('Rewritten text.'));
			setFields(doc, { title: 'Rewritten' });
		});
		const rowsBefore = (await app.services.documents.load(name)).updates.length;

		const result = await app.services.documentHistory.restore(fatou.actor, name, original.id);
		expect(result).toMatchObject({ changed: true, restored: { id: original.id }, saved: { kind: 'before-restore', restoredFrom: original.number, createdBy: { id: fatou.actor.userId } } });
		const afterRestore = await stored();
		expect(bodyTexts(afterRestore)).toEqual(['Original text.']);
		expect(afterRestore.getMap('fields').get('title')).toBe('Original');
		// Appended, not rewritten: every earlier update is still stored.
		expect((await app.services.documents.load(name)).updates.length).toBe(rowsBefore + 1);

		await app.services.documentHistory.restore(fatou.actor, name, result.saved.id);
		const undone = await stored();
		expect(bodyTexts(undone)).toEqual(['Rewritten text.']);
		expect(undone.getMap('fields').get('title')).toBe('Rewritten');
		expect((await app.services.documentHistory.list(fatou.actor, name)).map((version) => version.kind)).toEqual(['before-restore', 'before-restore', 'named']);
	});

	it('[D38] restoring the version the document already equals changes nothing', async () => {
		await edit((doc) => writeBody(doc, paragraphs('Same')));
		const version = await app.services.documentHistory.save(fatou.actor, name, { name: 'Same' });
		const rows = (await app.services.documents.load(name)).updates.length;
		expect(await app.services.documentHistory.restore(fatou.actor, name, version.id)).toMatchObject({ changed: false });
		expect((await app.services.documents.load(name)).updates.length).toBe(rows);
	});

	it('[D37] only writers restore', async () => {
		await edit((doc) => writeBody(doc, paragraphs('Text')));
		const version = await app.services.documentHistory.save(fatou.actor, name, { name: 'V' });
		await expect(app.services.documentHistory.restore(amira.actor, name, version.id)).rejects.toMatchObject({ code: 'forbidden' });
		await expect(app.services.documentHistory.restore(GUEST, name, version.id)).rejects.toMatchObject({ code: 'unauthenticated' });
	});

	it('[D34] a version id of another document finds nothing', async () => {
		const other = `notes:${(await aProject(app, { slug: 'another-project' })).id}`;
		const version = await app.services.documentHistory.save(fatou.actor, other, { name: 'Elsewhere' });
		await expect(app.services.documentHistory.view(fatou.actor, name, version.id)).rejects.toMatchObject({ code: 'not_found' });
	});

	it('[D39] without recorded owners every character is of an unknown writer', async () => {
		await edit((doc) => writeBody(doc, paragraphs('Hello', 'World')));
		expect(await app.services.documentHistory.attribution(amira.actor, name)).toEqual({
			authors: [],
			unknownCharacters: 10,
			blocks: [{ segments: [{ text: 'Hello', author: null }] }, { segments: [{ text: 'World', author: null }] }]
		});
	});
});
