import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, manualClock } from '../../../../tests/support/app';
import { lastMailTo, linkIn, signUpUnverified } from '../../../../tests/support/mail';
import type { App } from '../app';
import { createMailer } from './mailer';
import { memoryOutbox } from './outbox';

interface Received {
	readonly from: string;
	readonly to: string[];
	readonly raw: string;
}

/** A real SMTP server on 127.0.0.1, port 0 (or the given one), keeping what it receives. */
async function startSmtp(port = 0): Promise<{ port: number; received: Received[]; close(): Promise<void> }> {
	const received: Received[] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				received.push({
					from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
					to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
					raw: Buffer.concat(chunks).toString('utf8')
				});
				callback();
			});
		}
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
	const address = (server as unknown as { server: { address(): AddressInfo } }).server.address();
	return { port: address.port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A port nothing listens on (found by listening and closing). */
async function freePort(): Promise<number> {
	const probe = createServer();
	await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
	const { port } = probe.address() as AddressInfo;
	await new Promise<void>((resolve) => probe.close(() => resolve()));
	return port;
}

/** The decoded text of a quoted-printable MIME body (soft line breaks joined, =XX bytes decoded). */
function decodeQuotedPrintable(body: string): string {
	const joined = body.replace(/=\r?\n/g, '');
	return Buffer.from(joined.replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
}

async function until<T>(read: () => T | undefined | Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error('timed out');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

describe('the mail transport', () => {
	const cleanups: (() => Promise<void> | void)[] = [];
	afterEach(async () => {
		for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
	});

	it('[E13] without SMTP_URL each e-mail is a JSON file in <DATA_DIR>/outbox, readable as is', async () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'agora-outbox-'));
		cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
		const app = await createTestApp({ DATA_DIR: dataDir });
		cleanups.push(() => app.close());
		const person = await signUpUnverified(app, { locale: 'nl' });
		await app.services.accountEmail.idle();
		const files = readdirSync(join(dataDir, 'outbox'));
		expect(files).toHaveLength(1);
		expect(files[0]).toMatch(/^\d{4}-\d{2}-\d{2}T.*\.json$/);
		const record = JSON.parse(readFileSync(join(dataDir, 'outbox', files[0]!), 'utf8'));
		expect(record).toMatchObject({ kind: 'verify', to: person.email, locale: 'nl', status: 'kept', subject: 'Bevestig je e-mailadres voor Agora Brussel' });
		expect(linkIn(record, 'verify').url).toMatch(/^http:\/\/localhost:3000\/nl\/verify\//);
		expect(await app.mailer.outbox()).toEqual([record]);
	});

	it('[E13] with DATA_DIR=:memory: the outbox is in memory, in sending order', async () => {
		const app = await createTestApp();
		cleanups.push(() => app.close());
		const first = await signUpUnverified(app);
		const second = await signUpUnverified(app);
		await app.services.accountEmail.idle();
		expect((await app.mailer.outbox()).map((record) => record.to)).toEqual([first.email, second.email]);
	});

	it('[E13] [E12] with SMTP_URL the e-mail reaches the SMTP server: recipient, subject, language, link, both parts', async () => {
		const smtp = await startSmtp();
		cleanups.push(() => smtp.close());
		const app: App = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'Agora Brussel <agora@city.example>', PUBLIC_ORIGIN: 'https://agora.city.example' });
		cleanups.push(() => app.close());
		const person = await signUpUnverified(app, { locale: 'fr' });
		const record = await lastMailTo(app, person.email, 'verify');
		const message = await until(() => smtp.received[0]);
		expect(message.to).toEqual([person.email]);
		expect(message.from).toBe('agora@city.example');
		expect(message.raw).toMatch(/^Subject: Confirmez votre adresse e-mail pour Agora Bruxelles\r?$/m);
		expect(message.raw).toMatch(/^Content-Language: fr\r?$/m);
		expect(message.raw).toMatch(/multipart\/alternative/);
		expect(message.raw).toMatch(/Content-Type: text\/plain/);
		expect(message.raw).toMatch(/Content-Type: text\/html/);
		const { url } = linkIn(record, 'verify');
		expect(url).toMatch(/^https:\/\/agora\.city\.example\/fr\/verify\//);
		expect(decodeQuotedPrintable(message.raw)).toContain(url);
		const sent = await until(async () => (await app.mailer.outbox()).find((entry) => entry.status === 'sent'));
		expect(sent).toMatchObject({ id: record.id, attempts: 1, lastError: null });
	});

	it('[E13] when the SMTP server is down the action still succeeds; the e-mail waits in the outbox and is retried', async () => {
		const port = await freePort();
		const clock = manualClock(new Date());
		const app = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}` }, { clock });
		cleanups.push(() => app.close());
		const started = Date.now();
		const person = await signUpUnverified(app);
		expect(Date.now() - started).toBeLessThan(2_000);
		const pending = await until(async () => (await app.mailer.outbox()).find((record) => record.attempts === 1));
		expect(pending).toMatchObject({ status: 'pending', to: person.email, lastError: expect.any(String) });
		// Not due yet: nothing is tried.
		await app.mailer.flush();
		expect((await app.mailer.outbox())[0]).toMatchObject({ attempts: 1, status: 'pending' });
		const smtp = await startSmtp(port);
		// Closed after the app: the server waits for the app's pooled connection to leave.
		cleanups.unshift(() => smtp.close());
		clock.advance(60_000);
		await app.mailer.flush();
		expect((await app.mailer.outbox())[0]).toMatchObject({ attempts: 2, status: 'sent' });
		expect(smtp.received.map((message) => message.to)).toEqual([[person.email]]);
	});

	it('[E13] refuses a header with a line break (header injection) and stores nothing', async () => {
		const outbox = memoryOutbox();
		const mailer = createMailer({ from: 'a@b.example', outbox, transport: null, log: pino({ level: 'silent' }), clock: { now: () => new Date() }, ids: { next: () => 'x' } });
		const base = { kind: 'test', to: 'someone@example.org', locale: 'en', text: 't', html: '<p>t</p>' };
		expect(await mailer.send({ ...base, subject: 'Hello\r\nBcc: victim@example.org' })).toBeNull();
		expect(await mailer.send({ ...base, subject: 'Hi', headers: { 'List-Unsubscribe': '<https://x.example/u>\nBcc: v@example.org' } })).toBeNull();
		expect(await outbox.list()).toEqual([]);
		expect(await mailer.send({ ...base, subject: 'Hi', headers: { 'List-Unsubscribe': '<https://x.example/u/1>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } })).toBe('x');
		expect((await outbox.list())[0]?.headers).toEqual({ 'List-Unsubscribe': '<https://x.example/u/1>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
		await mailer.close();
	});
});
