import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { boardContract } from './board-contract';
import { draftsContract } from './drafts-contract';
import { documentVersionsContract } from './document-versions-contract';
import { moderationContract } from './moderation-contract';
import { pointsLedgerContract } from './points-ledger-contract';
import { storeContract } from './store-contract';

const sqliteFile = async () => {
	const dataDir = mkdtempSync(join(tmpdir(), 'agora-contract-'));
	return { env: { DATA_DIR: dataDir }, cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
};
storeContract('SQLite file', sqliteFile);
boardContract('SQLite file', sqliteFile);
draftsContract('SQLite file', sqliteFile);
documentVersionsContract('SQLite file', sqliteFile);
moderationContract('SQLite file', sqliteFile);
pointsLedgerContract('SQLite file', sqliteFile);
