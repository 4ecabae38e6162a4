import * as Y from 'yjs';
import type { App } from '../../src/lib/server/app';
import { draftDocumentName } from '../../src/lib/server/services/drafts';

async function storedDoc(app: App, draftId: string): Promise<Y.Doc> {
	const doc = new Y.Doc();
	for (const update of (await app.services.documents.load(draftDocumentName(draftId))).updates) Y.applyUpdate(doc, update);
	return doc;
}

/** A draft's document as stored: its fields and the text of its body. */
export async function storedDraft(app: App, draftId: string): Promise<{ fields: Record<string, unknown>; text: string }> {
	const doc = await storedDoc(app, draftId);
	const result = { fields: doc.getMap('fields').toJSON() as Record<string, unknown>, text: doc.getXmlFragment('body').toString() };
	doc.destroy();
	return result;
}

/** Writes into a draft's stored document as an editor's update would: `change` edits the doc, its update is appended. */
export async function editStoredDraft(app: App, draftId: string, change: (doc: Y.Doc) => void): Promise<void> {
	const doc = await storedDoc(app, draftId);
	const before = Y.encodeStateVector(doc);
	change(doc);
	await app.services.documents.append(draftDocumentName(draftId), Y.encodeStateAsUpdate(doc, before));
	doc.destroy();
}

/** Appends a paragraph to a draft's body as Tiptap writes one: plain text, then optionally a bold run. */
export function writeBody(doc: Y.Doc, text: string, bold = ''): void {
	const fragment = doc.getXmlFragment('body');
	const paragraph = new Y.XmlElement('paragraph');
	const content = new Y.XmlText();
	content.insert(0, text);
	if (bold) content.insert(text.length, bold, { bold: true });
	paragraph.insert(0, [content]);
	fragment.insert(fragment.length, [paragraph]);
}
