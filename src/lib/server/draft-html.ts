import { generateHTML } from '@tiptap/html/server';
import StarterKit from '@tiptap/starter-kit';
import type { JSONContent } from '@tiptap/core';
import { RICH_TEXT_STARTER_KIT } from '../domain/rich-text-schema';
import { sanitizeRichText } from './rich-text';

/**
 * The editor's own extensions on the server (rich-text-schema.ts): what a draft's body can hold. Rendering with
 * them and then through the one allowlist (rich-text.ts) means a body that a client filled with anything else still
 * comes out as the allowlist's HTML.
 */
const EXTENSIONS = [StarterKit.configure(RICH_TEXT_STARTER_KIT)];

/** A ProseMirror document (from `yXmlFragmentToProsemirrorJSON`) as sanitized HTML; an empty body is ''. */
export function bodyHtmlOf(body: Record<string, unknown>): string {
	const content = (body as JSONContent).content;
	if (!content || content.length === 0) return '';
	try {
		return sanitizeRichText(generateHTML(body as JSONContent, EXTENSIONS)).html;
	} catch {
		// A node the schema does not know (written by a client with other extensions): keep the text of what renders.
		return sanitizeRichText(generateHTML({ type: 'doc', content: content.filter(knownNode) }, EXTENSIONS)).html;
	}
}

const KNOWN = new Set(['paragraph', 'heading', 'bulletList', 'orderedList', 'listItem', 'blockquote', 'text', 'hardBreak']);
function knownNode(node: JSONContent): boolean {
	return KNOWN.has(node.type ?? '') && (node.content ?? []).every(knownNode);
}
