import { z } from 'zod';

/**
 * I6: a create command may carry an idempotency key, chosen by the client once per thing it means to create (one
 * per idea form, kept across retries). The same account sending the same command with the same key within
 * IDEMPOTENCY_TTL_HOURS gets the first result back instead of a second creation: a retry after a timeout whose
 * first attempt did arrive must not post twice.
 */
export const IDEMPOTENCY_TTL_HOURS = 24;

/** 16–64 URL-safe characters: 96 random bits or more, as `newIdempotencyKey` in realtime/client.ts makes. */
export const idempotencyKeySchema = z
	.string({ error: 'validation_invalid' })
	.regex(/^[A-Za-z0-9_-]{16,64}$/, 'validation_invalid');

/** Read beside a create command's own schema, so any create command opts in with one parse. */
export const idempotentSchema = z.object({ idempotencyKey: idempotencyKeySchema.optional() });

/** The create commands that take an idempotency key; every later one joins this list. */
export type IdempotentCommand = 'idea.create' | 'comment.add' | 'moderation.report';
