/**
 * The esbuild options that turn the app's TypeScript into a Node 24 ES module: TypeScript and JSX
 * (Preact) compiled, the PDF fonts inlined as bytes (as wrangler's `Data` rule does), npm packages
 * bundled. Shared by the server bundle (scripts/build-server.mjs) and the in-process bench
 * (test/bench/inprocess.mjs), so both run the code the same way.
 */
export const NODE_BUNDLE = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  loader: { '.ttf': 'binary' },
  legalComments: 'none',
  logLevel: 'warning',
  // CommonJS packages bundled into ESM still call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
};
