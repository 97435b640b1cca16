/// <reference types="vite/client" />
/**
 * The newcomer's map stays true: every decision record is in the index (docs/decisions/README.md,
 * written by `node scripts/decision-index.mjs`), and every relative link in docs/ points at a file
 * that exists.
 */
import { describe, expect, it } from 'vitest';

const records = import.meta.glob<string>('/docs/decisions/[0-9]*.md', {
  query: '?raw',
  import: 'default',
  eager: true,
});
const docs = import.meta.glob<string>('/docs/**/*.md', { query: '?raw', import: 'default', eager: true });
const files = new Set(
  Object.keys(
    import.meta.glob([
      '/*',
      '/.env.example',
      '/docs/**',
      '/worker/**',
      '/web/**',
      '/test/**',
      '/scripts/**',
      '/deploy/**',
    ]),
  ),
);
const index = docs['/docs/decisions/README.md'] ?? '';

describe('docs', () => {
  it('indexes every decision record', () => {
    expect(Object.keys(records).length).toBeGreaterThan(100);
    const missing = Object.keys(records)
      .map((p) => p.split('/').pop()!)
      .filter((f) => !index.includes(`](${f})`));
    expect(missing, 'run `node scripts/decision-index.mjs`').toEqual([]);
  });

  it('links only to files that exist', () => {
    const broken: string[] = [];
    for (const [doc, text] of Object.entries(docs)) {
      const dir = doc.split('/').slice(0, -1);
      for (const m of text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
        const link = m[1]!;
        if (/^[a-z]+:/.test(link)) continue; // http:, https:, mailto:
        const parts = [...dir];
        for (const p of link.split('/')) {
          if (p === '..') parts.pop();
          else if (p !== '.') parts.push(p);
        }
        const target = parts.join('/').replace(/\/$/, '');
        const isDir = [...files].some((f) => f.startsWith(`${target}/`));
        if (!files.has(target) && !isDir) broken.push(`${doc} → ${link}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
