import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where re-encoded image files live, behind a port so an object store can replace the disk. Names are chosen by the
 * server (`<id>-<width>.webp`), never by a client.
 */
export interface ImageFiles {
	put(name: string, bytes: Uint8Array): Promise<void>;
	/** Undefined when no file has that name. */
	read(name: string): Promise<Uint8Array | undefined>;
	delete(name: string): Promise<void>;
}

const SAFE_NAME = /^[A-Za-z0-9_-]{1,64}-\d{1,5}\.webp$/;

function checkedName(name: string): string {
	if (!SAFE_NAME.test(name)) throw new Error(`not an image file name: ${name}`);
	return name;
}

/** Files in one folder (by default `<DATA_DIR>/images`); each is written under a temporary name, then renamed, so a reader never sees half a file. */
export function diskImageFiles(folder: string): ImageFiles {
	let ready: Promise<unknown> | null = null;
	const ensureFolder = () => (ready ??= mkdir(folder, { recursive: true }));
	return {
		async put(name, bytes) {
			await ensureFolder();
			const target = join(folder, checkedName(name));
			const partial = `${target}.${process.pid}.part`;
			await writeFile(partial, bytes);
			await rename(partial, target);
		},
		async read(name) {
			if (!SAFE_NAME.test(name)) return undefined;
			try {
				return new Uint8Array(await readFile(join(folder, name)));
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
				throw error;
			}
		},
		async delete(name) {
			await rm(join(folder, checkedName(name)), { force: true });
		}
	};
}

/** Files kept in this process only: for an in-memory database (`DATA_DIR=:memory:`), whose rows die with it too. */
export function memoryImageFiles(): ImageFiles {
	const files = new Map<string, Uint8Array>();
	return {
		async put(name, bytes) {
			files.set(checkedName(name), bytes);
		},
		async read(name) {
			return files.get(name);
		},
		async delete(name) {
			files.delete(name);
		}
	};
}
