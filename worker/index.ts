/** The Worker's entry (wrangler.toml `main`): the Cloudflare platform. The Node server's is worker/platform/node/main.ts. */
export { default } from './platform/cloudflare';
