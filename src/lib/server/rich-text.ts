import sanitizeHtml from 'sanitize-html';
import { looksLikeMarkup, paragraphsOf, RICH_TEXT_LINK_HREF } from '../domain/rich-text';
import type { RichTextSanitizer, SanitizedRichText } from './ports';

export { paragraphsOf };

/**
 * The one allowlist rich idea bodies pass through on the server (docs/SECURITY.md): what the editor can make and
 * nothing else. Anything outside it is dropped, its text kept, except in `script`/`style`/`textarea`/`noscript`,
 * whose contents go too.
 */
export const RICH_TEXT_TAGS = ['p', 'br', 'strong', 'em', 'ul', 'ol', 'li', 'h2', 'h3', 'blockquote', 'a'] as const;
export const RICH_TEXT_LINK_SCHEMES = ['http', 'https', 'mailto'] as const;
/** Every link is someone else's: no ranking credit (nofollow, ugc), no handle on this page (noopener). */
export const RICH_TEXT_LINK_REL = 'nofollow ugc noopener';

const ALLOWLIST: sanitizeHtml.IOptions = {
	allowedTags: [...RICH_TEXT_TAGS],
	allowedAttributes: { a: ['href', 'rel'] },
	allowedSchemes: [...RICH_TEXT_LINK_SCHEMES],
	allowedSchemesAppliedToAttributes: ['href'],
	allowProtocolRelative: false,
	allowedClasses: {},
	allowedStyles: {},
	allowVulnerableTags: false,
	disallowedTagsMode: 'discard',
	nonTextTags: ['script', 'style', 'textarea', 'noscript', 'option', 'template', 'iframe', 'object', 'svg', 'math'],
	parser: { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
	transformTags: {
		// Bold and italic come as <b>/<i> from pasted text: keep them as what the editor makes.
		b: 'strong',
		i: 'em',
		h1: 'h2',
		h4: 'h3',
		h5: 'h3',
		h6: 'h3',
		// A link keeps only an absolute http(s) or mailto address and always our rel; without one it is plain text (a
		// tag outside the allowlist, so only its text stays). `target` is never kept: links open where the reader chooses.
		a: (_tagName, attributes) => {
			const href = (attributes.href ?? '').trim();
			const attribs: sanitizeHtml.Attributes = RICH_TEXT_LINK_HREF.test(href) ? { href, rel: RICH_TEXT_LINK_REL } : {};
			return { tagName: attribs.href ? 'a' : 'span', attribs };
		}
	},
	// An element left with nothing visible in it (an empty link or heading after the cleaning) says nothing.
	exclusiveFilter: (frame) => ['a', 'strong', 'em', 'h2', 'h3'].includes(frame.tag) && frame.text.trim() === '' && !frame.mediaChildren.length
};

const BLOCK_END = /<\/(p|li|h2|h3|blockquote)>|<br\s*\/?>/g;
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
/** What a reader of the sanitized HTML sees, as text: one line per paragraph, list item or heading. */
export function plainTextOf(html: string): string {
	const text = sanitizeHtml(html.replace(BLOCK_END, (end) => `${end}\n`), { allowedTags: [], allowedAttributes: {} });
	return text
		.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity)
		.replace(/[ \t]+\n/g, '\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}

/**
 * Sanitizes an idea body: HTML from the editor, or plain text (no markup at all), which becomes paragraphs. Returns
 * the allowlisted HTML and its visible text (what lengths are measured on, search indexes and previews show).
 */
export function sanitizeRichText(raw: string): SanitizedRichText {
	const source = looksLikeMarkup(raw) ? raw : paragraphsOf(raw);
	const html = sanitizeHtml(source, ALLOWLIST).trim();
	return { html, text: plainTextOf(html) };
}

export function createRichTextSanitizer(): RichTextSanitizer {
	return { sanitize: sanitizeRichText };
}
