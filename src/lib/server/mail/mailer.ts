import type { Logger } from 'pino';
import type { Transporter } from 'nodemailer';
import type { Clock, IdGenerator, MailMessage, Mailer } from '../ports';
import type { OutboxRecord, OutboxStore } from './outbox';

/** The Mailer port plus what the composition root and tests need: the outbox, retries, shutdown. */
export type { MailMessage, Mailer } from '../ports';

export interface OutboxMailer extends Mailer {
	/** Every e-mail in the outbox, oldest first (tests, the operator). */
	outbox(): Promise<OutboxRecord[]>;
	/** Tries every pending e-mail whose next attempt is due now; resolves when those attempts are over. */
	flush(): Promise<void>;
	/** Stops retrying and waits for the attempts under way; closes the SMTP connection pool. */
	close(): Promise<void>;
}

/** E13: minutes before the 2nd, 3rd, … SMTP attempt; after the last one the e-mail is marked failed (kept in the outbox). */
export const RETRY_MINUTES = [1, 5, 15, 60, 180, 720] as const;
/** How often the pending e-mails are looked at, in milliseconds. */
const RETRY_SCAN_MS = 30_000;

/** The few characters of a header value that could start another header are refused outright. */
function checkHeaders(message: MailMessage): void {
	const values = [message.to, message.subject, ...Object.entries(message.headers ?? {}).flat()];
	if (values.some((value) => /[\r\n]/.test(value))) throw new Error('an e-mail header may not contain a line break');
}

export function createMailer(options: {
	from: string;
	outbox: OutboxStore;
	/** null: no SMTP_URL, the outbox is where e-mails end (logged). */
	transport: Transporter | null;
	log: Logger;
	clock: Clock;
	ids: IdGenerator;
}): OutboxMailer {
	const { from, outbox, transport, log, clock, ids } = options;
	const inFlight = new Set<Promise<void>>();
	const attempting = new Set<string>();
	let closed = false;

	async function attempt(record: OutboxRecord): Promise<void> {
		if (!transport || attempting.has(record.id)) return;
		attempting.add(record.id);
		try {
			await transport.sendMail({
				from: record.from,
				to: record.to,
				subject: record.subject,
				text: record.text,
				html: record.html,
				headers: { ...record.headers, 'Content-Language': record.locale }
			});
			record.status = 'sent';
			record.sentAt = clock.now().toISOString();
			record.nextAttemptAt = null;
			record.attempts += 1;
			log.info({ mail: record.id, kind: record.kind }, 'e-mail sent');
		} catch (error) {
			record.attempts += 1;
			record.lastError = (error as Error).message.slice(0, 500);
			const wait = RETRY_MINUTES[record.attempts - 1];
			if (wait === undefined) {
				record.status = 'failed';
				record.nextAttemptAt = null;
				log.error({ mail: record.id, kind: record.kind, attempts: record.attempts, err: error }, 'e-mail given up after its last attempt; it stays in the outbox');
			} else {
				record.nextAttemptAt = new Date(clock.now().getTime() + wait * 60_000).toISOString();
				log.warn({ mail: record.id, kind: record.kind, attempts: record.attempts, retryAt: record.nextAttemptAt, err: error }, 'e-mail not sent; will retry');
			}
		} finally {
			attempting.delete(record.id);
		}
		await outbox.put(record).catch((error: unknown) => log.error({ err: error, mail: record.id }, 'could not update the outbox'));
	}

	function track(work: Promise<void>): Promise<void> {
		inFlight.add(work);
		void work.finally(() => inFlight.delete(work));
		return work;
	}

	async function flush(): Promise<void> {
		if (!transport) return;
		const now = clock.now().toISOString();
		const due = (await outbox.list()).filter((record) => record.status === 'pending' && (record.nextAttemptAt ?? '') <= now);
		await Promise.all(due.map((record) => track(attempt(record))));
	}

	const timer = transport
		? setInterval(() => {
				if (!closed) flush().catch((error: unknown) => log.warn({ err: error }, 'could not read the outbox for retries'));
			}, RETRY_SCAN_MS)
		: null;
	timer?.unref();

	return {
		async send(message) {
			try {
				checkHeaders(message);
				const record: OutboxRecord = {
					id: ids.next(),
					kind: message.kind,
					from,
					to: message.to,
					locale: message.locale,
					subject: message.subject,
					text: message.text,
					html: message.html,
					headers: { ...message.headers },
					createdAt: clock.now().toISOString(),
					status: transport ? 'pending' : 'kept',
					attempts: 0,
					nextAttemptAt: transport ? clock.now().toISOString() : null,
					lastError: null,
					sentAt: null
				};
				await outbox.put(record);
				if (transport && !closed) void track(attempt(record));
				// The address is left out of the log: the outbox has it, logs travel further.
				else log.info({ mail: record.id, kind: record.kind, outbox: outbox.folder ?? 'memory' }, 'e-mail written to the outbox (no SMTP_URL)');
				return record.id;
			} catch (error) {
				log.error({ err: error, kind: message.kind }, 'could not store an e-mail');
				return null;
			}
		},
		outbox: () => outbox.list(),
		flush,
		async close() {
			closed = true;
			if (timer) clearInterval(timer);
			await Promise.allSettled([...inFlight]);
			transport?.close();
		}
	};
}
