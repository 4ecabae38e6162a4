import { configOrExit, exitOnStartFailure, runServer } from './main';
import { describeDemo, seedDemoCity } from './seed';

/** `npm run demo`: seeds the demo city (once), then serves it exactly as `npm start` does. */
async function demo(): Promise<void> {
	const config = configOrExit();
	const summary = await seedDemoCity(config);
	const { server } = await runServer(config);
	process.stdout.write(describeDemo(summary, server.url));
}

demo().catch(exitOnStartFailure);
