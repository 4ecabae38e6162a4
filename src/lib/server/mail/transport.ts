import nodemailer, { type Transporter } from 'nodemailer';

/**
 * E13: nodemailer's SMTP transport for SMTP_URL (`smtp://` upgrades with STARTTLS when the server offers it,
 * `smtps://` is TLS from the start). A pool of at most two connections; short timeouts, because a failed attempt
 * is retried from the outbox later anyway.
 */
export function createMailTransport(smtpUrl: string): Transporter {
	const url = new URL(smtpUrl);
	return nodemailer.createTransport({
		host: url.hostname,
		port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
		secure: url.protocol === 'smtps:',
		...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
		pool: true,
		maxConnections: 2,
		connectionTimeout: 10_000,
		greetingTimeout: 10_000,
		socketTimeout: 30_000
	});
}
