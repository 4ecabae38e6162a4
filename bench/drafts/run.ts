/**
 * `npm run bench:drafts [-- --seconds=20 --only=50x1,200x1 --targets=agora,hocuspocus --profile=DIR]`: editors typing in live documents on Agora's `/yjs`,
 * on Hocuspocus 4.7 (with its provider) and on the stock @y/websocket-server 0.1.1, the same load in the same run.
 * Each target runs in its own process, the editors in four client processes. Per scenario and target: update
 * propagation p50/p99 (from an editor's edit to another editor's doc, as seen by five observing editors per
 * document), the server's CPU and RSS. Figures in docs/BENCHMARKS.md; run it on a quiet machine (`uptime`).
 * `--profile=DIR` writes there a CPU profile of each server over the measured window, to see where its time goes.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientJob } from './clients';
import type { TargetInfo, TargetName } from './server';

interface Scenario {
	readonly id: string;
	readonly documents: number;
	readonly editors: number;
	readonly rate: number;
}

const SCENARIOS: Scenario[] = [
	{ id: '50x1', documents: 1, editors: 50, rate: 1 },
	{ id: '50x4', documents: 1, editors: 50, rate: 4 },
	{ id: '200x1', documents: 1, editors: 200, rate: 1 },
	{ id: '200x4', documents: 1, editors: 200, rate: 4 },
	{ id: '200docs', documents: 200, editors: 5, rate: 1 }
];
const TARGETS: TargetName[] = ['agora', 'hocuspocus', 'stock'];
const CLIENT_PROCESSES = 4;
const OBSERVERS_PER_DOCUMENT = 5;
/** Source addresses for the editors' connections: Agora holds at most 500 open per address (Y8). */
const LOCAL_ADDRESSES = Array.from({ length: 8 }, (_, i) => `127.0.0.${i + 2}`);

const args = new Map(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
const seconds = Number(args.get('seconds') ?? 20);
const only = args.get('only')?.split(',');
const targets = args.get('targets')?.split(',') ?? TARGETS;
const profileDir = args.get('profile');

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const tsx = { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] as ('ignore' | 'pipe' | 'inherit' | 'ipc')[] };

function nextMessage<T>(child: ChildProcess): Promise<T> {
	return new Promise((resolve) => child.once('message', (message) => resolve(message as T)));
}

function percentile(sorted: number[], p: number): number {
	return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function runOne(scenario: Scenario, target: TargetName) {
	const profile = profileDir ? [join(profileDir, `${scenario.id}-${target}.cpuprofile`)] : [];
	const server = fork(here('./server.ts'), [target, String(scenario.editors), String(scenario.documents), ...profile], tsx);
	const info = await new Promise<TargetInfo>((resolve, reject) => {
		let output = '';
		server.stdout!.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			// Only whole lines: the target's description of 200 documents spans several pipe chunks.
			const line = output.split('\n').slice(0, -1).find((candidate) => candidate.startsWith('{"url"'));
			if (line) resolve(JSON.parse(line) as TargetInfo);
		});
		server.once('exit', (code) => reject(new Error(`${target} exited with ${code}`)));
	});
	const editors = info.documents.flatMap((document) =>
		document.credentials.map((credential, i) => ({ document: document.name, credential, key: `${document.name}/${i}`, observes: i < OBSERVERS_PER_DOCUMENT }))
	);
	const clients = Array.from({ length: CLIENT_PROCESSES }, () => fork(here('./clients.ts'), [], tsx));
	const ready = clients.map((child) => nextMessage<string>(child));
	clients.forEach((child, c) => {
		const job: ClientJob = { target, url: info.url, editors: editors.filter((_, i) => i % CLIENT_PROCESSES === c), rate: scenario.rate, seconds, localAddresses: LOCAL_ADDRESSES };
		child.send(job);
	});
	await Promise.all(ready);
	const results = clients.map((child) => nextMessage<{ latencies: number[] }>(child));
	server.send('mark');
	for (const child of clients) child.send('go');
	await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
	const statsReply = nextMessage<{ cpuPercent: number; rssMiB: number }>(server);
	server.send('stats');
	const stats = await statsReply;
	const latencies = (await Promise.all(results)).flatMap((result) => result.latencies).sort((a, b) => a - b);
	const stopped = new Promise((resolve) => server.once('exit', resolve));
	server.send('stop');
	await stopped;
	return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), samples: latencies.length, ...stats };
}

const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`);
process.stdout.write(`load average at start: ${loadavg().map((value) => value.toFixed(2)).join(' ')}; ${seconds} s per run\n`);
process.stdout.write('| scenario | target | p50 | p99 | samples | server CPU | server RSS |\n|---|---|---|---|---|---|---|\n');
for (const scenario of SCENARIOS.filter((candidate) => !only || only.includes(candidate.id))) {
	for (const target of TARGETS.filter((candidate) => targets.includes(candidate))) {
		const result = await runOne(scenario, target);
		process.stdout.write(
			`| ${scenario.documents > 1 ? `${scenario.documents} docs × ${scenario.editors}` : `${scenario.editors} editors`} × ${scenario.rate}/s | ${target} | ${ms(result.p50)} | ${ms(result.p99)} | ${result.samples} | ${result.cpuPercent.toFixed(0)} % | ${result.rssMiB.toFixed(0)} MiB |\n`
		);
	}
}
process.stdout.write(`load average at end: ${loadavg().map((value) => value.toFixed(2)).join(' ')}\n`);
