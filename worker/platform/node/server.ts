/**
 * The HTTP side of the Node platform: a fetch handler that does what Cloudflare's edge does before
 * the Worker runs — sets `cf-connecting-ip` from the socket (or from the reverse proxy's header,
 * when the peer is a trusted proxy), serves static assets first except on the `run_worker_first`
 * paths, refuses bodies over the limit — then calls the app with the platform's `env`. It writes
 * one JSON log line per request (request id, method, path without credentials, status, duration;
 * no personal data) and stops gracefully: no new connections, in-flight requests finish,
 * background work is awaited, then the database closes.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { AppError } from '../../lib/errors';
import type { NodePlatform } from './platform';

export interface App {
  fetch(req: Request, env: unknown, ctx: ExecutionContext): Response | Promise<Response>;
}

export interface ServerOptions {
  port: number;
  host?: string;
  /** The header the reverse proxy puts the client's address in (e.g. `x-real-ip`); read only from trusted peers. */
  clientIpHeader?: string;
  /** Peers whose `clientIpHeader` is believed (default: loopback). */
  trustedProxies?: string[];
  /** Bodies larger than this are refused with 413 before the app reads them. */
  maxBodyBytes?: number;
  /** Where log lines go (default stdout); `null` for none. */
  log?: ((line: string) => void) | null;
}

const LOOPBACK = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];
/** Paths whose second segment is a credential (receipt code, ballot id) or an id. */
const CODE_PREFIXES = new Set(['t', 'r', 'b']);

/** A request path safe to log: no query string, no receipt codes, no ids. */
export function loggablePath(pathname: string): string {
  const segs = pathname.split('/');
  return segs
    .map((s, i) => {
      if (i === 2 && CODE_PREFIXES.has(segs[1] ?? '')) return ':code';
      return /\d/.test(s) && s.length > 3 ? ':id' : s;
    })
    .join('/');
}

/** Does a wrangler `run_worker_first` pattern (`/api/*`, `/`) match this path? */
export function matchesPattern(pattern: string, pathname: string): boolean {
  if (!pattern.includes('*')) return pattern === pathname;
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(pathname);
}

/**
 * Log lines to stdout, written together once per turn of the event loop: one `write` for all the
 * requests a turn answered instead of one blocking pipe write each (stdout to a pipe or file is
 * synchronous in Node). A line waits at most until the loop turns; a SIGKILL can lose that turn's.
 */
export function stdoutLog(): (line: string) => void {
  let pending: string[] = [];
  const flush = () => {
    const text = `${pending.join('\n')}\n`;
    pending = [];
    process.stdout.write(text);
  };
  return (line) => {
    if (pending.push(line) === 1) setImmediate(flush);
  };
}

/** Sets a header on a request or response whose headers may be immutable (a fetched response). */
function trySetHeader(headers: Headers, name: string, value: string): boolean {
  try {
    headers.set(name, value);
    return true;
  } catch {
    return false;
  }
}

/**
 * The request handler: edge duties, then assets or the app.
 *
 * The request from @hono/node-server is used as it is, its headers edited in place: rebuilding it
 * (`new Request(url, { headers, body })`) costs every request a full undici Request and a web
 * stream over the body, which the app then reads through node-server's faster path instead.
 * @example const handle = nodeHandler(app, platform, { port: 8787 }); await handle(req, '127.0.0.1');
 */
export function nodeHandler(app: App, platform: NodePlatform, opts: ServerOptions) {
  const log = opts.log === undefined ? stdoutLog() : opts.log;
  const trusted = new Set(opts.trustedProxies ?? LOOPBACK);
  const maxBody = opts.maxBodyBytes ?? 32 * 1024 * 1024;
  const assets = platform.env.ASSETS;
  const workerFirst = platform.facts.workerFirst;

  /** The request with the edge's headers: in place when its headers are mutable, else a copy. */
  const withEdgeHeaders = (incoming: Request, clientIp: string): Request => {
    const h = incoming.headers;
    if (trySetHeader(h, 'cf-connecting-ip', clientIp)) {
      h.delete('cf-ray');
      return incoming;
    }
    const headers = new Headers(h);
    headers.set('cf-connecting-ip', clientIp);
    headers.delete('cf-ray');
    const hasBody = incoming.method !== 'GET' && incoming.method !== 'HEAD';
    return new Request(incoming.url, {
      method: incoming.method,
      headers,
      body: hasBody ? incoming.body : null,
      // @ts-expect-error Node's fetch needs half-duplex for a streamed request body.
      duplex: hasBody ? 'half' : undefined,
      signal: incoming.signal,
    });
  };

  return async (incoming: Request, peer: string | undefined): Promise<Response> => {
    const started = performance.now();
    const id = randomUUID();
    const url = new URL(incoming.url);
    const proxied =
      opts.clientIpHeader && peer && trusted.has(peer) ? incoming.headers.get(opts.clientIpHeader) : null;
    const clientIp = proxied?.split(',')[0]?.trim() || peer || '';
    const req = withEdgeHeaders(incoming, clientIp);

    let res: Response;
    if (Number(req.headers.get('content-length') ?? 0) > maxBody) {
      res = Response.json(
        new AppError('body_too_large', { limit: maxBody }).toBody(
          url.searchParams.get('lang') === 'en' ? 'en' : 'vi',
        ),
        {
          status: 413,
        },
      );
    } else {
      res = new Response(null, { status: 404 });
      const isAsset =
        (req.method === 'GET' || req.method === 'HEAD') &&
        !workerFirst.some((p) => matchesPattern(p, url.pathname));
      if (isAsset) res = await assets.fetch(req);
      if (!isAsset || res.status === 404) {
        try {
          res = await app.fetch(req, platform.env, platform.background.context());
        } catch (e) {
          log?.(JSON.stringify({ level: 'error', msg: 'unhandled', id, err: String(e) }));
          res = new Response('Internal Server Error', { status: 500 });
        }
      }
    }
    // The app's own responses have mutable headers; a fetched one (immutable) is copied.
    const out = trySetHeader(res.headers, 'x-request-id', id) ? res : new Response(res.body, res);
    if (out !== res) out.headers.set('x-request-id', id);
    log?.(
      JSON.stringify({
        time: new Date().toISOString(),
        level: res.status >= 500 ? 'error' : 'info',
        msg: 'request',
        id,
        method: req.method,
        path: loggablePath(url.pathname),
        status: res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      }),
    );
    return out;
  };
}

export interface RunningServer {
  server: ServerType;
  port: number;
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), then closes the platform. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts listening; resolves once the port is bound. */
export function startServer(app: App, platform: NodePlatform, opts: ServerOptions): Promise<RunningServer> {
  const handle = nodeHandler(app, platform, opts);
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        fetch: (req: Request, node: { incoming?: { socket?: { remoteAddress?: string } } }) =>
          handle(req, node?.incoming?.socket?.remoteAddress),
        port: opts.port,
        hostname: opts.host ?? '0.0.0.0',
        overrideGlobalObjects: false,
      },
      (info: AddressInfo) => {
        let stopping: Promise<void> | null = null;
        resolve({
          server,
          port: info.port,
          stop(graceMs = 25_000) {
            stopping ??= (async () => {
              await new Promise<void>((done) => {
                const timer = setTimeout(() => {
                  (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
                }, graceMs);
                server.close(() => {
                  clearTimeout(timer);
                  done();
                });
                (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
              });
              await platform.close();
            })();
            return stopping;
          },
        });
      },
    );
    server.once('error', reject);
  });
}
