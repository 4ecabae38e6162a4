import { describe, expect, it } from 'vitest';
import { escapeHtml, layout, passwordResetMail, verificationMail } from './templates';

describe('e-mail templates', () => {
	it('[E12] escapes everything that goes into the HTML part', () => {
		expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;');
		const mail = verificationMail('en', { name: '<img src=x onerror=alert(1)>', city: 'Brussels', link: 'https://agora.example/en/verify/abc', hours: 48 });
		expect(mail.html).not.toContain('<img');
		expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
		expect(mail.text).toContain('Hello <img src=x onerror=alert(1)>,');
	});

	it('[E12] every e-mail has a plain-text part with the link on its own line, and an HTML part in its language', () => {
		const link = 'https://agora.example/nl/reset/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
		const mail = passwordResetMail('nl', { name: 'Jan', city: 'Brussel', link, minutes: 60 });
		expect(mail.subject).toBe('Kies een nieuw wachtwoord voor Agora Brussel');
		expect(mail.text.split('\n')).toContain(link);
		expect(mail.text).toContain('60 minuten');
		expect(mail.html).toContain('<html lang="nl">');
		expect(mail.html).toContain(`href="${link}"`);
	});

	it('[E3] the verification e-mail says how long its link works, in each language', () => {
		const link = 'https://agora.example/fr/verify/x';
		expect(verificationMail('fr', { name: 'Zoë', city: 'Bruxelles', link, hours: 48 }).text).toContain('pendant 48 heures');
		expect(verificationMail('en', { name: 'Zoë', city: 'Brussels', link, hours: 48 }).text).toContain('for 48 hours');
	});

	it('refuses a link that is not http(s)', () => {
		expect(() => layout({ subject: 's', greeting: 'g', paragraphs: [], action: { label: 'l', url: 'javascript:alert(1)' }, footer: [] }, 'en')).toThrow();
	});
});
