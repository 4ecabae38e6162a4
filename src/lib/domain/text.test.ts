import { describe, expect, it } from 'vitest';
import { imitatesStaff, signUpSchema } from './accounts';
import { bodyAsTyped, createIdeaSchema } from './ideas';
import { cleanText, hasControlCharacters, visibleLength } from './text';

describe('text hygiene (T1–T4)', () => {
	it('[T1] stores NFC, trimmed, single-line text on one line', () => {
		expect(cleanText('  Cafe\u0301   du  coin \n', 'line')).toBe('Café du coin');
		expect(cleanText('a\r\nb', 'multiline')).toBe('a\nb');
	});

	it('[T2] refuses NUL and C0/C1 controls, but keeps line breaks in multi-line text', () => {
		expect(hasControlCharacters('a\u0000b', 'multiline')).toBe(true);
		expect(hasControlCharacters('a\u0085b', 'line')).toBe(true);
		expect(hasControlCharacters('a\nb\tc', 'multiline')).toBe(false);
		expect(hasControlCharacters('a\nb', 'line')).toBe(true);
	});

	it('[T3] strips bidi overrides and zero-width characters from names: "\\u202EnimdA ytiC" cannot pass for "City Admin"', () => {
		expect(cleanText('\u202EnimdA ytiC', 'line')).toBe('nimdA ytiC');
		expect(cleanText('Ad\u200Bmin', 'line')).toBe('Admin');
	});

	it('[T4] counts what a reader sees: nine zero-width spaces are no title, an emoji family is one character', () => {
		const nothing = createIdeaSchema(bodyAsTyped).safeParse({ projectId: 'p', title: '\u200B'.repeat(9), body: 'x'.repeat(30), topic: 'mobility', location: { lat: 50.8, lng: 4.3 } });
		expect(nothing.success).toBe(false);
		expect(visibleLength('👨‍👩‍👧')).toBe(1);
		expect(visibleLength('a\u200Bb')).toBe(2);
	});

	it('[T4] letters that print nothing make no title or name: Hangul fillers, the blank Braille pattern, signs only', () => {
		for (const title of ['\u3164'.repeat(10), '\u2800'.repeat(10), '\uFFA0'.repeat(10), '!!!!!!!!!!']) {
			const parsed = createIdeaSchema(bodyAsTyped).safeParse({ projectId: 'p', title, body: 'x'.repeat(30), topic: 'mobility', location: { lat: 50.8, lng: 4.3 } });
			expect(parsed.success, JSON.stringify(title)).toBe(false);
		}
		expect(visibleLength('\u3164\u3164a')).toBe(1);
	});

	it('[A6] a citizen may not take a staff title as a name, however it is spelled; ordinary names pass', () => {
		for (const name of [
			'City Admin', 'Adm1n', 'Le Bourgmestre', 'de burgemeester', 'Modérateur', 'Official Mobility', 'A d m i n',
			// Other alphabets' twins, letters for letters, feminine forms and everyday titles (a probe found these passing).
			'City \u0410dmin', 'M\u0430yor', 'Adm!n', 'Admln', 'Adrnin', 'Administratrice', 'Modératrice', 'Animatrice',
			'Facilitatrice', 'Maire de Bruxelles', 'Wethouder Jansen', 'City Council', 'Ville de Bruxelles'
		])
			expect(imitatesStaff(name), name).toBe(true);
		for (const name of ['Mairead', 'Staffan', 'Amélie Dubois', 'Bram Peeters', 'Lemaire', 'Jean Maire', 'Modou Diallo', 'Emily'])
			expect(imitatesStaff(name), name).toBe(false);
		const stripped = signUpSchema.safeParse({ email: 'x@example.org', password: 'a long passphrase', displayName: '\u202EnimdA ytiC' });
		expect(stripped.success && stripped.data.displayName).toBe('nimdA ytiC');
		expect(signUpSchema.safeParse({ email: 'x@example.org', password: 'a long passphrase', displayName: 'City Admin' }).success).toBe(false);
	});
});
