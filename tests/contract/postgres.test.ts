import { describe } from 'vitest';
import { createScratchDatabase, TEST_DATABASE_URL } from '../support/services';
import { storeContract } from './store-contract';

if (TEST_DATABASE_URL) {
	const serverUrl = TEST_DATABASE_URL;
	storeContract('PostgreSQL', async () => {
		const database = await createScratchDatabase(serverUrl);
		return { env: { DATABASE_URL: database.url }, cleanup: database.drop };
	});
} else {
	describe.skipIf(true)('store contract: PostgreSQL (set TEST_DATABASE_URL to run it)', () => {});
}
