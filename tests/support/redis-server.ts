import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A private `redis-server` on its own port that a test stops and starts again, to play a real Redis outage. */
export interface RedisServer {
	readonly url: string;
	/** Kills the server (SIGKILL: a crash, so commands on the wire get no answer) and waits until it is gone, data and all. */
	stop(): Promise<void>;
	/** Starts it again on the same port, empty, and waits until it accepts connections. */
	start(): Promise<void>;
}

async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}

async function untilAccepting(port: number, timeoutMs = 5_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const accepted = await new Promise<boolean>((resolve) => {
			const socket = connect(port, '127.0.0.1', () => {
				socket.destroy();
				resolve(true);
			});
			socket.once('error', () => resolve(false));
		});
		if (accepted) return;
		if (Date.now() > deadline) throw new Error(`redis-server did not accept connections on ${port} within ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

export async function startRedisServer(): Promise<RedisServer> {
	const port = await freePort();
	let child: ChildProcess | null = null;
	const server: RedisServer = {
		url: `redis://127.0.0.1:${port}`,
		async start() {
			child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
			await untilAccepting(port);
		},
		async stop() {
			const running = child;
			child = null;
			if (!running || running.exitCode !== null) return;
			await new Promise<void>((resolve) => {
				running.once('exit', () => resolve());
				running.kill('SIGKILL');
			});
		}
	};
	await server.start();
	return server;
}
