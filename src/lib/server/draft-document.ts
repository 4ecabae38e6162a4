import { generateHTML } from '@tiptap/html/server';
import StarterKit from '@tiptap/starter-kit';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { DRAFT_BODY_FIELD, DRAFT_FIELDS_MAP, type DraftFields } from '../domain/drafts';
import { RICH_TEXT_STARTER_KIT } from '../domain/rich-text-schema';
import type { DraftDocuments } from './ports';

/** The editor's own extensions: the server reads the body with the schema that wrote it. */
const EXTENSIONS = [StarterKit.configure(RICH_TEXT_STARTER_KIT)];

/** A draft's document on the server: its fields map and its body rendered as HTML (sanitized by the caller). */
export const draftDocuments: DraftDocuments = {
	seed(fields: DraftFields): Uint8Array {
		const doc = new Y.Doc();
		const map = doc.getMap(DRAFT_FIELDS_MAP);
		doc.transact(() => {
			map.set('title', fields.title);
			map.set('summary', fields.summary);
			map.set('cost', fields.cost);
			map.set('topic', fields.topic);
			map.set('location', fields.location);
		});
		const update = Y.encodeStateAsUpdate(doc);
		doc.destroy();
		return update;
	},
	read(updates) {
		const doc = new Y.Doc();
		try {
			doc.transact(() => {
				for (const update of updates) Y.applyUpdate(doc, update);
			});
			const fields = doc.getMap(DRAFT_FIELDS_MAP).toJSON() as Record<string, unknown>;
			const json = yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(DRAFT_BODY_FIELD));
			const content = Array.isArray(json.content) && json.content.length > 0 ? json : { type: 'doc', content: [] };
			return { fields, bodyHtml: generateHTML(content, EXTENSIONS) };
		} finally {
			doc.destroy();
		}
	}
};
