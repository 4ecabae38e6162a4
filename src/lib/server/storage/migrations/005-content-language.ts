import type { Kysely } from 'kysely';

/**
 * L1: an idea keeps the language it was written in; I5: an idea placed by district (no pin) says so; L2: an account
 * keeps the interface language its person chose; L3: the city's own texts (project, topics) exist in every interface
 * language, as JSON `{ "fr": …, "nl": … }` beside the base text; a project may say when it closes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('ideas').addColumn('language', 'text', (c) => c.notNull().defaultTo('en')).execute();
	await db.schema.alterTable('ideas').addColumn('location_approximate', 'integer', (c) => c.notNull().defaultTo(0)).execute();
	await db.schema.alterTable('users').addColumn('locale', 'text').execute();
	await db.schema.alterTable('topics').addColumn('translations', 'text', (c) => c.notNull().defaultTo('{}')).execute();
	await db.schema.alterTable('projects').addColumn('translations', 'text', (c) => c.notNull().defaultTo('{}')).execute();
	await db.schema.alterTable('projects').addColumn('closes_at', 'text').execute();
}
