import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where an e-mail is in its life: `kept` (no SMTP_URL: the outbox is its destination), `pending` (waiting for its
 * first or next SMTP attempt), `sent` (the SMTP server accepted it), `failed` (given up after the last attempt).
 */
export type OutboxStatus = 'kept' | 'pending' | 'sent' | 'failed';

/** One e-mail in the outbox: the message as handed to the Mailer, and how its delivery went. */
export interface OutboxRecord {
	readonly id: string;
	/** What the e-mail is for ('verify', 'reset', later 'invitation', 'notification', 'digest'); logs and tests read it. */
	readonly kind: string;
	readonly from: string;
	readonly to: string;
	/** The recipient's language (en, fr, nl). */
	readonly locale: string;
	readonly subject: string;
	readonly text: string;
	readonly html: string;
	readonly headers: Readonly<Record<string, string>>;
	readonly createdAt: string;
	status: OutboxStatus;
	attempts: number;
	/** When the next SMTP attempt is due (pending only). */
	nextAttemptAt: string | null;
	lastError: string | null;
	sentAt: string | null;
}

/** The outbox's storage: a folder of JSON files (one per e-mail), or memory (`DATA_DIR=:memory:`). */
export interface OutboxStore {
	put(record: OutboxRecord): Promise<void>;
	/** Every e-mail, oldest first. */
	list(): Promise<OutboxRecord[]>;
	/** Where the files are (null in memory), for logs. */
	readonly folder: string | null;
}

export function memoryOutbox(): OutboxStore {
	const records = new Map<string, OutboxRecord>();
	return {
		folder: null,
		async put(record) {
			records.set(record.id, structuredClone(record));
		},
		async list() {
			// In the order they were sent (a Map keeps insertion order; an update keeps a record's place).
			return [...records.values()].map((record) => structuredClone(record));
		}
	};
}

/**
 * `<folder>/<createdAt>-<id>.json`, pretty-printed so a person can read an e-mail with `cat` and a test with
 * JSON.parse. Written to a temporary name and renamed, so a reader never sees half a file.
 */
export function fileOutbox(folder: string): OutboxStore {
	const ready = mkdir(folder, { recursive: true });
	// Awaited (and its failure reported) by the first put or list; a process that never mails must not crash on it.
	ready.catch(() => {});
	// The name starts with the time and a per-process sequence number, so `ls` and `list()` show the sending order.
	let sequence = 0;
	const names = new Map<string, string>();
	const fileOf = (record: OutboxRecord) => {
		let name = names.get(record.id);
		if (!name) {
			sequence += 1;
			name = `${record.createdAt.replace(/[:.]/g, '-')}-${String(sequence).padStart(6, '0')}-${record.id}.json`;
			names.set(record.id, name);
		}
		return join(folder, name);
	};
	return {
		folder,
		async put(record) {
			await ready;
			const file = fileOf(record);
			await writeFile(`${file}.tmp`, `${JSON.stringify(record, null, '\t')}\n`, { mode: 0o600 });
			await rename(`${file}.tmp`, file);
		},
		async list() {
			await ready;
			const names = (await readdir(folder)).filter((name) => name.endsWith('.json')).sort();
			const records: OutboxRecord[] = [];
			for (const name of names) {
				try {
					records.push(JSON.parse(await readFile(join(folder, name), 'utf8')) as OutboxRecord);
				} catch {
					// A file someone edited by hand into something else is not an e-mail; skip it.
				}
			}
			return records;
		}
	};
}
