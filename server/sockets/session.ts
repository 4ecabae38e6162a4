import type { Logger } from 'pino';
import { isModeratorRole } from '../../src/lib/domain/actors';
import { canModerate, mayReadHidden } from '../../src/lib/domain/moderation';
import { rooms } from '../../src/lib/realtime/protocol';
import type { App } from '../../src/lib/server/app';
import type { LiveSession } from '../../src/lib/server/services/accounts';
import { sessionTokenFromCookieHeader } from '../../src/lib/server/session-cookie';
import type { AgoraSocket } from './command';

/** setTimeout's longest delay (about 24.8 days); a later expiry is re-checked then. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Fire just after the expiry, never just before it: the store compares with the same clock. */
const EXPIRY_MARGIN_MS = 50;

/**
 * A5: keeps each socket acting for its session only while the session is valid. The actor is read at the handshake
 * with the session's expiry; at that expiry, and whenever the account changes (`account.changed`), it is read again:
 * a session that no longer stands for a user disconnects the socket (the client reconnects as a guest), a changed
 * role takes effect for the next command, and the personal rooms follow.
 */
export interface SessionFollower {
	/** At the handshake (and again on a recovery): reads the session the cookie stands for into `socket.data`. */
	admit(socket: AgoraSocket): Promise<void>;
	/** Once connected: puts the socket in its personal rooms and follows its session until it disconnects. */
	follow(socket: AgoraSocket): void;
	/** Reads the session of every socket of this user on this node again. */
	refreshUser(userId: string): Promise<void>;
	/**
	 * Reads the session of every signed-in socket on this node again, a few at a time: after a Redis outage, when
	 * another node's `account:changed` may have been lost.
	 */
	refreshAll(): Promise<void>;
}

/** Sessions re-read at once by refreshAll, so a node with many sockets does not flood the store. */
const REFRESH_BATCH = 50;

export function createSessionFollower(app: App, log: Logger): SessionFollower {
	const followed = new Set<AgoraSocket>();
	const expiryTimers = new Map<AgoraSocket, NodeJS.Timeout>();
	const admittedUntil = new WeakMap<AgoraSocket, Date | null>();

	const readSession = (socket: AgoraSocket) => app.services.accounts.liveSession(sessionTokenFromCookieHeader(socket.handshake.headers.cookie));

	function arm(socket: AgoraSocket, expiresAt: Date | null): void {
		clearTimeout(expiryTimers.get(socket));
		expiryTimers.delete(socket);
		if (!expiresAt) return;
		const delay = Math.min(Math.max(expiresAt.getTime() - app.clock.now().getTime(), 0) + EXPIRY_MARGIN_MS, MAX_TIMER_MS);
		const timer = setTimeout(() => void refresh(socket), delay);
		// A process may end while a session is still valid.
		timer.unref();
		expiryTimers.set(socket, timer);
	}

	async function refresh(socket: AgoraSocket): Promise<void> {
		let live: LiveSession;
		try {
			live = await readSession(socket);
		} catch (error) {
			// The store is away: stop acting for the user rather than for a session nobody could check.
			log.warn({ err: error, socket: socket.id }, 'could not re-read the session of a socket; disconnecting it');
			socket.disconnect(true);
			return;
		}
		if (!socket.connected) return;
		if (live.actor.kind === 'guest') {
			socket.disconnect(true);
			return;
		}
		const before = socket.data.actor;
		socket.data.actor = live.actor;
		socket.data.sessionKey = live.sessionKey;
		settlePersonalRooms(socket);
		if (before.kind === 'user' && isModeratorRole(before.role) && !canModerate(live.actor)) await leaveHiddenIdeas(socket);
		arm(socket, live.expiresAt);
		if (before.kind !== 'user' || before.role !== live.actor.role || Boolean(before.blocked) !== Boolean(live.actor.blocked)) socket.emit('session:changed');
	}

	/** MO3: a socket that may no longer read hidden ideas (a demoted moderator) leaves the rooms of those it was in. */
	async function leaveHiddenIdeas(socket: AgoraSocket): Promise<void> {
		const ideaIds = [...socket.rooms].filter((room) => room.startsWith('idea:')).map((room) => room.slice('idea:'.length));
		if (ideaIds.length === 0) return;
		for (const { id, authorId } of await app.store.ideas.hiddenAmong(ideaIds)) {
			if (!mayReadHidden(socket.data.actor, authorId)) await socket.leave(rooms.idea(id));
		}
	}

	return {
		async admit(socket) {
			const live = await readSession(socket);
			socket.data.actor = live.actor;
			socket.data.sessionKey = live.sessionKey;
			admittedUntil.set(socket, live.expiresAt);
		},
		follow(socket) {
			followed.add(socket);
			settlePersonalRooms(socket);
			arm(socket, admittedUntil.get(socket) ?? null);
			socket.once('disconnect', () => {
				followed.delete(socket);
				arm(socket, null);
			});
		},
		async refreshUser(userId) {
			// Account changes are rare; a scan keeps this the one registry of who is followed.
			const mine = [...followed].filter(({ data }) => data.actor.kind === 'user' && data.actor.userId === userId);
			await Promise.all(mine.map(refresh));
		},
		async refreshAll() {
			const signedIn = [...followed].filter(({ data }) => data.actor.kind === 'user');
			for (let start = 0; start < signedIn.length; start += REFRESH_BATCH) await Promise.all(signedIn.slice(start, start + REFRESH_BATCH).map(refresh));
		}
	};
}

/**
 * Puts a socket in exactly the personal rooms its current session calls for. A recovered socket comes back with the
 * rooms it had, which may belong to a session that ended while it was away.
 */
function settlePersonalRooms(socket: AgoraSocket): void {
	const { actor, sessionKey } = socket.data;
	const wanted = new Set<string>();
	if (actor.kind === 'user') wanted.add(rooms.user(actor.userId));
	if (sessionKey) wanted.add(rooms.session(sessionKey));
	for (const room of socket.rooms) {
		if ((room.startsWith('user:') || room.startsWith('session:')) && !wanted.has(room)) void socket.leave(room);
		// MO2: the staff rooms are joined on request after a role check; a changed role (or a block) leaves them at once.
		if (room.startsWith('staff:') && !canModerate(actor)) void socket.leave(room);
	}
	for (const room of wanted) void socket.join(room);
}
