import type { Executor } from './executor';

export interface UserRecord {
	id: string;
	email: string;
	displayName: string;
	passwordHash: string;
	role: string;
	/** L2: null until the person chooses a language. */
	locale?: string | null;
	createdAt: string;
}

export function usersRepository(db: Executor) {
	return {
		/** Inserts unless the e-mail is taken; returns whether it did. */
		async insertIfEmailFree(user: UserRecord): Promise<boolean> {
			const result = await db
				.insertInto('users')
				.values({
					id: user.id,
					email: user.email,
					display_name: user.displayName,
					password_hash: user.passwordHash,
					role: user.role,
					locale: user.locale ?? null,
					created_at: user.createdAt
				})
				.onConflict((conflict) => conflict.column('email').doNothing())
				.executeTakeFirst();
			return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
		},
		/** Returns whether the account exists. */
		async setRole(id: string, role: string): Promise<boolean> {
			const result = await db.updateTable('users').set({ role }).where('id', '=', id).executeTakeFirst();
			return Number(result.numUpdatedRows) === 1;
		},
		async setLocale(id: string, locale: string): Promise<void> {
			await db.updateTable('users').set({ locale }).where('id', '=', id).execute();
		},
		async findByEmail(email: string): Promise<UserRecord | undefined> {
			return db
				.selectFrom('users')
				.select(['id', 'email', 'display_name as displayName', 'password_hash as passwordHash', 'role', 'locale', 'created_at as createdAt'])
				.where('email', '=', email)
				.executeTakeFirst();
		}
	};
}
