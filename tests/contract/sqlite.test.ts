import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeContract } from './store-contract';

storeContract('SQLite file', async () => {
	const dataDir = mkdtempSync(join(tmpdir(), 'agora-contract-'));
	return { env: { DATA_DIR: dataDir }, cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
});
