import { describe, expect, it } from 'vitest';
import { IDEA_BODY_HTML_MAX } from '../domain/ideas';
import { paragraphsOf, plainTextOf, RICH_TEXT_LINK_REL, sanitizeRichText } from './rich-text';

const html = (raw: string) => sanitizeRichText(raw).html;

describe('rich text allowlist', () => {
	it('keeps what the editor makes: paragraphs, bold, italic, lists, headings, links, quotes', () => {
		const body =
			'<h2>Why</h2><p>Shade is <strong>scarce</strong> and <em>hot</em>.</p><h3>How</h3><ul><li>trees</li><li>benches</li></ul><ol><li>one</li></ol><blockquote><p>quoted</p></blockquote><p>line<br>break</p>';
		expect(html(body)).toBe(body.replace('<br>', '<br />'));
	});

	it.each([
		['a script element, contents and all', '<p>hi</p><script>alert(1)</script>', '<p>hi</p>'],
		['an event handler', '<p onclick="alert(1)">hi</p><img src=x onerror=alert(1)>', '<p>hi</p>'],
		['style elements and attributes', '<style>p{color:red}</style><p style="position:fixed">hi</p>', '<p>hi</p>'],
		['a javascript: link', '<p><a href="javascript:alert(1)">hi</a></p>', '<p>hi</p>'],
		['an entity-encoded javascript: link', '<p><a href="jav&#x09;ascript&colon;alert(1)">hi</a></p>', '<p>hi</p>'],
		['a data: link', '<p><a href="data:text/html;base64,PHNjcmlwdD4=">hi</a></p>', '<p>hi</p>'],
		['a protocol-relative link', '<p><a href="//evil.example/">hi</a></p>', '<p>hi</p>'],
		['an iframe, an svg and a form', '<iframe src="https://evil.example"></iframe><svg><script>alert(1)</script></svg><form><input value="x"></form><p>hi</p>', '<p>hi</p>'],
		['nested tag tricks', '<p><scr<script>ipt>alert(1)</scr</script>ipt></p>', '<p>ipt&gt;alert(1)ipt&gt;</p>'],
		['classes, ids and unknown attributes', '<p class="x" id="y" data-x="1" dir="rtl">hi</p>', '<p>hi</p>'],
		['comments and CDATA', '<p>hi<!-- <script>alert(1)</script> --></p><![CDATA[<script>]]>', '<p>hi</p>']
	])('removes %s', (_label, raw, expected) => {
		expect(html(raw)).toBe(expected);
	});

	it('gives every link rel="nofollow ugc noopener" and drops its target', () => {
		expect(html('<p><a href="https://example.org/a?b=1" target="_blank" rel="opener">x</a> <a href="mailto:a@example.org">m</a></p>')).toBe(
			`<p><a href="https://example.org/a?b=1" rel="${RICH_TEXT_LINK_REL}">x</a> <a href="mailto:a@example.org" rel="${RICH_TEXT_LINK_REL}">m</a></p>`
		);
	});

	it('turns pasted b/i and h1 into what the editor makes', () => {
		expect(html('<h1>T</h1><p><b>b</b><i>i</i></p>')).toBe('<h2>T</h2><p><strong>b</strong><em>i</em></p>');
	});

	it('escapes text, whatever it spells', () => {
		expect(html('<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; "quotes"</p>')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; "quotes"</p>');
	});

	it('reads plain text (no markup) as paragraphs, escaped', () => {
		expect(sanitizeRichText('First line\nsecond line\n\nA new paragraph & <3 for <all>')).toEqual({
			html: '<p>First line<br />second line</p><p>A new paragraph &amp; &lt;3 for &lt;all&gt;</p>',
			text: 'First line\nsecond line\nA new paragraph & <3 for <all>'
		});
	});

	it('gives the visible text, one line per block, entities decoded', () => {
		expect(plainTextOf('<h2>Why</h2><p>a &amp; b</p><ul><li>one</li><li>two</li></ul>')).toBe('Why\na & b\none\ntwo');
	});

	it('stays quick and bounded on the largest body the schema lets through', () => {
		const huge = '<p><strong><em>x</em></strong></p>'.repeat(Math.floor(IDEA_BODY_HTML_MAX / 33));
		const { html: cleaned, text } = sanitizeRichText(huge);
		expect(cleaned.length).toBeLessThanOrEqual(huge.length);
		expect(text.length).toBeGreaterThan(0);
	});

	it('writes stored plain bodies as paragraphs (migration 008)', () => {
		expect(paragraphsOf('  a <b>\r\n\r\nc  ')).toBe('<p>a &lt;b&gt;</p><p>c</p>');
	});
});
