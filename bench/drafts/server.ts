/**
 * One bench target in its own process: `tsx bench/drafts/server.ts <agora|hocuspocus|stock> <editors> <documents> [profile]`.
 * Prints one JSON line `{ url, documents: [{ name, credentials: string[] }] }` once listening, then answers `stats`
 * messages on IPC with its own CPU time and memory. Every target persists to a SQLite file of its own. With a
 * `profile` path, the process's CPU profile from `mark` to `stats` is written there (Chrome DevTools format).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { Server as HocuspocusServer } from '@hocuspocus/server';
import { setPersistence, setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { aProject } from '../../tests/support/builders';
import { startTestServer } from '../../tests/support/server';
import { aCrowd } from '../../tests/support/yjs';

export type TargetName = 'agora' | 'hocuspocus' | 'stock';

export interface TargetInfo {
	readonly url: string;
	readonly documents: { readonly name: string; readonly credentials: string[] }[];
}

const [target, editorsArg, documentsArg, profilePath] = process.argv.slice(2) as [TargetName, string, string, string | undefined];
const editorsPerDocument = Number(editorsArg);
const documentCount = Number(documentsArg);
const dataDir = mkdtempSync(join(tmpdir(), `agora-bench-drafts-${target}-`));

/** A SQLite log of updates per document, as the stock server's y-leveldb keeps: one row per update. */
function updateLog(file: string) {
	const db = new Database(file);
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = NORMAL');
	db.exec('create table if not exists updates (document text not null, data blob not null)');
	const insert = db.prepare('insert into updates (document, data) values (?, ?)');
	return { append: (document: string, update: Uint8Array) => insert.run(document, Buffer.from(update)), close: () => db.close() };
}

async function start(): Promise<{ info: TargetInfo; close: () => Promise<void> }> {
	if (target === 'agora') {
		// Auth, limits (Y3–Y8) and persistence on, as deployed; staff writers, one account each.
		const server = await startTestServer({ dataDir });
		const documents = [];
		for (let d = 0; d < documentCount; d++) {
			const crowd = await aCrowd(server.app, editorsPerDocument);
			for (const person of crowd) await server.app.store.users.setRole(person.actor.userId, 'facilitator');
			documents.push({ name: `notes:${(await aProject(server.app)).id}`, credentials: crowd.map((person) => person.cookie) });
		}
		return { info: { url: server.url, documents }, close: () => server.close({ keepData: true }) };
	}
	const names = Array.from({ length: documentCount }, (_, d) => `bench-${d}`);
	const tokens = new Set<string>();
	const documents = names.map((name) => ({
		name,
		credentials: Array.from({ length: editorsPerDocument }, () => {
			const token = randomBytes(16).toString('hex');
			tokens.add(token);
			return token;
		})
	}));
	const log = updateLog(join(dataDir, 'updates.sqlite'));
	if (target === 'hocuspocus') {
		// Its own persistence model: the whole state stored, debounced (2 s by default), plus a token check.
		const states = new Database(join(dataDir, 'states.sqlite'));
		states.exec('create table if not exists states (document text primary key, data blob not null)');
		const store = states.prepare('insert into states (document, data) values (?, ?) on conflict (document) do update set data = excluded.data');
		const server = new HocuspocusServer({
			quiet: true,
			async onAuthenticate({ token }) {
				if (!tokens.has(token)) throw new Error('not authorized');
			},
			async onStoreDocument({ documentName, document }) {
				store.run(documentName, Buffer.from(Y.encodeStateAsUpdate(document)));
			}
		});
		await server.listen(0);
		return {
			info: { url: `ws://127.0.0.1:${server.address.port}`, documents },
			async close() {
				await server.destroy();
				states.close();
				log.close();
			}
		};
	}
	// The stock server has no auth; its persistence appends every update, like y-leveldb.
	setPersistence({
		provider: null,
		bindState: async (name: string, doc: Y.Doc) => {
			doc.on('update', (update: Uint8Array) => log.append(name, update));
		},
		writeState: async () => {}
	});
	const http = createServer();
	const wss = new WebSocketServer({ server: http });
	wss.on('connection', (socket, request) => setupWSConnection(socket, request));
	await new Promise<void>((resolve) => http.listen(0, '0.0.0.0', resolve));
	return {
		info: { url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}`, documents },
		async close() {
			for (const client of wss.clients) client.terminate();
			await new Promise((resolve) => http.close(resolve));
			log.close();
		}
	};
}

const running = await start();
const profiler = profilePath ? new Session() : null;
profiler?.connect();
let cpuAtMark = process.cpuUsage();
let timeAtMark = performance.now();
process.on('message', (message: string) => {
	if (message === 'mark') {
		cpuAtMark = process.cpuUsage();
		timeAtMark = performance.now();
		if (profiler) void profiler.post('Profiler.enable').then(() => profiler.post('Profiler.start'));
		return;
	}
	if (message === 'stats') {
		const cpu = process.cpuUsage(cpuAtMark);
		const wallMs = performance.now() - timeAtMark;
		const stats = { cpuPercent: ((cpu.user + cpu.system) / 1000 / wallMs) * 100, rssMiB: process.memoryUsage().rss / 2 ** 20 };
		if (!profiler) {
			process.send!(stats);
			return;
		}
		void profiler.post('Profiler.stop').then(({ profile }) => {
			mkdirSync(dirname(profilePath!), { recursive: true });
			writeFileSync(profilePath!, JSON.stringify(profile));
			process.send!(stats);
		});
		return;
	}
	if (message === 'stop') {
		void running.close().finally(() => {
			rmSync(dataDir, { recursive: true, force: true });
			process.exit(0);
		});
	}
});
process.stdout.write(`${JSON.stringify(running.info)}\n`);
