import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { aProject } from '../support/builders';
import { appendParagraph, bodyTexts, docOfUpdates, paragraphs, setFields, writeBody } from '../support/draft-documents';
import { signIn, type SignedInPersona } from '../support/personas';
import { startTestServer, type TestServer } from '../support/server';
import { openProvider, waitForDocs } from '../support/yjs';
import type { WebsocketProvider } from 'y-websocket';

/**
 * D38 end to end below the pages: real server on port 0 (SQLite file), real y-websocket providers. A restore made
 * through the service reaches every connected editor live, and what is stored afterwards is what they show.
 */
describe('document history with live editors', () => {
	let server: TestServer;
	let providers: WebsocketProvider[] = [];
	let name: string;
	let fatou: SignedInPersona;
	let amira: SignedInPersona;

	beforeEach(async () => {
		server = await startTestServer();
		name = `notes:${(await aProject(server.app)).id}`;
		fatou = await signIn(server.app, 'fatou');
		amira = await signIn(server.app, 'amira');
	});
	afterEach(async () => {
		for (const provider of providers) {
			provider.destroy();
			provider.doc.destroy();
		}
		providers = [];
		await server.close();
	});

	async function open(persona: SignedInPersona): Promise<Y.Doc> {
		const provider = await openProvider(server.url, name, persona.cookie);
		providers.push(provider);
		return provider.doc;
	}

	const textsOf = (doc: Y.Doc) => JSON.stringify(bodyTexts(doc));

	it('[D38] a restore reaches connected editors live and is stored as they show it', async () => {
		const writer = await open(fatou);
		const reader = await open(amira);
		writeBody(writer, paragraphs('Plant trees on the square.'));
		setFields(writer, { title: 'Green square' });
		await waitForDocs([reader], () => bodyTexts(reader).length === 1, () => `the reader to see the first text, has ${textsOf(reader)}`);
		const history = server.app.services.documentHistory;
		// The writer's update is stored once the room has written it; the version reads storage.
		await waitForStored(['Plant trees on the square.']);
		const version = await history.save(fatou.actor, name, { name: 'First' });

		appendParagraph(writer, 'Add a parking lot.');
		setFields(writer, { title: 'Parking square' });
		await waitForStored(['Plant trees on the square.', 'Add a parking lot.']);

		const result = await history.restore(fatou.actor, name, version.id);
		expect(result.changed).toBe(true);
		const restored = JSON.stringify(['Plant trees on the square.']);
		await waitForDocs([writer, reader], () => textsOf(writer) === restored && textsOf(reader) === restored, () => `both editors to show the restored text: ${textsOf(writer)} / ${textsOf(reader)}`);
		expect(reader.getMap('fields').get('title')).toBe('Green square');
		expect(writer.getMap('fields').get('title')).toBe('Green square');

		// The writer keeps typing after the restore: the restore was an edit like any other.
		appendParagraph(writer, 'And benches.');
		await waitForStored(['Plant trees on the square.', 'And benches.']);
		const comparison = await history.compare(amira.actor, name, version.id);
		expect(comparison.bodyHtml).toBe('<p>Plant trees on the square.</p><p><ins>And benches.</ins></p>');
	});

	it('[D35][D39] versions and "who wrote what" name the writers the server saw, whatever the document claims', async () => {
		const ada = await signIn(server.app, 'ada');
		const fatouDoc = await open(fatou);
		const adaDoc = await open(ada);
		writeBody(fatouDoc, paragraphs('Fatou wrote this.'));
		await waitForStored(['Fatou wrote this.']);
		await waitForDocs([adaDoc], () => bodyTexts(adaDoc).length === 1, () => 'Ada to see Fatou’s text');
		appendParagraph(adaDoc, 'Ada added this.');
		// A claim inside the document is only text: it names nobody.
		setFields(adaDoc, { author: fatou.actor.userId });
		await waitForStored(['Fatou wrote this.', 'Ada added this.']);

		const version = await server.app.services.documentHistory.save(fatou.actor, name, { name: 'Both' });
		expect(version.authors.map((author) => author.id).sort()).toEqual([ada.actor.userId, fatou.actor.userId].sort());
		const attribution = await server.app.services.documentHistory.attribution(amira.actor, name);
		const nameOf = (index: number | null) => (index === null ? null : attribution.authors[index]!.displayName);
		expect(attribution.blocks.map((block) => block.segments.map((segment) => [segment.text, nameOf(segment.author)]))).toEqual([
			[['Fatou wrote this.', fatou.actor.displayName]],
			[['Ada added this.', ada.actor.displayName]]
		]);
		expect(attribution.unknownCharacters).toBe(0);

		// A restore is credited to the co-author who made it: the text it brings back is theirs from then on.
		appendParagraph(adaDoc, 'More from Ada.');
		await waitForStored(['Fatou wrote this.', 'Ada added this.', 'More from Ada.']);
		const first = await server.app.services.documentHistory.save(fatou.actor, name, { name: 'Three' });
		writeBody(adaDoc, paragraphs('Ada replaced everything.'));
		await waitForStored(['Ada replaced everything.']);
		await server.app.services.documentHistory.restore(fatou.actor, name, first.id);
		await waitForStored(['Fatou wrote this.', 'Ada added this.', 'More from Ada.']);
		const after = await server.app.services.documentHistory.attribution(amira.actor, name);
		expect(after.authors.map((author) => author.id)).toEqual([fatou.actor.userId]);
	});

	async function waitForStored(texts: string[]): Promise<void> {
		const wanted = JSON.stringify(texts);
		for (let attempt = 0; attempt < 250; attempt++) {
			const doc = docOfUpdates((await server.app.services.documents.load(name)).updates);
			const stored = textsOf(doc);
			doc.destroy();
			if (stored === wanted) return;
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		throw new Error(`the stored document never became ${wanted}`);
	}
});
