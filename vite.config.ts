import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';

/**
 * The web build, into `dist/web` (Workers Static Assets serves it; wrangler.toml `[assets]`).
 *
 * Two environments, built one after the other by `vite build`:
 * - `client`: the staff console SPA (`web/console/index.html` → `/console/`), hashed chunks, one
 *   chunk per lazily imported route. `web/static/` is copied to the site root (`/form.css` …).
 * - `island`: the public form's Preact island (`web/public/island.tsx`) → `/assets/form.js`, a FIXED
 *   name (the server-rendered page links it, as a module script), plus its one lazy chunk
 *   `form-later-<hash>.js` (decision 235). It shares no chunk with the console, so a citizen's phone
 *   downloads only what the form needs.
 *
 * No @preact/preset-vite: JSX compiles through tsconfig (`jsxImportSource: preact`).
 */
const root = path.join(import.meta.dirname, 'web');

/**
 * The island's second chunk (`web/public/later.tsx`) gets its OWN copy of the shared engine and lib
 * modules (`worker/forms/engine/*`, `worker/lib/*`), marked `?island-later`. Chunks are split by
 * module, and `logic.ts` holds both the show-if logic the first chunk renders with and
 * `validateAnswers`: shared, the whole validator (≈ 2 KB gzip) would sit in the first chunk. Copied,
 * the first chunk tree-shakes its copy down to what hydration needs (decision 235). The modules are
 * pure (no state), so two copies behave as one.
 */
const LATER_COPY = '?island-later';
const laterEngineCopy: Plugin = {
  name: 'island-later-engine-copy',
  enforce: 'pre',
  applyToEnvironment: (env) => env.name === 'island',
  async resolveId(source, importer, options) {
    if (!importer || !(importer.endsWith(LATER_COPY) || importer.endsWith('/web/public/later.tsx'))) {
      return null;
    }
    const r = await this.resolve(source, importer.replace(LATER_COPY, ''), { ...options, skipSelf: true });
    if (r && !r.external && /\/worker\/(forms\/engine|lib)\/[^?]*$/.test(r.id)) return `${r.id}${LATER_COPY}`;
    return r;
  },
};

/**
 * The island's first chunk reads the form page's UI texts from the page data (the page's language
 * only, written by the server with `uiTexts`) instead of bundling `worker/forms/view/strings.ts` in
 * both languages: every import of that module resolves to `web/public/texts.ts` (decision 235),
 * except the one that module makes itself (its placeholder filling).
 */
const TEXTS = path.join(root, 'public/texts.ts');
const islandTexts: Plugin = {
  name: 'island-texts-from-page',
  enforce: 'pre',
  applyToEnvironment: (env) => env.name === 'island',
  async resolveId(source, importer, options) {
    if (!importer || importer === TEXTS || !/\/strings(\.ts)?$/.test(source)) return null;
    const r = await this.resolve(source, importer, { ...options, skipSelf: true });
    return r?.id.endsWith('/worker/forms/view/strings.ts') ? TEXTS : r;
  },
};

/**
 * The island has one lazy chunk with no CSS and no dependencies of its own, so Vite's preload
 * wrapper around `import()` (≈ 1 KB gzip of helper, for CSS and dependency preloads) buys nothing
 * there: load the helper as a plain call. Applies to the island environment only.
 */
const plainDynamicImport: Plugin = {
  name: 'island-plain-dynamic-import',
  enforce: 'pre',
  applyToEnvironment: (env) => env.name === 'island',
  load: {
    filter: { id: /^\0vite\/preload-helper\.js$/ },
    handler: () => 'export const __vitePreload = (load) => load();',
  },
};
const outDir = path.join(import.meta.dirname, 'dist/web');

export default defineConfig({
  root,
  base: '/',
  publicDir: path.join(root, 'static'),
  plugins: [plainDynamicImport, laterEngineCopy, islandTexts],
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
        // No preload helper: the one lazy chunk has no dependencies of its own to preload.
        modulePreload: false,
        rollupOptions: {
          input: { form: path.join(root, 'public/island.tsx') },
          output: {
            format: 'es',
            entryFileNames: 'assets/form.js',
            chunkFileNames: 'assets/form-[name]-[hash].js',
            assetFileNames: 'assets/form-[hash][extname]',
          },
        },
      },
    },
  },
});
