import { createApp } from '../src/lib/server/app';
import { seedDemo } from '../src/lib/server/demo/seed';
import { configOrExit, exitOnStartFailure, runServer } from './main';

const SEED_SPAN_MS = 60 * 24 * 3_600_000;
const SEED_STEP_MS = 1_000_000;

/** `npm run demo`: seeds the demo city (once; a second run adds nothing), then serves it like `npm start`. */
async function demo(): Promise<void> {
	const config = configOrExit();
	// Seeded ideas, votes and comments spread over the last 60 days instead of all sharing one second.
	let seedTime = Date.now() - SEED_SPAN_MS;
	const seeding = await createApp(config, {
		clock: { now: () => new Date((seedTime = Math.min(seedTime + SEED_STEP_MS, Date.now()))) }
	});
	const summary = await seedDemo(seeding).finally(() => seeding.close());
	const { server, app } = await runServer(config);
	const accounts = summary.accounts.map(({ email, role }) => `    ${role.padEnd(12)} ${email}`).join('\n');
	app.log.info({ seededIdeas: summary.seededIdeas }, summary.seededIdeas > 0 ? 'demo city seeded' : 'demo city already seeded');
	process.stdout.write(
		`\nAgora demo city is running at ${server.url}/projects/${summary.projectSlug}\n` +
			`  Demo accounts (password "${summary.password}"):\n${accounts}\n    …and ${summary.otherCitizens} more citizens.\n\n`
	);
}

demo().catch(exitOnStartFailure);
