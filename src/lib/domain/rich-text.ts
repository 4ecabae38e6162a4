/**
 * The few pure facts about rich idea bodies that the browser and the server share. Sanitizing itself is the server's
 * (server/rich-text.ts, behind the RichTextSanitizer port); nothing here makes markup safe to render.
 */

/** I3: the link addresses a body may hold: absolute http(s) and mailto, nothing else (no javascript:, data:, //). */
export const RICH_TEXT_LINK_HREF = /^(https?:\/\/[^\s]+|mailto:[^\s]+)$/i;

// A body is markup when it holds a tag of HTML's own vocabulary (the editor always sends some); "<3" or "<all>" in
// plain text stays text. The server's allowlist runs either way, so guessing wrong never lets markup through.
const HTML_TAG = /<\/?(p|br|strong|em|b|i|u|s|ul|ol|li|h[1-6]|blockquote|a|div|span|script|style|img|iframe|svg|math|form|input|table|object|embed|html|body)\b[^>]*>/i;

export function looksLikeMarkup(body: string): boolean {
	return HTML_TAG.test(body);
}

function escapeText(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Plain text as rich text: each blank-line-separated block a paragraph, single line breaks kept as `<br>`, every
 * character escaped. For bodies written without the editor, drafts kept from before it loaded, and migration 008.
 */
export function paragraphsOf(text: string): string {
	return text
		.replace(/\r\n?/g, '\n')
		.split(/\n\s*\n/)
		.map((block) => block.trim())
		.filter((block) => block !== '')
		.map((block) => `<p>${block.split('\n').map(escapeText).join('<br>')}</p>`)
		.join('');
}
