/**
 * An R2-shaped file store on the local filesystem: the subset of `R2Bucket` the app uses — `put`
 * (string, bytes, stream or blob, with `httpMetadata` and `customMetadata`), `get`, `head`,
 * `delete`, `list({ prefix, cursor, limit })` in R2's key order.
 *
 * Layout under the root: `objects/<key>` holds the bytes, `meta/<key>.json` what R2 keeps beside
 * them. Every write goes to a temporary file in `tmp/` that is renamed into place (atomic on one filesystem):
 * a reader sees the old object or the new one, never half of one; the metadata is renamed in first
 * and the bytes last, so an object exists exactly when its bytes do. Each key segment is
 * percent-encoded and `.`/`..` segments are refused: no key can name a path outside the root.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

interface StoredMeta {
  size: number;
  etag: string;
  uploaded: string;
  httpMetadata?: R2HTTPMetadata;
  customMetadata?: Record<string, string>;
}

const LIST_LIMIT = 1000;

/** The on-disk path segments of a key; throws for a key that could leave the root. */
export function keySegments(key: string): string[] {
  if (typeof key !== 'string' || key.length === 0 || key.length > 1024)
    throw new Error(`invalid key: ${key}`);
  const parts = key.split('/');
  for (const p of parts)
    if (p === '' || p === '.' || p === '..' || p.includes('\0')) throw new Error(`invalid key: ${key}`);
  return parts.map((p) => encodeURIComponent(p));
}

function decodeKey(rel: string[]): string {
  return rel.map((p) => decodeURIComponent(p)).join('/');
}

async function bytesOf(value: unknown): Promise<Uint8Array<ArrayBuffer>> {
  if (value === null || value === undefined) return new Uint8Array();
  if (typeof value === 'string') return new TextEncoder().encode(value);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value))
    return Uint8Array.from(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  if (value instanceof Blob) return new Uint8Array(await value.arrayBuffer());
  if (value instanceof ReadableStream) return new Uint8Array(await new Response(value).arrayBuffer());
  throw new Error('unsupported value for put()');
}

function writeAtomic(file: string, data: Uint8Array, tmpDir: string) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(tmpDir, randomBytes(12).toString('hex'));
  const fd = fs.openSync(tmp, 'w', 0o640);
  try {
    fs.writeSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

function objectOf(key: string, meta: StoredMeta) {
  return {
    key,
    version: meta.etag,
    size: meta.size,
    etag: meta.etag,
    httpEtag: `"${meta.etag}"`,
    uploaded: new Date(meta.uploaded),
    httpMetadata: meta.httpMetadata ?? {},
    customMetadata: meta.customMetadata ?? {},
    checksums: { toJSON: () => ({}) },
    storageClass: 'Standard',
    writeHttpMetadata(headers: Headers) {
      const h = meta.httpMetadata ?? {};
      if (h.contentType) headers.set('content-type', h.contentType);
      if (h.contentLanguage) headers.set('content-language', h.contentLanguage);
      if (h.contentDisposition) headers.set('content-disposition', h.contentDisposition);
      if (h.contentEncoding) headers.set('content-encoding', h.contentEncoding);
      if (h.cacheControl) headers.set('cache-control', h.cacheControl);
    },
  };
}

function bodyOf(key: string, meta: StoredMeta, bytes: Uint8Array<ArrayBuffer>) {
  let used = false;
  const take = () => {
    if (used) throw new TypeError('Body has already been used');
    used = true;
    return bytes;
  };
  return {
    ...objectOf(key, meta),
    get body() {
      return new Response(take()).body as ReadableStream;
    },
    get bodyUsed() {
      return used;
    },
    arrayBuffer: async () => {
      const b = take();
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
    },
    bytes: async () => take(),
    text: async () => new TextDecoder().decode(take()),
    json: async () => JSON.parse(new TextDecoder().decode(take())),
    blob: async () => new Blob([take()], { type: meta.httpMetadata?.contentType ?? '' }),
  };
}

/**
 * The store rooted at `root` (created when missing).
 * @example const FILES = new NodeFileStore('./data/files'); await FILES.put('a/b', 'x');
 */
export class NodeFileStore {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
    fs.mkdirSync(path.join(this.root, 'objects'), { recursive: true });
    fs.mkdirSync(path.join(this.root, 'meta'), { recursive: true });
    fs.mkdirSync(path.join(this.root, 'tmp'), { recursive: true });
  }

  private paths(key: string) {
    const segs = keySegments(key);
    const object = path.join(this.root, 'objects', ...segs);
    const meta = path.join(this.root, 'meta', `${path.join(...segs)}.json`);
    const inside = path.join(this.root, 'objects') + path.sep;
    if (!object.startsWith(inside)) throw new Error(`invalid key: ${key}`);
    return { object, meta };
  }

  private readMeta(key: string): StoredMeta | null {
    const p = this.paths(key);
    if (!fs.existsSync(p.object)) return null;
    try {
      return JSON.parse(fs.readFileSync(p.meta, 'utf8')) as StoredMeta;
    } catch {
      const size = fs.statSync(p.object).size;
      return { size, etag: '', uploaded: fs.statSync(p.object).mtime.toISOString() };
    }
  }

  async put(key: string, value: unknown, options: R2PutOptions = {}) {
    const bytes = await bytesOf(value);
    const p = this.paths(key);
    const meta: StoredMeta = {
      size: bytes.byteLength,
      etag: createHash('md5').update(bytes).digest('hex'),
      uploaded: new Date().toISOString(),
    };
    if (options.httpMetadata && !(options.httpMetadata instanceof Headers))
      meta.httpMetadata = options.httpMetadata;
    if (options.customMetadata) meta.customMetadata = options.customMetadata;
    const tmp = path.join(this.root, 'tmp');
    writeAtomic(p.meta, new TextEncoder().encode(JSON.stringify(meta)), tmp);
    writeAtomic(p.object, bytes, tmp);
    return objectOf(key, meta);
  }

  async head(key: string) {
    const meta = this.readMeta(key);
    return meta ? objectOf(key, meta) : null;
  }

  async get(key: string) {
    const meta = this.readMeta(key);
    if (!meta) return null;
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = new Uint8Array(fs.readFileSync(this.paths(key).object));
    } catch {
      return null;
    }
    return bodyOf(key, meta, bytes);
  }

  async delete(keys: string | string[]) {
    for (const key of Array.isArray(keys) ? keys : [keys]) {
      const p = this.paths(key);
      fs.rmSync(p.object, { force: true });
      fs.rmSync(p.meta, { force: true });
    }
  }

  /** Keys in R2's order (UTF-8 byte order), from `cursor` on, at most `limit` (1,000). */
  async list(options: R2ListOptions = {}) {
    const prefix = options.prefix ?? '';
    const limit = Math.min(options.limit ?? LIST_LIMIT, LIST_LIMIT);
    const keys = this.allKeys(prefix)
      .filter(
        (k) =>
          k.startsWith(prefix) &&
          (!options.cursor || Buffer.compare(Buffer.from(k), Buffer.from(options.cursor)) > 0),
      )
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    const page = keys.slice(0, limit);
    const truncated = keys.length > limit;
    const objects = page.map((k) =>
      objectOf(k, this.readMeta(k) ?? { size: 0, etag: '', uploaded: new Date(0).toISOString() }),
    );
    return truncated
      ? { objects, truncated: true as const, cursor: page[page.length - 1]!, delimitedPrefixes: [] }
      : { objects, truncated: false as const, delimitedPrefixes: [] };
  }

  /** Every key under the deepest directory the prefix names. */
  private allKeys(prefix: string): string[] {
    const dirSegs = prefix.split('/').slice(0, -1).filter(Boolean);
    let start: string[] = [];
    try {
      start = dirSegs.length ? keySegments(dirSegs.join('/')) : [];
    } catch {
      return [];
    }
    const base = path.join(this.root, 'objects');
    const out: string[] = [];
    const walk = (rel: string[]) => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(path.join(base, ...rel), { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (e.isDirectory()) walk([...rel, e.name]);
        else if (e.isFile()) out.push(decodeKey([...rel, e.name]));
      }
    };
    walk(start);
    return out;
  }
}
