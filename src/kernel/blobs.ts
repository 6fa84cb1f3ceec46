/**
 * Blob storage: uploaded files (a case's materials now; decision documents and certificates later) kept outside the
 * database, addressed by their SHA-256. The interface is small so that an object store (S3-compatible, for several
 * server processes on several machines) can replace the filesystem one without touching a caller.
 *
 * `FsBlobStore` keeps each blob once under `<dataDir>/blobs/<2 hex>/<2 hex>/<sha256>`: written to a temporary file
 * and renamed into place (a reader never sees half a file), never overwritten (same content, same name). The data
 * folder is what backups copy, so blobs are in backups with the database. A blob written by a transaction that then
 * rolled back stays behind unreferenced; it is harmless (content-addressed) and a sweep can remove it later.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface BlobStore {
  /** Stores `bytes`; returns the key to read them back with (the hex SHA-256) and the digest. */
  put(bytes: Buffer): Promise<{ key: string; sha256: string }>;
  /** The bytes stored under `key`, or null when absent. */
  get(key: string): Promise<Buffer | null>;
}

export const sha256Hex = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const KEY = /^[0-9a-f]{64}$/;

export class FsBlobStore implements BlobStore {
  constructor(readonly root: string) {}

  private pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error(`bad blob key ${JSON.stringify(key)}`);
    return path.join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }

  async put(bytes: Buffer): Promise<{ key: string; sha256: string }> {
    const sha256 = sha256Hex(bytes);
    const file = this.pathOf(sha256);
    try {
      await fs.access(file);
      return { key: sha256, sha256 }; // already stored: same content
    } catch {
      /* not there yet */
    }
    await fs.mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await fs.writeFile(tmp, bytes, { mode: 0o600 });
    await fs.rename(tmp, file);
    return { key: sha256, sha256 };
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await fs.readFile(this.pathOf(key));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }
}

const stores = new Map<string, BlobStore>();

/** The platform's blob store: the filesystem under the data folder (one per folder). */
export function blobStoreOf(k: { config: { dataDir: string } }): BlobStore {
  let s = stores.get(k.config.dataDir);
  if (!s) {
    s = new FsBlobStore(path.join(k.config.dataDir, 'blobs'));
    stores.set(k.config.dataDir, s);
  }
  return s;
}
