import { applyD1Migrations, env } from 'cloudflare:test';

// Storage is isolated per test file: every file starts from the migrated, empty schema.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

// Webhook subscriptions in tests point at a closed port (`http://127.0.0.1:9/…`) on purpose:
// deliveries must fail and be retried. A refused connection in workerd is printed as an "uncaught
// exception" even though `deliverOutbox` catches it, which litters a green log; answer such
// requests here with the failure they stand for (a 503) instead of touching the network.
const networkFetch = globalThis.fetch;
globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = input instanceof Request ? input.url : String(input);
  if (url.startsWith('http://127.0.0.1:9/')) return new Response('closed port (test)', { status: 503 });
  return networkFetch(input, init);
}) as typeof fetch;
