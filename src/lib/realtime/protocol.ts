import { z } from 'zod';
import type { ErrorCode, FieldErrors } from '../domain/errors';
import type { Idea, IdeaView } from '../domain/ideas';
import { idSchema } from '../domain/ideas';
import type { VoteResult, VoteValue } from '../domain/votes';

/** `internal` is the one code no service raises: an unexpected failure, logged on the server. */
export type AckErrorCode = ErrorCode | 'internal';

export interface AckError {
	readonly code: AckErrorCode;
	readonly message: string;
	readonly fields?: FieldErrors;
	/** `rate_limited`: whole seconds until trying again can succeed. */
	readonly retryAfterSeconds?: number;
}

/** Every command's acknowledgement. */
export type Ack<Data> = { readonly ok: true; readonly data: Data } | { readonly ok: false; readonly error: AckError };

type Command<Payload, Data> = (payload: Payload, ack: (answer: Ack<Data>) => void) => void;

export const roomPayloadSchema = z.object({ projectId: idSchema });
export const ideaRoomPayloadSchema = z.object({ ideaId: idSchema });

/** Commands a client sends: `noun:verb`, each answered by an ack. */
export interface ClientToServerEvents {
	'project:join': Command<{ projectId: string }, { projectId: string }>;
	'project:leave': Command<{ projectId: string }, { projectId: string }>;
	'idea:join': Command<{ ideaId: string }, { ideaId: string }>;
	'idea:leave': Command<{ ideaId: string }, { ideaId: string }>;
	'idea:create': Command<
		// idempotencyKey (I5): one per idea form, kept across retries; a retry with it returns the first result.
		{ projectId: string; title: string; body: string; topic: string; location: { lat: number; lng: number }; idempotencyKey?: string },
		IdeaView
	>;
	'vote:cast': Command<{ ideaId: string; value: VoteValue }, VoteResult>;
	'vote:withdraw': Command<{ ideaId: string }, VoteResult>;
}

/** Facts the server pushes, in the past tense. */
export interface ServerToClientEvents {
	/** To `project:<id>`: a new idea, without any viewer's vote. */
	'idea:created': (payload: { projectId: string; idea: Idea }) => void;
	/** To `project:<id>` and `idea:<id>`: an idea's new counts. */
	'vote:counted': (payload: { projectId: string; ideaId: string; upvotes: number; downvotes: number; votesVersion: number }) => void;
	/** To `user:<id>`: the user's own vote changed (from another tab or device). */
	'vote:recorded': (payload: { projectId: string; ideaId: string; value: VoteValue | null }) => void;
}

export const rooms = {
	project: (projectId: string) => `project:${projectId}`,
	idea: (ideaId: string) => `idea:${ideaId}`,
	user: (userId: string) => `user:${userId}`,
	/** Every socket of one session, so signing out disconnects them all (server-side only). */
	session: (sessionKey: string) => `session:${sessionKey}`
} as const;

/** Socket.io's path on the shared HTTP server. */
export const SOCKET_PATH = '/socket.io';
/** Yjs documents are served at `/yjs/<document name>`. */
export const YJS_PATH_PREFIX = '/yjs/';
