import { createApp, type App } from '../src/lib/server/app';
import { ConfigError, readConfig, type Config } from '../src/lib/server/config';
import { provideApp } from '../src/lib/server/registry';
import { startServer, type RunningServer } from './start';
import { hasProductionBuild, loadSvelteKitHandler } from './sveltekit';

/** Longer than every step of a clean shutdown together (drain 5 s + 0.5 s, sockets 5 s, HTTP 5 s + 5 s, Redis 2 s). */
const SHUTDOWN_DEADLINE_MS = 25_000;

/** Reads the environment, or exits with status 78 (EX_CONFIG) and a message naming each wrong variable. */
export function configOrExit(): Config {
	try {
		return readConfig(process.env);
	} catch (error) {
		if (error instanceof ConfigError) {
			process.stderr.write(`${error.message}\n`);
			process.exit(78);
		}
		throw error;
	}
}

/** Production start: createApp -> provideApp -> Express(SvelteKit build) -> realtime -> listen, with graceful shutdown. */
export async function runServer(config: Config): Promise<{ app: App; server: RunningServer }> {
	if (!hasProductionBuild()) {
		process.stderr.write('No production build found: run `npm run build` first (or `npm run dev`).\n');
		process.exit(1);
	}
	const app = await createApp(config);
	provideApp(app);
	const server = await startServer(app, { svelteKit: await loadSvelteKitHandler(config) });
	app.log.info({ url: server.url, port: server.port, store: app.store.dialect, redis: Boolean(config.redisUrl) }, 'Agora is listening');
	if (!config.publicOriginExplicit) {
		// Without it, page URLs and redirects are built from the request's Host header, which a proxy may pass on unchecked.
		app.log.warn('PUBLIC_ORIGIN is not set: fine on this machine, but set it on a public deployment (docs/CONFIG.md)');
	}

	const shutdown = (signal: string) => {
		app.log.info({ signal }, 'shutting down');
		// Whatever hangs, the process ends: an orchestrator's SIGKILL would be later and lose the logs.
		setTimeout(() => {
			app.log.error('shutdown took too long; exiting');
			process.exit(1);
		}, SHUTDOWN_DEADLINE_MS).unref();
		server.close().then(
			() => process.exit(0),
			(error: unknown) => {
				app.log.error({ err: error }, 'unclean shutdown');
				process.exit(1);
			}
		);
	};
	process.once('SIGTERM', () => shutdown('SIGTERM'));
	process.once('SIGINT', () => shutdown('SIGINT'));
	return { app, server };
}

export function exitOnStartFailure(error: unknown): never {
	// A configuration problem found while starting (AD6: no districts file) is the operator's to fix: say it plainly.
	if (error instanceof ConfigError) {
		process.stderr.write(`Agora could not start: ${error.message}\n`);
		process.exit(78);
	}
	process.stderr.write(`Agora could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
}
