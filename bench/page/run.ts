/**
 * `npm run bench:page`: what the project page costs a browser at the demo's 320 ideas and at 2,000, as a guest and
 * signed in: bytes by type, DOMContentLoaded, LCP, and whether the idea list arrives a second time. It starts the
 * built app (`npm run build` first) on fresh SQLite data and drives Debian's Chromium against 127.0.0.1 only.
 * The reference beside each figure is the budget, and the figures measured at the commit before this work
 * (bench/page/before.json, written by this same script with --json).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem, type as osType } from 'node:os';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { hasProductionBuild } from '../../server/sveltekit';
import { launchBrowser } from '../../tests/e2e/browser';
import { startNodeProcess } from '../../tests/support/node-process';
import { MAX_IDEAS, seedCity } from './city';
import { KINDS, loadProjectPage, type Kind, type PageLoad, type Transfer } from './measure';
import { formatTable, median, type Scenario } from './report';

const USAGE = 'usage: tsx bench/page/run.ts [--ideas 320,2000] [--runs 3] [--json results.json]';
const BEFORE_FILE = new URL('./before.json', import.meta.url);

function say(text: string): void {
	process.stdout.write(`${text}\n`);
}

function options() {
	const { values } = parseArgs({
		args: process.argv.slice(2),
		strict: true,
		options: { ideas: { type: 'string', default: '320,2000' }, runs: { type: 'string', default: '3' }, json: { type: 'string' } }
	});
	const ideas = values.ideas.split(',').map((part) => Number(part.trim()));
	const runs = Number(values.runs);
	if (ideas.some((count) => !Number.isInteger(count) || count < 320 || count > MAX_IDEAS) || !Number.isInteger(runs) || runs < 1 || runs > 20) {
		throw new Error(`${USAGE}\n  --ideas: integers from 320 to ${MAX_IDEAS}; --runs: 1 to 20`);
	}
	return { ideas, runs, jsonFile: values.json ?? null };
}

/** Medians of the wall-clock figures; of the bytes, the largest run (they differ only if a request raced the end). */
function summarise(loads: readonly PageLoad[]): PageLoad {
	const [first] = loads;
	if (!first) throw new Error('no runs');
	const transfers = Object.fromEntries(
		KINDS.map((kind) => [kind, loads.map((load) => load.transfers[kind]).reduce((most, next) => (next.wire > most.wire ? next : most))])
	) as Record<Kind, Transfer>;
	return {
		...first,
		transfers,
		domContentLoadedMs: median(loads.map((load) => load.domContentLoadedMs)),
		lcpMs: median(loads.map((load) => load.lcpMs)),
		ideasDownloadedAgain: Math.max(...loads.map((load) => load.ideasDownloadedAgain))
	};
}

async function measureAt(browser: Browser, ideaCount: number, runs: number): Promise<Scenario[]> {
	say(`… seeding ${ideaCount} ideas`);
	const city = await seedCity(ideaCount);
	const server = await startNodeProcess({ DATA_DIR: city.dataDir }).catch(async (error: unknown) => {
		rmSync(city.dataDir, { recursive: true, force: true });
		throw error;
	});
	try {
		const path = `/projects/${city.projectSlug}`;
		const scenarios: Scenario[] = [];
		for (const [persona, signIn] of [
			['guest', null],
			['citizen', city.citizen]
		] as const) {
			const loads: PageLoad[] = [];
			for (let run = 0; run < runs; run++) loads.push(await loadProjectPage(browser, server.url, path, signIn));
			scenarios.push({ ideas: city.ideas, persona, load: summarise(loads) });
			say(`… ${city.ideas} ideas, ${persona}: ${runs} run(s) done`);
		}
		return scenarios;
	} finally {
		await server.stop();
		rmSync(city.dataDir, { recursive: true, force: true });
	}
}

async function main(): Promise<void> {
	const { ideas, runs, jsonFile } = options();
	if (!hasProductionBuild()) throw new Error('No production build found: run `npm run build` first.');
	const cores = cpus();
	say(`machine: ${cores[0]?.model.trim() ?? 'unknown CPU'}, ${cores.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${osType()} ${release()}`);
	say(`command: npx tsx bench/page/run.ts --ideas ${ideas.join(',')} --runs ${runs}${jsonFile ? ` --json ${jsonFile}` : ''}`);
	const before = existsSync(BEFORE_FILE) ? (JSON.parse(readFileSync(BEFORE_FILE, 'utf8')) as Scenario[]) : [];
	const browser = await launchBrowser();
	const scenarios: Scenario[] = [];
	try {
		for (const count of ideas) scenarios.push(...(await measureAt(browser, count, runs)));
	} finally {
		await browser.close();
	}
	for (const scenario of scenarios) {
		const reference = before.find((old) => old.ideas === scenario.ideas && old.persona === scenario.persona) ?? null;
		say(`\n${formatTable(scenario, reference, runs)}`);
	}
	if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify(scenarios, null, '\t')}\n`);
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exit(1);
	}
);
