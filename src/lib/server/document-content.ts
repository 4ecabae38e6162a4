import { contentOf, restoreUpdate, sameState, stateOf, writersBetween, writtenRunsOf } from './draft-content';
import { bodyHtmlOf } from './draft-html';
import type { DocumentContent } from './services/document-history';

/** History's view of a draft's Yjs document (services/document-history.ts), with yjs and Tiptap underneath. */
export const draftDocumentContent: DocumentContent = {
	stateOf,
	sameState,
	writersBetween,
	render(state) {
		const { fields, body } = contentOf(state);
		return { fields, bodyHtml: bodyHtmlOf(body) };
	},
	restoreUpdate,
	writtenRuns: writtenRunsOf
};
