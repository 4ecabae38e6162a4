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
