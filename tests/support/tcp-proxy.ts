import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A TCP proxy on 127.0.0.1 that a test can cut and restore, to play a network outage of a real service. */
export interface TcpProxy {
	readonly url: (scheme: string) => string;
	/**
	 * Stops forwarding in both directions while every connection stays open, as a network that silently loses
	 * packets: what the client writes is accepted and never answered. `cut` or `restore` ends it.
	 */
	stall(): void;
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
	let stalled = false;

	const listen = () =>
		new Promise<void>((resolve, reject) => {
			server = createServer((client) => {
				const upstream = connect(target.port, target.host);
				for (const socket of [client, upstream]) {
					sockets.add(socket);
					socket.on('close', () => sockets.delete(socket));
					socket.on('error', () => socket.destroy());
				}
				// Data that arrives while stalled is read and dropped, so the sender sees it written.
				client.on('data', (chunk: Buffer) => void (stalled || upstream.write(chunk)));
				upstream.on('data', (chunk: Buffer) => void (stalled || client.write(chunk)));
				client.on('end', () => upstream.end());
				upstream.on('end', () => client.end());
				// A reset on one side (a crashed server) resets the other, as it would without the proxy.
				client.on('close', () => upstream.destroy());
				upstream.on('close', () => client.destroy());
			});
			server.once('error', reject);
			server.listen(port, '127.0.0.1', () => {
				port = (server!.address() as AddressInfo).port;
				resolve();
			});
		});
	const stop = () =>
		new Promise<void>((resolve) => {
			stalled = false;
			for (const socket of sockets) socket.destroy();
			if (!server) return resolve();
			server.close(() => resolve());
			server = null;
		});

	await listen();
	return {
		url: (scheme) => `${scheme}://127.0.0.1:${port}`,
		stall: () => void (stalled = true),
		cut: stop,
		restore: () => {
			stalled = false;
			return listen();
		},
		close: stop
	};
}
