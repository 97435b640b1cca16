/**
 * Static assets from `dist/web`, answering as Workers Static Assets does: the file's content type,
 * a strong ETag, `Cache-Control: public, max-age=0, must-revalidate` and 304 on a matching
 * `If-None-Match`; `/dir/` serves `dir/index.html`, `/page` serves `page.html`; anything else is a
 * 404 (`not_found_handling = "none"`), which the server turns into a call to the app, as Cloudflare
 * does. Files are read once and kept: a deployment's assets do not change while it runs.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

interface Asset {
  bytes: Uint8Array<ArrayBuffer>;
  type: string;
  etag: string;
}

export class NodeAssets {
  readonly root: string;
  private readonly cache = new Map<string, Asset | null>();

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private load(rel: string): Asset | null {
    if (this.cache.has(rel)) return this.cache.get(rel)!;
    const file = path.join(this.root, rel);
    let asset: Asset | null = null;
    if (file.startsWith(this.root + path.sep)) {
      try {
        if (fs.statSync(file).isFile()) {
          const bytes = new Uint8Array(fs.readFileSync(file));
          const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
          asset = { bytes, type, etag: `"${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}"` };
        }
      } catch {
        asset = null;
      }
    }
    this.cache.set(rel, asset);
    return asset;
  }

  /** The asset a URL path names, following the html handling above. */
  private resolve(pathname: string): Asset | null {
    let p: string;
    try {
      p = decodeURIComponent(pathname);
    } catch {
      return null;
    }
    if (p.includes('\0')) return null;
    const rel = path.posix.normalize(p).replace(/^\/+/, '');
    if (rel.startsWith('..')) return null;
    if (rel === '' || p.endsWith('/')) return this.load(path.posix.join(rel, 'index.html'));
    return this.load(rel) ?? (path.posix.extname(rel) ? null : this.load(`${rel}.html`));
  }

  /** The `ASSETS` binding's `fetch`. */
  async fetch(input: Request | string | URL, init?: RequestInit): Promise<Response> {
    const req = input instanceof Request ? input : new Request(input, init);
    if (req.method !== 'GET' && req.method !== 'HEAD') return new Response(null, { status: 405 });
    const asset = this.resolve(new URL(req.url).pathname);
    if (!asset) return new Response('Not Found', { status: 404 });
    const headers = new Headers({
      'content-type': asset.type,
      etag: asset.etag,
      'cache-control': 'public, max-age=0, must-revalidate',
    });
    if (req.headers.get('if-none-match') === asset.etag) return new Response(null, { status: 304, headers });
    headers.set('content-length', String(asset.bytes.byteLength));
    return new Response(req.method === 'HEAD' ? null : asset.bytes, { headers });
  }
}
