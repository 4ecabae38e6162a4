import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestHandler } from 'express';
import type { ConnectionLimitNumbers } from '../src/lib/domain/limits';
import type { App } from '../src/lib/server/app';
import { createHttpApp } from './http';
import { attachRealtime, type Realtime } from './realtime';

export interface RunningServer {
	readonly url: string;
	readonly port: number;
	readonly httpServer: Server;
	readonly realtime: Realtime;
	/** Stops taking commands and connections, stores every Yjs document, closes the sockets, then the store. */
	close(): Promise<void>;
}

/** One HTTP server, one port: health, SvelteKit (when given), Socket.io and Yjs. */
export async function startServer(
	app: App,
	options: { svelteKit: RequestHandler | null; port?: number; host?: string; connectionLimits?: ConnectionLimitNumbers }
): Promise<RunningServer> {
	let realtime: Realtime | null = null;
	const httpServer = createServer(createHttpApp(app, () => realtime, options.svelteKit));
	realtime = await attachRealtime(httpServer, app, { destroyUnclaimedUpgrades: true, connectionLimits: options.connectionLimits });
	const port = options.port ?? app.config.port;
	const host = options.host ?? app.config.host;
	await new Promise<void>((resolve, reject) => {
		httpServer.once('error', reject);
		httpServer.listen(port, host, () => {
			httpServer.off('error', reject);
			resolve();
		});
	});
	const actualPort = (httpServer.address() as AddressInfo).port;
	const running = realtime;
	let closing: Promise<void> | null = null;
	return {
		url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${actualPort}`,
		port: actualPort,
		httpServer,
		realtime: running,
		close() {
			closing ??= running.close().then(() => app.close());
			return closing;
		}
	};
}
