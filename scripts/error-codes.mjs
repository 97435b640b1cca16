/**
 * Rewrites the list of error codes in docs/api.md from the error table
 * (worker/lib/error-codes.ts, read by Node's type stripping). `test/unit/error-codes.test.ts`
 * fails while the list is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DOC_MARKERS, errorTableMarkdown } from '../worker/lib/error-codes.ts';

const doc = fileURLToPath(new URL('../docs/api.md', import.meta.url));
const text = readFileSync(doc, 'utf8');
const start = text.indexOf(DOC_MARKERS.start);
const end = text.indexOf(DOC_MARKERS.end);
if (start < 0 || end < start)
  throw new Error(`docs/api.md: the markers ${DOC_MARKERS.start} … ${DOC_MARKERS.end} are missing`);
writeFileSync(doc, text.slice(0, start) + errorTableMarkdown() + text.slice(end + DOC_MARKERS.end.length));
console.log('docs/api.md: error codes rewritten');
