import { m } from '../../paraglide/messages.js';
import type { Locale } from '../../paraglide/runtime.js';

/** The words and link of one e-mail, in the recipient's language; `layout` turns them into its text and HTML parts. */
export interface MailContent {
	readonly subject: string;
	readonly greeting: string;
	readonly paragraphs: readonly string[];
	readonly action?: { readonly label: string; readonly url: string };
	/** Small print under the action (why you got this, what to do if it was not you). */
	readonly footer: readonly string[];
}

export interface RenderedMail {
	readonly subject: string;
	readonly text: string;
	readonly html: string;
}

/** E12: everything that goes into the HTML part is text, escaped here; no person-written HTML ever reaches an e-mail. */
export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!);
}

/** Only our own absolute http(s) links become buttons; anything else would be a template bug. */
function checkedUrl(url: string): string {
	const parsed = new URL(url);
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error(`refusing a ${parsed.protocol} link in an e-mail`);
	return parsed.href;
}

/** A plain-text part a person can read as is, and a simple HTML part (inline styles only: mail clients drop the rest). */
export function layout(content: MailContent, locale: Locale): RenderedMail {
	const url = content.action ? checkedUrl(content.action.url) : null;
	const text = [
		content.greeting,
		'',
		...content.paragraphs.flatMap((paragraph) => [paragraph, '']),
		// French sets a thin space before a colon.
		...(content.action && url ? [`${content.action.label}${locale === 'fr' ? '\u202F:' : ':'}`, url, ''] : []),
		'-- ',
		...content.footer
	].join('\n');
	const paragraph = (words: string, style = '') => `<p style="margin:0 0 16px;${style}">${escapeHtml(words)}</p>`;
	const html = [
		'<!doctype html>',
		`<html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(content.subject)}</title></head>`,
		'<body style="margin:0;padding:24px;background:#f4f5f7;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1b1f24;line-height:1.5">',
		'<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">',
		paragraph(content.greeting),
		...content.paragraphs.map((words) => paragraph(words)),
		content.action && url
			? `<p style="margin:24px 0"><a href="${escapeHtml(url)}" style="display:inline-block;background:#1d4ed8;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(content.action.label)}</a></p>` +
				paragraph(url, 'font-size:13px;color:#4b5563;word-break:break-all')
			: '',
		'<hr style="border:none;border-top:1px solid #e5e7eb;margin:24px 0">',
		...content.footer.map((words) => paragraph(words, 'font-size:13px;color:#4b5563')),
		'</div></body></html>'
	].join('\n');
	return { subject: content.subject, text, html };
}

/** E3: the e-mail with the link that confirms an address. */
export function verificationMail(locale: Locale, params: { name: string; city: string; link: string; hours: number }): RenderedMail {
	const options = { locale };
	return layout(
		{
			subject: m.mail_verify_subject({ city: params.city }, options),
			greeting: m.mail_greeting({ name: params.name }, options),
			paragraphs: [m.mail_verify_body({ city: params.city }, options), m.mail_verify_expiry({ hours: params.hours }, options)],
			action: { label: m.mail_verify_action({}, options), url: params.link },
			footer: [m.mail_verify_not_you({}, options), m.mail_signature({ city: params.city }, options)]
		},
		locale
	);
}

/** E9: the e-mail with the link to choose a new password. */
export function passwordResetMail(locale: Locale, params: { name: string; city: string; link: string; minutes: number }): RenderedMail {
	const options = { locale };
	return layout(
		{
			subject: m.mail_reset_subject({ city: params.city }, options),
			greeting: m.mail_greeting({ name: params.name }, options),
			paragraphs: [m.mail_reset_body({}, options), m.mail_reset_expiry({ minutes: params.minutes }, options)],
			action: { label: m.mail_reset_action({}, options), url: params.link },
			footer: [m.mail_reset_not_you({}, options), m.mail_signature({ city: params.city }, options)]
		},
		locale
	);
}

/** AD10: the e-mail inviting someone to the city's staff, with the link that gives the role once accepted. */
export function staffInvitationMail(locale: Locale, params: { city: string; role: string; link: string; days: number }): RenderedMail {
	const options = { locale };
	return layout(
		{
			subject: m.mail_invite_subject({ city: params.city }, options),
			greeting: m.mail_invite_greeting({}, options),
			paragraphs: [m.mail_invite_body({ city: params.city, role: params.role }, options), m.mail_invite_expiry({ days: params.days }, options)],
			action: { label: m.mail_invite_action({}, options), url: params.link },
			footer: [m.mail_invite_not_you({}, options), m.mail_signature({ city: params.city }, options)]
		},
		locale
	);
}
