import type { Actor } from './actors';

/**
 * Yjs document names: `<kind>:<id>`. Each kind names who may read and who may write.
 * `notes:<projectId>` is a project's shared working notes: staff write, every signed-in user reads.
 */
export const DOCUMENT_KINDS = ['notes'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface DocumentName {
	readonly kind: DocumentKind;
	readonly id: string;
}

export type DocumentAccess = 'write' | 'read' | 'none';

const DOCUMENT_NAME = /^([a-z]+):([A-Za-z0-9_-]{1,64})$/;

export function parseDocumentName(name: string): DocumentName | null {
	const match = DOCUMENT_NAME.exec(name);
	if (!match) return null;
	const kind = match[1] as DocumentKind;
	if (!DOCUMENT_KINDS.includes(kind)) return null;
	return { kind, id: match[2]! };
}

/** Y1: guests never open documents; Y2: staff write notes, citizens only read them. */
export function documentAccess(actor: Actor, document: DocumentName): DocumentAccess {
	if (actor.kind === 'guest') return 'none';
	switch (document.kind) {
		case 'notes':
			return actor.role === 'citizen' ? 'read' : 'write';
	}
}

/** Y3: the largest single update and the largest whole document a room accepts, in bytes. */
export const MAX_DOCUMENT_UPDATE_BYTES = 256 * 1024;
export const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;
