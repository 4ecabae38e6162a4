import { HISTORY_LIMITS } from '../domain/document-history';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendParagraph, bodyTexts, paragraphs, setFields, writeBody } from '../../../tests/support/draft-documents';
import { contentOf, restoreUpdate, sameState, stateOf, writersBetween, writtenRunsOf } from './draft-content';
import { bodyHtmlOf } from './draft-html';

function docWith(clientID: number): Y.Doc {
	const doc = new Y.Doc();
	doc.clientID = clientID;
	return doc;
}

describe('draft content', () => {
	it('[D34] renders the body through the allowlist and reads the fields leniently', () => {
		const doc = docWith(1);
		writeBody(doc, {
			type: 'doc',
			content: [
				{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Trees' }] },
				{ type: 'paragraph', content: [{ type: 'text', text: 'Plant ' }, { type: 'text', text: 'oaks', marks: [{ type: 'bold' }] }, { type: 'text', text: ' <script>alert(1)</script>' }] },
				{ type: 'paragraph', content: [{ type: 'text', text: 'link', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] }
			]
		});
		setFields(doc, { title: 'Green square', summary: 42, cost: 1200, topic: 'greenery', location: { lat: 50.84, lng: 'x' } });
		const { fields, body } = contentOf(Y.encodeStateAsUpdate(doc));
		expect(fields).toEqual({ title: 'Green square', summary: '', cost: 1200, topic: 'greenery', location: null });
		expect(bodyHtmlOf(body)).toBe('<h2>Trees</h2><p>Plant <strong>oaks</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p><p>link</p>');
		expect(bodyHtmlOf(contentOf(Y.encodeStateAsUpdate(new Y.Doc())).body)).toBe('');
	});

	it('[D34][D45] a place of NaN, Infinity or beyond the globe reads as no place, as the editor and publishing read it', () => {
		for (const location of [{ lat: Number.NaN, lng: 4.35 }, { lat: 50.84, lng: Number.POSITIVE_INFINITY }, { lat: 1e308, lng: 1e308 }, { lat: 50.84, lng: 4.35, extra: 'x' }]) {
			const doc = docWith(1);
			setFields(doc, { title: 'Somewhere', location });
			expect(contentOf(Y.encodeStateAsUpdate(doc)).fields.location, JSON.stringify(location)).toEqual(location.extra ? { lat: 50.84, lng: 4.35 } : null);
		}
	});

	it('[D38] a restore update makes the body and the fields equal the version, as a new edit on top of the current state', () => {
		const doc = docWith(1);
		writeBody(doc, paragraphs('First', 'Second', 'Third'));
		setFields(doc, { title: 'Old title', cost: 100, topic: 'mobility' });
		const version = Y.encodeStateAsUpdate(doc);
		const editor = docWith(2);
		Y.applyUpdate(editor, version);
		editor.getXmlFragment('body').delete(1, 1);
		appendParagraph(editor, 'Fourth');
		setFields(editor, { title: 'New title', summary: 'Added later' });
		editor.getMap('fields').delete('topic');
		const current = Y.encodeStateAsUpdate(editor);

		const update = restoreUpdate(current, version)!;
		Y.applyUpdate(editor, update);
		expect(bodyTexts(editor)).toEqual(['First', 'Second', 'Third']);
		expect(editor.getMap('fields').toJSON()).toEqual({ title: 'Old title', cost: 100, topic: 'mobility' });
		// Nothing of the history is rewritten: the restore only adds (its deletions are of structs that stay known).
		const before = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(current));
		const after = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(Y.encodeStateAsUpdate(editor)));
		for (const [client, clock] of before) expect(after.get(client)).toBe(clock);
		expect(restoreUpdate(Y.encodeStateAsUpdate(editor), version)).toBeNull();
	});

	it('[D38][D39] a restore keeps the blocks both states share, with who wrote them', () => {
		const amira = docWith(10);
		writeBody(amira, paragraphs('Kept by Amira'));
		const version = Y.encodeStateAsUpdate(amira);
		const bruno = docWith(20);
		Y.applyUpdate(bruno, version);
		appendParagraph(bruno, 'Added by Bruno');
		const update = restoreUpdate(Y.encodeStateAsUpdate(bruno), version)!;
		Y.applyUpdate(bruno, update);
		expect(writtenRunsOf(Y.encodeStateAsUpdate(bruno))).toEqual([[{ text: 'Kept by Amira', client: 10 }]]);
	});

	it('[D38] a restore between states that share almost nothing replaces every block instead of diffing them all', () => {
		const blocks = HISTORY_LIMITS.compareMaxEdits;
		const doc = docWith(30);
		writeBody(doc, paragraphs(...Array.from({ length: blocks }, (_, n) => `Old ${n}`)));
		const version = Y.encodeStateAsUpdate(doc);
		writeBody(doc, paragraphs(...Array.from({ length: blocks }, (_, n) => `New ${n}`)));
		Y.applyUpdate(doc, restoreUpdate(Y.encodeStateAsUpdate(doc), version)!);
		expect(bodyTexts(doc)).toEqual(Array.from({ length: blocks }, (_, n) => `Old ${n}`));
	});

	it('[D38] a restore applied while someone else edits merges with their edit', () => {
		const doc = docWith(1);
		writeBody(doc, paragraphs('Alpha'));
		const version = Y.encodeStateAsUpdate(doc);
		appendParagraph(doc, 'Beta');
		const current = Y.encodeStateAsUpdate(doc);
		const other = docWith(3);
		Y.applyUpdate(other, current);
		appendParagraph(other, 'Gamma');
		Y.applyUpdate(other, restoreUpdate(current, version)!);
		expect(bodyTexts(other)).toEqual(['Alpha', 'Gamma']);
	});

	it('[D31][D35] tells equal states apart from changed ones, and which clients wrote between two', () => {
		const doc = docWith(5);
		writeBody(doc, paragraphs('One'));
		const first = Y.encodeStateAsUpdate(doc);
		expect(sameState(first, stateOf([first, first]))).toBe(true);
		const other = docWith(6);
		Y.applyUpdate(other, first);
		appendParagraph(other, 'Two');
		const second = Y.encodeStateAsUpdate(other);
		expect(sameState(first, second)).toBe(false);
		expect(writersBetween(first, second)).toEqual([6]);
		expect(writersBetween(null, second).sort()).toEqual([5, 6]);
		// A deletion alone changes the state, though no client's clock moves.
		const deleter = docWith(7);
		Y.applyUpdate(deleter, second);
		deleter.getXmlFragment('body').delete(0, 1);
		expect(sameState(second, Y.encodeStateAsUpdate(deleter))).toBe(false);
	});

	it('[D39] gives each run of text the client that typed it', () => {
		const doc = docWith(1);
		writeBody(doc, paragraphs('Hello'));
		const other = docWith(2);
		Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
		const text = (other.getXmlFragment('body').get(0) as Y.XmlElement).get(0) as Y.XmlText;
		text.insert(5, ' world');
		expect(writtenRunsOf(Y.encodeStateAsUpdate(other))).toEqual([
			[
				{ text: 'Hello', client: 1 },
				{ text: ' world', client: 2 }
			]
		]);
	});
});
