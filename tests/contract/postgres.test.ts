import { describe } from 'vitest';
import { createScratchDatabase, TEST_DATABASE_URL } from '../support/services';
import { boardContract } from './board-contract';
import { draftsContract } from './drafts-contract';
import { documentVersionsContract } from './document-versions-contract';
import { moderationContract } from './moderation-contract';
import { pointsLedgerContract } from './points-ledger-contract';
import { storeContract } from './store-contract';

if (TEST_DATABASE_URL) {
	const serverUrl = TEST_DATABASE_URL;
	const scratch = async () => {
		const database = await createScratchDatabase(serverUrl);
		return { env: { DATABASE_URL: database.url }, cleanup: database.drop };
	};
	storeContract('PostgreSQL', scratch);
	boardContract('PostgreSQL', scratch);
	draftsContract('PostgreSQL', scratch);
	documentVersionsContract('PostgreSQL', scratch);
	moderationContract('PostgreSQL', scratch);
	pointsLedgerContract('PostgreSQL', scratch);
} else {
	describe.skipIf(true)('store contract: PostgreSQL (set TEST_DATABASE_URL to run it)', () => {});
}
