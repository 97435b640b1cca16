import path from 'node:path';
import { defineConfig } from 'vite';

/**
 * The web build, into `dist/web` (Workers Static Assets serves it; wrangler.toml `[assets]`).
 *
 * Two environments, built one after the other by `vite build`:
 * - `client`: the staff console SPA (`web/console/index.html` → `/console/`), hashed chunks, one
 *   chunk per lazily imported route. `web/static/` is copied to the site root (`/form.css` …).
 * - `island`: the public form's Preact island (`web/public/island.tsx`) → `/assets/form.js`, a FIXED
 *   name (the server-rendered page links it) and ONE self-contained file: it shares no chunk with
 *   the console, so a citizen's phone downloads only what the form needs. IIFE, so it runs whether
 *   the page loads it as a classic or a module script.
 *
 * No @preact/preset-vite: JSX compiles through tsconfig (`jsxImportSource: preact`).
 */
const root = path.join(import.meta.dirname, 'web');
const outDir = path.join(import.meta.dirname, 'dist/web');

export default defineConfig({
  root,
  base: '/',
  publicDir: path.join(root, 'static'),
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: {
    // Shared pure code (form engine, i18n) lives under worker/; let web/ import it.
    alias: { '@worker': path.join(import.meta.dirname, 'worker') },
  },
  builder: {
    async buildApp(builder) {
      await builder.build(builder.environments.client!);
      await builder.build(builder.environments.island!);
    },
  },
  environments: {
    client: {
      build: {
        outDir,
        emptyOutDir: true,
        copyPublicDir: true,
        target: 'es2022',
        rollupOptions: {
          input: { console: path.join(root, 'console/index.html') },
          output: {
            entryFileNames: 'assets/[name]-[hash].js',
            chunkFileNames: 'assets/[name]-[hash].js',
            assetFileNames: 'assets/[name]-[hash][extname]',
          },
        },
      },
    },
    island: {
      consumer: 'client',
      build: {
        outDir,
        emptyOutDir: false,
        copyPublicDir: false,
        target: 'es2020',
        // The island's CSS (if any) is the page's `/form.css`, served from web/static.
        cssCodeSplit: false,
        rollupOptions: {
          input: { form: path.join(root, 'public/island.tsx') },
          output: {
            format: 'iife',
            entryFileNames: 'assets/form.js',
            assetFileNames: 'assets/form-[hash][extname]',
          },
        },
      },
    },
  },
});
