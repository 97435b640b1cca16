#!/usr/bin/env node
/**
 * `node scripts/decision-index.mjs`: rewrites docs/decisions/README.md, the index of decision
 * records, from the records' own first lines, grouped by number range. `test/unit/docs.test.ts`
 * fails when a record is missing from the index (run this script to mend it).
 */
import fs from 'node:fs';
import path from 'node:path';

const DIR = path.join(import.meta.dirname, '..', 'docs', 'decisions');
/** Number ranges → the part of the system their records shape. */
const GROUPS = [
  [1, 19, 'Foundations and the forms engine'],
  [20, 39, 'Accounts, sessions and the audit log'],
  [40, 59, 'Submissions and responses'],
  [60, 79, 'The public form'],
  [80, 99, 'Build and demo data'],
  [100, 119, 'The staff console'],
  [120, 129, 'Browser tests and page weight'],
  [130, 139, 'Benchmarks, fault and fuzz tests'],
  [140, 159, 'Cases (feedback, complaints, petitions)'],
  [160, 179, 'Confidence ballots'],
  [180, 189, 'Dân vận khéo models and reporting campaigns'],
  [190, 199, 'Two runtimes: Cloudflare and Node + SQLite'],
  [200, 219, 'Dashboards, rollups and moving a deployment'],
  [220, 249, 'What people meet: the screens'],
  [250, 259, 'Keys, webhooks and files'],
  [260, 269, 'Personal data'],
  [270, 299, 'One contract, typed end to end'],
  [300, 399, 'Later records (issues 12 and 14)'],
];

const records = fs
  .readdirSync(DIR)
  .filter((f) => /^\d{3}-.*\.md$/.test(f))
  .sort()
  .map((file) => {
    const first = fs.readFileSync(path.join(DIR, file), 'utf8').split('\n')[0] ?? '';
    const title = first.replace(/^#\s*\d+\s*[.—–-]\s*/, '').trim();
    return { file, n: Number(file.slice(0, 3)), title };
  });

let out =
  '# Decision records\n\nEach record says what was decided, why, and what was left. Numbers are grouped by the part of\nthe system they shape; a gap in the numbers is room left for later records of that part.\nThis index is written by `node scripts/decision-index.mjs` (a unit test checks it is complete).\n';
for (const [lo, hi, name] of GROUPS) {
  const inGroup = records.filter((r) => r.n >= lo && r.n <= hi);
  if (!inGroup.length) continue;
  out += `\n## ${name}\n\n`;
  for (const r of inGroup) out += `- [${String(r.n).padStart(3, '0')} — ${r.title}](${r.file})\n`;
}
const orphans = records.filter((r) => !GROUPS.some(([lo, hi]) => r.n >= lo && r.n <= hi));
if (orphans.length) throw new Error(`no group for ${orphans.map((r) => r.file).join(', ')}`);
fs.writeFileSync(path.join(DIR, 'README.md'), out);
console.log(`docs/decisions/README.md: ${records.length} records`);
