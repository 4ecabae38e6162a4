import { IDEMPOTENCY_TTL_HOURS, idempotentSchema, type IdempotentCommand } from '../../domain/idempotency';
import { parseInput } from '../../domain/validation';
import type { ServicePorts } from '../ports';
import type { StoreRepositories } from '../storage/store';

/** Thrown inside the transaction to roll a duplicate creation back; never leaves this module. */
class AlreadyRecorded extends Error {}

/**
 * I6 for every create command: `replay` answers a retry from the stored first result; `record` runs the creation in
 * one transaction with storing its result under the key, so of two attempts racing with one key exactly one
 * creates and the other gets that one's result.
 */
export function createIdempotency({ store, clock }: Pick<ServicePorts, 'store' | 'clock'>) {
	return {
		/** The command's key, if the client sent one; a malformed key is `invalid`. */
		keyOf(input: unknown): string | undefined {
			return parseInput(idempotentSchema, input).idempotencyKey;
		},

		/** The first result of this account's command with this key, if there was one. */
		async replay<T>(command: IdempotentCommand, accountId: string, key: string | undefined): Promise<T | undefined> {
			if (key === undefined) return undefined;
			const stored = await store.idempotency.find(accountId, command, key);
			return stored === undefined ? undefined : (JSON.parse(stored) as T);
		},

		/** Creates through `create` (in a transaction) and records its result; `fresh` is false when another attempt won. */
		async record<T>(
			command: IdempotentCommand,
			accountId: string,
			key: string | undefined,
			create: (tx: StoreRepositories) => Promise<T>
		): Promise<{ value: T; fresh: boolean }> {
			if (key === undefined) return { value: await store.transaction(create), fresh: true };
			try {
				const value = await store.transaction(async (tx) => {
					const created = await create(tx);
					const entry = { accountId, command, key, result: JSON.stringify(created), createdAt: clock.now().toISOString() };
					if (!(await tx.idempotency.insertIfAbsent(entry))) throw new AlreadyRecorded();
					return created;
				});
				return { value, fresh: true };
			} catch (error) {
				if (!(error instanceof AlreadyRecorded)) throw error;
				const first = await this.replay<T>(command, accountId, key);
				if (first === undefined) throw new Error(`idempotency key of ${command} recorded but not found`, { cause: error });
				return { value: first, fresh: false };
			}
		},

		/** Deletes keys older than IDEMPOTENCY_TTL_HOURS; returns how many. */
		purge(): Promise<number> {
			return store.idempotency.deleteOlderThan(new Date(clock.now().getTime() - IDEMPOTENCY_TTL_HOURS * 3_600_000).toISOString());
		}
	};
}

export type Idempotency = ReturnType<typeof createIdempotency>;
