import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Server } from 'socket.io';
import type { DomainEvent } from '../src/lib/domain/events';
import { rooms, SOCKET_PATH, type ClientToServerEvents, type ServerToClientEvents } from '../src/lib/realtime/protocol';
import type { App } from '../src/lib/server/app';
import { sessionTokenFromCookieHeader } from '../src/lib/server/session-cookie';
import { isAllowedOrigin } from './origin';
import { connectRedis, createRedis } from './redis';
import type { SocketData } from './sockets/command';
import { registerIdeaHandlers } from './sockets/ideas';
import { registerRoomHandlers } from './sockets/projects';
import { registerVoteHandlers } from './sockets/votes';
import { createRedisRelay } from './yjs/relay';
import { createYjsRooms } from './yjs/rooms';

export type AgoraServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface Realtime {
	readonly io: AgoraServer;
	/** Whether Redis answers; null when the deployment runs without Redis. */
	redisHealthy(): Promise<boolean | null>;
	close(): Promise<void>;
}

/** How long a dropped client may take to come back and still receive what it missed. */
const RECOVERY_WINDOW_MS = 2 * 60_000;
/** Large enough for the biggest valid command (an idea body is 5,000 characters); bigger frames drop the connection. */
const MAX_SOCKET_MESSAGE_BYTES = 2 * 1024 * 1024;

function routeDomainEvent(io: AgoraServer, event: DomainEvent): void {
	switch (event.type) {
		case 'idea.created':
			io.to(rooms.project(event.projectId)).emit('idea:created', { projectId: event.projectId, idea: event.idea });
			return;
		case 'vote.counted':
			io.to([rooms.project(event.projectId), rooms.idea(event.ideaId)]).emit('vote:counted', {
				projectId: event.projectId,
				ideaId: event.ideaId,
				upvotes: event.upvotes,
				downvotes: event.downvotes
			});
			return;
		case 'vote.recorded':
			io.to(rooms.user(event.userId)).emit('vote:recorded', { projectId: event.projectId, ideaId: event.ideaId, value: event.value });
			return;
		case 'session.ended':
			io.in(rooms.session(event.sessionKey)).disconnectSockets(true);
			return;
	}
}

/**
 * Attaches Socket.io and the Yjs endpoint to the one HTTP server, and routes domain events to rooms.
 * With REDIS_URL, Socket.io fans out across processes through Redis streams, which keeps connection state recovery
 * working across nodes and replays what a node missed during a short Redis outage.
 */
export async function attachRealtime(httpServer: HttpServer, app: App): Promise<Realtime> {
	const log = app.log.child({ component: 'realtime' });
	const redis = app.config.redisUrl ? createRedis(app.config.redisUrl) : null;
	if (redis) {
		redis.on('error', (error: unknown) => log.warn({ err: error }, 'Redis error'));
		await connectRedis(redis, app.config.redisUrl!);
	}

	const io: AgoraServer = new Server(httpServer, {
		path: SOCKET_PATH,
		serveClient: false,
		maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
		// Other upgrade paths (/yjs/, Vite's HMR) share this server: leave them alone.
		destroyUpgrade: false,
		connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: true },
		allowRequest: (request, callback) => callback(null, isAllowedOrigin(request, app.config)),
		...(redis
			? {
					adapter: createAdapter(redis, {
						streamName: `${app.config.redisPrefix}:socket.io`,
						channelPrefix: `${app.config.redisPrefix}:socket.io`,
						sessionKeyPrefix: `${app.config.redisPrefix}:sio:session:`,
						onlyPlaintext: true
					})
				}
			: {})
	});

	io.use((socket, next) => {
		const token = sessionTokenFromCookieHeader(socket.handshake.headers.cookie);
		app.services.accounts
			.actorForSession(token)
			.then((actor) => {
				socket.data.actor = actor;
				socket.data.sessionKey = actor.kind === 'user' ? app.services.accounts.sessionKeyOf(token) : null;
				next();
			})
			.catch((error: unknown) => {
				log.error({ err: error }, 'could not read the session of a socket');
				next(new Error('Could not check your session. Please reload.'));
			});
	});

	io.on('connection', (socket) => {
		const { actor, sessionKey } = socket.data;
		if (actor.kind === 'user' && !socket.recovered) void socket.join(rooms.user(actor.userId));
		if (sessionKey && !socket.recovered) void socket.join(rooms.session(sessionKey));
		registerRoomHandlers(socket, app, log);
		registerIdeaHandlers(socket, app, log);
		registerVoteHandlers(socket, app, log);
	});

	const unsubscribe = app.events.subscribe((event) => routeDomainEvent(io, event));

	const yjsLog = log.child({ component: 'yjs' });
	const relay = redis ? createRedisRelay(redis, app.config.redisPrefix, yjsLog) : null;
	const yjs = createYjsRooms(app, yjsLog, relay);
	const onUpgrade = (request: Parameters<typeof yjs.handleUpgrade>[0], socket: Parameters<typeof yjs.handleUpgrade>[1], head: Buffer) =>
		yjs.handleUpgrade(request, socket, head);
	httpServer.on('upgrade', onUpgrade);

	return {
		io,
		// The client's own view of its connection: it turns false on the first socket error and back after a reconnect.
		// A PING here would add nothing, and one in flight when the socket drops leaves an unhandled rejection inside
		// node-redis.
		async redisHealthy() {
			return redis ? redis.isReady : null;
		},
		async close() {
			unsubscribe();
			httpServer.off('upgrade', onUpgrade);
			await yjs.close();
			await relay?.close();
			await new Promise<void>((resolve) => {
				io.close(() => resolve());
			});
			if (redis?.isOpen) await redis.quit().catch(() => redis.destroy());
		}
	};
}
