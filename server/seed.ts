import { pathToFileURL } from 'node:url';
import { createApp } from '../src/lib/server/app';
import type { Config } from '../src/lib/server/config';
import { seedDemo, type DemoSummary } from '../src/lib/server/demo/seed';
import { UNLIMITED } from '../src/lib/server/rate-limits';
import { configOrExit, exitOnStartFailure } from './main';

const SEED_SPAN_MS = 60 * 24 * 3_600_000;
const SEED_STEP_MS = 1_000_000;

/** Seeds the demo city into the configured store (once; a second run adds nothing). */
export async function seedDemoCity(config: Config): Promise<DemoSummary> {
	// Seeded ideas, votes and comments spread over the last 60 days instead of all sharing one second.
	let seedTime = Date.now() - SEED_SPAN_MS;
	// The seed posts thousands of ideas and votes from a few dozen accounts in seconds: far past R4–R6.
	const seeding = await createApp(config, {
		limits: UNLIMITED,
		clock: { now: () => new Date((seedTime = Math.min(seedTime + SEED_STEP_MS, Date.now()))) }
	});
	try {
		const summary = await seedDemo(seeding);
		seeding.log.info({ seededIdeas: summary.seededIdeas }, summary.seededIdeas > 0 ? 'demo city seeded' : 'demo city already seeded');
		return summary;
	} finally {
		await seeding.close();
	}
}

export function describeDemo(summary: DemoSummary, url: string): string {
	const accounts = summary.accounts.map(({ email, role }) => `    ${role.padEnd(12)} ${email}`).join('\n');
	return (
		`\nAgora demo city: ${url}/projects/${summary.projectSlug}\n` +
		`  Demo accounts (password "${summary.password}"):\n${accounts}\n    …and ${summary.otherCitizens} more citizens.\n\n`
	);
}

// `npm run seed:demo` (e.g. before `npm run dev`).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	const config = configOrExit();
	seedDemoCity(config)
		.then((summary) => process.stdout.write(describeDemo(summary, `http://localhost:${config.port}`)))
		.catch(exitOnStartFailure);
}
