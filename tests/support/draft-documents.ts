import { getSchema, type JSONContent } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { RICH_TEXT_STARTER_KIT } from '../../src/lib/domain/rich-text-schema';

/** The editor's schema, to write draft bodies into Y.Docs the way the Tiptap Collaboration binding does. */
const schema = getSchema([StarterKit.configure(RICH_TEXT_STARTER_KIT)]);

/** A ProseMirror document of plain paragraphs. */
export function paragraphs(...texts: string[]): JSONContent {
	return { type: 'doc', content: texts.map((text) => ({ type: 'paragraph', content: text ? [{ type: 'text', text }] : [] })) };
}

/** Replaces the body of `doc` (its `body` XmlFragment) by `content`, in one transaction. */
export function writeBody(doc: Y.Doc, content: JSONContent): void {
	const body = doc.getXmlFragment('body');
	doc.transact(() => {
		body.delete(0, body.length);
		prosemirrorJSONToYXmlFragment(schema, content, body);
	});
}

/** Appends one paragraph to the body of `doc`. */
export function appendParagraph(doc: Y.Doc, text: string): void {
	const paragraph = new Y.XmlElement('paragraph');
	paragraph.insert(0, [new Y.XmlText(text)]);
	const body = doc.getXmlFragment('body');
	body.insert(body.length, [paragraph]);
}

/** The shared fields of a draft document. */
export function setFields(doc: Y.Doc, fields: Record<string, unknown>): void {
	const map = doc.getMap('fields');
	doc.transact(() => {
		for (const [key, value] of Object.entries(fields)) map.set(key, value);
	});
}

/** The body's paragraphs as plain text, one string per top-level block. */
export function bodyTexts(doc: Y.Doc): string[] {
	return doc
		.getXmlFragment('body')
		.toArray()
		.map((block) => (block instanceof Y.XmlElement ? block.toArray().map((child) => (child instanceof Y.XmlText ? child.toString() : '')).join('') : ''));
}

/**
 * A client's copy of a document, synced with `stored` updates: `edit` changes it and returns the update a provider
 * would send.
 */
export function draftEditor(stored: readonly Uint8Array[] = []): { doc: Y.Doc; edit(change: (doc: Y.Doc) => void): Uint8Array; destroy(): void } {
	const doc = new Y.Doc();
	for (const update of stored) Y.applyUpdate(doc, update);
	return {
		doc,
		edit(change) {
			const before = Y.encodeStateVector(doc);
			change(doc);
			return Y.encodeStateAsUpdate(doc, before);
		},
		destroy: () => doc.destroy()
	};
}

/** A document made of stored updates, as a fresh load would see it. */
export function docOfUpdates(updates: readonly Uint8Array[]): Y.Doc {
	const doc = new Y.Doc();
	for (const update of updates) Y.applyUpdate(doc, update);
	return doc;
}
