import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Server } from 'socket.io';
import type { DomainError } from '../src/lib/domain/errors';
import type { ConnectionLimitNumbers } from '../src/lib/domain/limits';
import type { DomainEvent } from '../src/lib/domain/events';
import { rooms, SOCKET_PATH, type ClientToServerEvents, type ServerToClientEvents } from '../src/lib/realtime/protocol';
import type { App } from '../src/lib/server/app';
import { parseDocumentName } from '../src/lib/domain/documents';
import type { DocumentHistoryService } from '../src/lib/server/services/document-history';
import { negotiateLocale } from '../src/lib/i18n/negotiate';
import { describeDomainError } from '../src/lib/i18n/domain-messages';
import type { Locale } from '../src/lib/paraglide/runtime.js';
import type { Coalescer } from './coalescer';
import { createCountCoalescer } from './count-coalescer';
import { createOutageResync } from './outage-resync';
import { clientAddressOf } from './client-address';
import { createConnectionLimits } from './connection-limits';
import { createMapLive } from './map-live';
import { createLeaderboardLive } from './leaderboard-live';
import { isAllowedOrigin } from './origin';
import { securityHeadersOf } from './security-headers';
import { connectRedis, createRedis, quitRedis } from './redis';
import { createCommandGate, type HandlerContext, type SocketData } from './sockets/command';
import { registerCommentHandlers } from './sockets/comments';
import { registerModerationHandlers } from './sockets/moderation';
import { mayReadHidden } from '../src/lib/domain/moderation';
import { registerDraftHandlers } from './sockets/drafts';
import { registerIdeaHandlers } from './sockets/ideas';
import { registerMapHandlers } from './sockets/map';
import { registerRoomHandlers } from './sockets/rooms';
import { createSessionFollower, type SessionFollower } from './sockets/session';
import { registerVoteHandlers } from './sockets/votes';
import { registerAnswerHandlers } from './sockets/answers';
import { registerFollowHandlers } from './sockets/follows';
import { registerLeaderboardHandlers } from './sockets/leaderboards';
import { createRedisRelay } from './yjs/relay';
import { createYjsRooms, type YjsRooms } from './yjs/rooms';

/** Events between the nodes of one deployment (through the adapter), never seen by clients. */
interface InterNodeEvents {
	'session:ended': (sessionKey: string) => void;
	/** A user's account changed (role, block): each node re-reads the sessions of that user's sockets. */
	'account:changed': (userId: string) => void;
	/** Who may open a Yjs document changed (Y12): each node re-checks its own connections of it. */
	'document:access-changed': (name: string) => void;
}

export type AgoraServer = Server<ClientToServerEvents, ServerToClientEvents, InterNodeEvents, SocketData>;

export interface Realtime {
	readonly io: AgoraServer;
	/** Whether this node's Redis connection is up; null when the deployment runs without Redis. */
	redisHealthy(): Promise<boolean | null>;
	/** Stops taking commands and upgrades, lets running commands finish, stores every Yjs document, then closes. */
	close(): Promise<void>;
}

/** How long a dropped client may take to come back and still receive what it missed. */
const RECOVERY_WINDOW_MS = 2 * 60_000;
/** Twice the biggest valid command (an idea:create of 31 kB, measured in tests/integration/connection-limits.test.ts); bigger frames drop the connection. */
export const MAX_SOCKET_MESSAGE_BYTES = 64 * 1024;
/** How long a shutdown waits for running commands, and then for in-flight HTTP requests. */
const DRAIN_TIMEOUT_MS = 5_000;
/** How long connections stay open after the last command finished, for commands a client sent just before. */
const LATE_COMMAND_GRACE_MS = 500;

type CountedPayload = Parameters<ServerToClientEvents['idea:counted']>[0];

interface Routing {
	readonly io: AgoraServer;
	readonly yjs: YjsRooms;
	readonly sessions: SessionFollower;
	readonly clustered: boolean;
	/** V6: counts go out through it, at most once per idea per window. */
	readonly counts: Coalescer<CountedPayload>;
	/** D44: who may still follow a draft's history. */
	readonly history: DocumentHistoryService;
}

function routeDomainEvent({ io, yjs, sessions, clustered, counts, history }: Routing, event: DomainEvent): void {
	switch (event.type) {
		case 'idea.created':
			io.to(rooms.project(event.projectId)).emit('idea:created', { projectId: event.projectId, idea: event.idea });
			return;
		case 'idea.counted':
			counts.offer({
				projectId: event.projectId,
				ideaId: event.ideaId,
				upvotes: event.upvotes,
				downvotes: event.downvotes,
				commentCount: event.commentCount,
				votesVersion: event.votesVersion
			});
			return;
		case 'idea.edited': {
			const { type: _type, ...payload } = event;
			io.to([rooms.project(event.projectId), rooms.idea(event.ideaId)]).emit('idea:edited', payload);
			return;
		}
		case 'idea.withdrawn':
			io.to([rooms.project(event.projectId), rooms.idea(event.ideaId)]).emit('idea:withdrawn', {
				projectId: event.projectId,
				ideaId: event.ideaId,
				withdrawn: event.withdrawn
			});
			return;
		case 'idea.duplicateChanged': {
			const { type: _type, ...payload } = event;
			io.to([rooms.project(event.projectId), rooms.idea(event.ideaId), rooms.idea(event.original)]).emit('idea:duplicate-changed', payload);
			return;
		}
		case 'vote.recorded':
			io.to(rooms.user(event.userId)).emit('vote:recorded', {
				projectId: event.projectId,
				ideaId: event.ideaId,
				value: event.value,
				votesVersion: event.votesVersion
			});
			return;
		case 'comment.created':
			io.to(rooms.idea(event.ideaId)).emit('comment:created', { ideaId: event.ideaId, comment: event.comment });
			return;
		case 'comment.edited':
			io.to(rooms.idea(event.ideaId)).emit('comment:edited', { ideaId: event.ideaId, comment: event.comment });
			return;
		case 'comment.deleted':
			io.to(rooms.idea(event.ideaId)).emit('comment:deleted', {
				ideaId: event.ideaId,
				commentId: event.commentId,
				parentId: event.parentId,
				deletedAt: event.deletedAt,
				version: event.version
			});
			return;
		case 'comment.counted':
			io.to(rooms.idea(event.ideaId)).emit('comment:counted', { ideaId: event.ideaId, commentId: event.commentId, upvotes: event.upvotes, version: event.version });
			return;
		case 'idea.answered':
			io.to([rooms.project(event.projectId), rooms.idea(event.ideaId)]).emit('idea:answered', {
				projectId: event.projectId,
				ideaId: event.ideaId,
				status: event.status,
				answer: event.answer
			});
			return;
		case 'idea.thresholdReached': {
			const { type: _type, ...payload } = event;
			io.to(rooms.idea(event.ideaId)).emit('idea:threshold-reached', payload);
			return;
		}
		case 'notification.created':
			// N1: each recipient's own room (every tab and node of theirs), and no other.
			io.to(event.userIds.map(rooms.user)).emit('notification:new', event.item);
			return;
		case 'points.changed': {
			const total = event.changes.find((change) => change.board === 'all')?.points;
			if (total === undefined) return;
			const lines = event.entries.map(({ id, points, reason, ideaId, limitedBy, reverses, cause, createdAt }) => ({ id, points, reason, ideaId, limitedBy, reverses, cause, createdAt }));
			io.to(rooms.user(event.userId)).emit('points:changed', { total, lines });
			return;
		}
		case 'badge.awarded':
			io.to(rooms.user(event.userId)).emit('badge:awarded', { badges: [...event.badges] });
			return;
		case 'notification.read':
			io.to(rooms.user(event.userId)).emit('notification:read', { factIds: event.factIds ? [...event.factIds] : null });
			return;
		case 'session.ended':
			// Socket.io reaches this session's sockets on every node; Yjs connections are closed by each node itself.
			io.in(rooms.session(event.sessionKey)).disconnectSockets(true);
			yjs.closeSession(event.sessionKey);
			if (clustered) io.serverSideEmit('session:ended', event.sessionKey);
			return;
		case 'draft.joinRequested':
			// D19: the draft's co-authors only, in their own rooms (every tab and node of theirs).
			io.to(event.authorIds.map(rooms.user)).emit('draft:join-requested', { draftId: event.draftId, request: event.request });
			return;
		case 'draft.joinAnswered':
			io.to([...new Set([event.requesterId, ...event.authorIds])].map(rooms.user)).emit('draft:join-answered', {
				draftId: event.draftId,
				requestId: event.requestId,
				accepted: event.accepted
			});
			return;
		case 'account.changed':
			// A5: each node re-checks its own Yjs connections of that user (refreshUser never rejects).
			void yjs.refreshUser(event.userId);
			// Like session.ended: this node's sockets here, every other node's through the adapter.
			void sessions.refreshUser(event.userId);
			if (clustered) io.serverSideEmit('account:changed', event.userId);
			return;
		case 'moderation.queueChanged':
			io.to(rooms.moderation).emit('moderation:queue-changed', { targetKind: event.targetKind, targetId: event.targetId, entry: event.entry });
			return;
		case 'moderation.decided':
			// The lead's notifications take it from here; the content's own events below move the rooms.
			return;
		case 'comment.hidden':
			io.to(rooms.idea(event.ideaId)).emit('comment:hidden', { ideaId: event.ideaId, commentId: event.commentId, parentId: event.parentId, version: event.version });
			return;
		case 'comment.restored':
			io.to(rooms.idea(event.ideaId)).emit('comment:restored', { ideaId: event.ideaId, comment: event.comment });
			return;
		case 'idea.hidden':
			io.to([rooms.project(event.projectId), rooms.idea(event.ideaId)]).emit('idea:hidden', { projectId: event.projectId, ideaId: event.ideaId });
			// MO3: whoever may not read it leaves its room, on every node, so nothing of it reaches them afterwards.
			void evictFromHiddenIdea(io, event.ideaId, event.authorId);
			return;
		case 'idea.restored':
			io.to(rooms.project(event.projectId)).emit('idea:restored', { projectId: event.projectId, idea: event.idea });
			return;
		case 'document.access-changed': {
			// Y12: like account.changed, for every connection of one document (refreshDocument never rejects).
			void yjs.refreshDocument(event.name);
			if (clustered) io.serverSideEmit('document:access-changed', event.name);
			const document = parseDocumentName(event.name);
			if (document?.kind === 'draft') void evictFromDraftHistory(io, history, document.id, event.name);
			return;
		}
		case 'document.versionTaken': {
			const document = parseDocumentName(event.name);
			if (document?.kind === 'draft') io.to(rooms.draftHistory(document.id)).emit('draft:version-taken', { draftId: document.id, version: event.version });
			return;
		}
	}
}

/** D44: the sockets following a draft's history that may not list its versions any more leave (on every node). */
async function evictFromDraftHistory(io: AgoraServer, history: DocumentHistoryService, draftId: string, name: string): Promise<void> {
	try {
		const room = rooms.draftHistory(draftId);
		for (const socket of await io.in(room).fetchSockets()) {
			if (!(await history.mayWatch(socket.data.actor, name))) socket.leave(room);
		}
	} catch {
		// A node that did not answer in time keeps its watchers until they leave; facts say no more than the list did.
	}
}

/** MO3: the sockets in a hidden idea's room that may not read it leave the room (the adapter reaches every node). */
async function evictFromHiddenIdea(io: AgoraServer, ideaId: string, authorId: string): Promise<void> {
	try {
		const room = rooms.idea(ideaId);
		for (const socket of await io.in(room).fetchSockets()) {
			if (!mayReadHidden(socket.data.actor, authorId)) socket.leave(room);
		}
	} catch {
		// Another node did not answer in time: the idea:hidden event already told its readers to drop it.
	}
}

/** Closes every client connection once it has sent what is written to it; resolves when all are closed or after `timeoutMs`. */
async function closeConnections(io: AgoraServer, timeoutMs: number): Promise<void> {
	const closed = [...io.sockets.sockets.values()].map(
		({ conn }) =>
			new Promise<void>((resolve) => {
				conn.once('close', () => resolve());
				conn.close();
			})
	);
	let timer: NodeJS.Timeout | undefined;
	await Promise.race([Promise.all(closed), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
	clearTimeout(timer);
}

/**
 * A refused handshake as the client's connect_error: `err.message` in the socket's language, and `err.data` =
 * `{ code, retryAfterSeconds }` for the client to act on.
 */
function refusal(error: DomainError, locale: Locale): Error {
	return Object.assign(new Error(describeDomainError(error, locale).message), { data: { code: error.code, retryAfterSeconds: error.retryAfterSeconds } });
}

/**
 * Attaches Socket.io and the Yjs endpoint to the one HTTP server, and routes domain events to rooms.
 * With REDIS_URL, Socket.io fans out across processes through Redis streams, which keeps connection state recovery
 * working across nodes and holds back broadcasts during a Redis outage (bounded by the command queue); what an outage
 * loses all the same is sent again from the store once Redis is back (outage-resync.ts).
 */
export async function attachRealtime(
	httpServer: HttpServer,
	app: App,
	options: {
		/**
		 * Destroy WebSocket upgrades that neither Socket.io nor Yjs claims. Production: yes, or a client could hold
		 * sockets forever. Development: no, Vite's hot-reload socket shares the server.
		 */
		destroyUnclaimedUpgrades: boolean;
		/** R7's numbers; only a benchmark that opens thousands of loopback connections replaces them. */
		connectionLimits?: ConnectionLimitNumbers;
	}
): Promise<Realtime> {
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
		// The session is checked again on recovery: it may have ended while the client was away.
		connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: false },
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

	// Socket.io answers its own HTTP requests (polling, handshakes, its errors) before Express sees them.
	const headers = Object.entries(securityHeadersOf(app.config));
	httpServer.prependListener('request', (request, response) => {
		if (request.url?.startsWith(`${SOCKET_PATH}/`)) for (const [name, value] of headers) response.setHeader(name, value);
	});

	// R7, before the session is read: a flood of handshakes from one address costs no store query.
	const connectionLimits = createConnectionLimits(options.connectionLimits);
	io.use((socket, next) => {
		socket.data.address = clientAddressOf(socket.handshake.headers, socket.handshake.address, app.config);
		socket.data.locale = negotiateLocale({
			declared: (socket.handshake.auth as { locale?: unknown } | undefined)?.locale,
			cookieHeader: socket.handshake.headers.cookie,
			acceptLanguage: socket.handshake.headers['accept-language']
		});
		connectionLimits
			.handshakeFrom(socket.data.address)
			.then((refused) => next(refused ? refusal(refused, socket.data.locale) : undefined), next);
	});

	const sessions = createSessionFollower(app, log);
	io.use((socket, next) => {
		sessions
			.admit(socket)
			.then(() => next())
			.catch((error: unknown) => {
				log.error({ err: error }, 'could not read the session of a socket');
				next(new Error('Could not check your session. Please reload.'));
			});
	});

	io.use((socket, next) => {
		const { actor, address } = socket.data;
		const keys = { address, ...(actor.kind === 'user' ? { account: actor.userId } : {}) };
		(keys.account ? connectionLimits.handshakeOf(keys.account) : Promise.resolve(null)).then((refused) => {
			if (refused) return next(refusal(refused, socket.data.locale));
			const admission = connectionLimits.admit(keys);
			if ('code' in admission) return next(refusal(admission, socket.data.locale));
			socket.once('disconnect', () => admission.release());
			next();
		}, next);
	});

	const gate = createCommandGate();
	const context: HandlerContext = { app, log, gate };
	io.on('connection', (socket) => {
		sessions.follow(socket);
		registerRoomHandlers(socket, context);
		registerIdeaHandlers(socket, context);
		registerVoteHandlers(socket, context);
		registerAnswerHandlers(socket, context);
		registerFollowHandlers(socket, context);
		registerCommentHandlers(socket, context);
		registerMapHandlers(socket, context);
		registerDraftHandlers(socket, context);
		registerModerationHandlers(socket, context);
		registerLeaderboardHandlers(socket, context);
	});

	const yjsLog = log.child({ component: 'yjs' });
	const relay = redis ? createRedisRelay(redis, app.config.redisPrefix, yjsLog) : null;
	const yjs = createYjsRooms(app, yjsLog, relay);
	const onUpgrade = (request: Parameters<YjsRooms['handleUpgrade']>[0], socket: Parameters<YjsRooms['handleUpgrade']>[1], head: Buffer) => {
		if (yjs.handleUpgrade(request, socket, head)) return;
		const path = new URL(request.url ?? '/', 'http://localhost').pathname;
		if (options.destroyUnclaimedUpgrades && !path.startsWith(`${SOCKET_PATH}/`)) socket.destroy();
	};
	httpServer.on('upgrade', onUpgrade);
	io.on('session:ended', (sessionKey) => yjs.closeSession(sessionKey));
	io.on('account:changed', (userId) => {
		void yjs.refreshUser(userId);
		void sessions.refreshUser(userId);
	});
	io.on('document:access-changed', (name) => void yjs.refreshDocument(name));

	const resync = redis ? createOutageResync(io, redis, app, log, () => sessions.refreshAll()) : null;
	// Each node coalesces the changes its own services publish; the adapter then carries them to every node's watchers.
	const counts = createCountCoalescer<CountedPayload>({
		windowMs: app.config.liveCountsWindowMs,
		send: (payload) => io.to([rooms.project(payload.projectId), rooms.idea(payload.ideaId)]).emit('idea:counted', payload)
	});
	const routing: Routing = { io, yjs, sessions, clustered: redis !== null, counts, history: app.services.documentHistory };
	const mapLive = createMapLive(io, app, log.child({ component: 'map-live' }), redis !== null);
	const leaderboardLive = createLeaderboardLive(io, app, log.child({ component: 'leaderboard-live' }), redis !== null);
	const unsubscribe = app.events.subscribe((event) => {
		// The resync remembers every change, coalesced or not: it re-reads the newest counts from the store anyway.
		resync?.note(event);
		routeDomainEvent(routing, event);
		mapLive.note(event);
		leaderboardLive.note(event);
	});

	return {
		io,
		async redisHealthy() {
			// The client's own view of its connection: false from the first socket error until it reconnects. A PING
			// would add nothing, and one in flight when the socket drops leaves an unhandled rejection in node-redis.
			return redis ? redis.isReady : null;
		},
		async close() {
			// Running commands finish and broadcast (through the adapter, to every node) before anything closes.
			await gate.drain(DRAIN_TIMEOUT_MS);
			// Commands already on the wire still arrive, and are answered `unavailable` rather than dropped unread.
			if (io.sockets.sockets.size > 0) await new Promise((resolve) => setTimeout(resolve, LATE_COMMAND_GRACE_MS));
			// Counts kept for the end of their window go out now, before the connections close (V6).
			counts.close();
			mapLive.close();
			leaderboardLive.close();
			// io.close() discards what the connections have not sent yet, acks of the last commands included: close
			// them first the polite way, which sends everything written so far.
			await closeConnections(io, DRAIN_TIMEOUT_MS);
			const ioClosed = new Promise<void>((resolve) => io.close(() => resolve()));
			await yjs.close();
			httpServer.off('upgrade', onUpgrade);
			// io.close() also closes the HTTP server, which waits for its connections: let requests in flight finish.
			httpServer.closeIdleConnections();
			const pause = () => new Promise((resolve) => setTimeout(resolve, DRAIN_TIMEOUT_MS).unref());
			await Promise.race([ioClosed, pause()]);
			httpServer.closeAllConnections();
			// Upgraded sockets are out of the HTTP server's reach; they are all ours and closed above, but never wait
			// for ever on a stray one.
			await Promise.race([ioClosed, pause()]);
			unsubscribe();
			resync?.close();
			await relay?.close();
			if (redis) await quitRedis(redis);
		}
	};
}
