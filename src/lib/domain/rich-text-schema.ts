import { RICH_TEXT_LINK_HREF } from './rich-text';

/**
 * The StarterKit options of every editor of rich text (ideas, drafts) and of the server that renders a draft's
 * document as HTML (D13): one schema, so what an editor makes is what the server can read and its allowlist keeps
 * (paragraphs, bold, italic, two heading levels, lists, quotes, links).
 */
export const RICH_TEXT_STARTER_KIT = {
	heading: { levels: [2, 3] as (2 | 3)[] },
	code: false,
	codeBlock: false,
	horizontalRule: false,
	strike: false,
	underline: false,
	link: {
		openOnClick: false,
		autolink: true,
		defaultProtocol: 'https',
		// What the server keeps anyway; the editor then never shows a link that will vanish.
		isAllowedUri: (url: string) => RICH_TEXT_LINK_HREF.test(url),
		HTMLAttributes: { rel: 'nofollow ugc noopener', target: null }
	}
} as const;
