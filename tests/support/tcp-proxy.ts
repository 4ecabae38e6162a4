import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A TCP proxy on 127.0.0.1 that a test can cut and restore, to play a network outage of a real service. */
export interface TcpProxy {
	readonly url: (scheme: string) => string;
	/** Drops every connection and refuses new ones. */
	cut(): Promise<void>;
	/** Accepts connections again, on the same port. */
	restore(): Promise<void>;
	close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
	const sockets = new Set<Socket>();
	let server: Server | null = null;
	let port = 0;

	const listen = () =>
		new Promise<void>((resolve, reject) => {
			server = createServer((client) => {
				const upstream = connect(target.port, target.host);
				for (const socket of [client, upstream]) {
					sockets.add(socket);
					socket.on('close', () => sockets.delete(socket));
					socket.on('error', () => socket.destroy());
				}
				client.pipe(upstream).pipe(client);
			});
			server.once('error', reject);
			server.listen(port, '127.0.0.1', () => {
				port = (server!.address() as AddressInfo).port;
				resolve();
			});
		});
	const stop = () =>
		new Promise<void>((resolve) => {
			for (const socket of sockets) socket.destroy();
			if (!server) return resolve();
			server.close(() => resolve());
			server = null;
		});

	await listen();
	return { url: (scheme) => `${scheme}://127.0.0.1:${port}`, cut: stop, restore: listen, close: stop };
}
