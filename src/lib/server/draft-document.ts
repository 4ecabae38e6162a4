import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { DRAFT_BODY_FIELD, DRAFT_FIELDS_MAP, type DraftFields } from '../domain/drafts';
import { bodyHtmlOf } from './draft-html';
import type { DraftDocuments } from './ports';

/** A draft's document on the server: its fields map and its body as sanitized HTML (draft-html.ts). */
export const draftDocuments: DraftDocuments = {
	seed(fields: DraftFields) {
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
		const { clientID } = doc;
		doc.destroy();
		return { update, clientId: clientID };
	},
	read(updates) {
		const doc = new Y.Doc();
		try {
			doc.transact(() => {
				for (const update of updates) Y.applyUpdate(doc, update);
			});
			const fields = doc.getMap(DRAFT_FIELDS_MAP).toJSON() as Record<string, unknown>;
			return { fields, bodyHtml: bodyHtmlOf(yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(DRAFT_BODY_FIELD))) };
		} finally {
			doc.destroy();
		}
	}
};
