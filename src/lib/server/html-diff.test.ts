import { describe, expect, it } from 'vitest';
import { markChanges } from './html-diff';

describe('markChanges', () => {
	it('[D36] marks added and removed words inside their paragraph', () => {
		const marked = markChanges('<p>Plant trees on the square</p>', '<p>Plant oak trees on the big square</p>', 100);
		expect(marked.html).toBe('<p>Plant <ins>oak </ins>trees on the<ins> big</ins> square</p>');
		expect(marked).toMatchObject({ additions: 2, removals: 0 });
		const removed = markChanges('<p>Plant oak trees now</p>', '<p>Plant trees</p>', 100);
		expect(removed.html).toBe('<p>Plant <del>oak</del> trees <del>now</del></p>');
		expect(removed).toMatchObject({ additions: 0, removals: 2 });
	});

	it('[D36] keeps the markup of the current text: a removed paragraph shows inside a block beside it', () => {
		const marked = markChanges('<p>One</p><p>Two words</p><p>Three</p>', '<p>One</p><p>Three</p><h2>Four</h2>', 100);
		expect(marked.html).toBe('<p>One</p><p><del>Two words</del> Three</p><h2><ins>Four</ins></h2>');
		expect(marked).toMatchObject({ additions: 1, removals: 1 });
		expect(markChanges('<p>One</p><p>Two</p>', '<p>One</p>', 100).html).toBe('<p>One <del>Two</del></p>');
	});

	it('[D36] a removal at the very start shows with the first text', () => {
		expect(markChanges('<p>Gone</p><p>Stays</p>', '<p>Stays</p>', 100).html).toBe('<p><del>Gone</del> Stays</p>');
		expect(markChanges('<p>Gone</p>', '<p>New</p>', 100).html).toBe('<p><del>Gone</del><ins>New</ins></p>');
	});

	it('[D36] removing everything still shows what was removed', () => {
		expect(markChanges('<p>All of it</p>', '', 100).html).toBe('<p><del>All of it</del></p>');
	});

	it('[D36] past its budget marks the changed middle as removed and added whole', () => {
		const words = (prefix: string) => Array.from({ length: 50 }, (_, i) => `${prefix}${i}`).join(' ');
		const marked = markChanges(`<p>${words('a')}</p>`, `<p>${words('b')}</p>`, 5);
		expect(marked).toMatchObject({ additions: 1, removals: 1 });
		expect(marked.html).toBe(`<p><del>${words('a')}</del><ins>${words('b')}</ins></p>`);
	});

	it('[D36] is as well-formed as the current text: every tag of it, in order, and nothing of the old markup', () => {
		const marked = markChanges('<ul><li><p>x y</p></li></ul><blockquote><p>q</p></blockquote>', '<ol><li><p>x z</p></li></ol>', 100);
		expect(marked.html.replace(/<\/?(ins|del)>/g, '').match(/<[^>]+>/g)).toEqual(['<ol>', '<li>', '<p>', '</p>', '</li>', '</ol>']);
		expect(marked).toMatchObject({ additions: 1, removals: 2 });
	});

	it('[D36] equal texts come back unmarked', () => {
		expect(markChanges('<p>Same <strong>text</strong></p>', '<p>Same <strong>text</strong></p>', 100)).toEqual({ html: '<p>Same <strong>text</strong></p>', additions: 0, removals: 0 });
	});
});
