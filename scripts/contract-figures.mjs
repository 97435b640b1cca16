#!/usr/bin/env node
/**
 * `node scripts/contract-figures.mjs [dir]`: the figures issue #13 is measured by, counted in a
 * working tree (default: this one) with plain greps, so a before/after pair is two runs of the same
 * command on two checkouts (`git worktree add /tmp/before <commit>`).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const dir = path.resolve(process.argv[2] ?? '.');

/** Matching lines of a git grep (extended regex) over some path specs, as `file:line:text`. */
function grep(pattern, ...specs) {
  try {
    return execFileSync('git', ['grep', '-nE', pattern, '--', ...specs], { cwd: dir, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
  } catch {
    return []; // git grep exits 1 when nothing matches
  }
}
const code = (lines) => lines.filter((l) => !/^[^:]+:\d+:\s*(\*|\/\/|\/\*)/.test(l)); // not comments
const files = (lines) => new Set(lines.map((l) => l.split(':')[0])).size;

function loc(...specs) {
  const list = execFileSync('git', ['ls-files', '--', ...specs], { cwd: dir, encoding: 'utf8' })
    .split('\n')
    .filter((f) => /\.(ts|tsx|mjs)$/.test(f) && !f.endsWith('.gen.ts') && !f.endsWith('form-css.ts'));
  let n = 0;
  for (const f of list) {
    try {
      n += execFileSync('wc', ['-l', f], { cwd: dir, encoding: 'utf8' }).trim().split(/\s+/)[0] * 1;
    } catch {}
  }
  return n;
}

const app = ['worker', ':!worker/platform', ':!worker/db/migrations'];
const figures = {
  'API response types asserted by hand in web/ (api<T>(…) calls)': code(grep('\\bapi<', 'web')).filter(
    (l) => !l.includes('export async function api<'),
  ).length,
  // Raw SQL handed to D1 (`d1.prepare('SELECT …')`, its text on the same or the next line), not
  // Drizzle's argument-less `.prepare()` of a built query; the two bridges that must call D1 itself
  // (db/client.ts, the bench meter) are left out.
  'raw SQL statements (.prepare(sql) in app modules)': code(
    grep('\\.prepare\\(([^)]|$)', ...app, ':!worker/db/client.ts', ':!worker/lib/d1meter.ts'),
  ).length,
  'result casts (.first<…>/.all<…>/.raw<…>, as unknown as)': code(
    grep('\\.(first|all|raw)<|as unknown as', ...app, ':!worker/lib/d1meter.ts'),
  ).length,
  'AS camelCase aliases in SQL': grep(' AS [a-z]+[A-Z]\\w*', ...app).length,
  'sites matching SQLite message text': code(
    grep('(String\\((e|err)\\b|\\.message\\b|\\bm\\b).*\\.includes\\(|isUniqueViolation\\(err', ...app),
  ).length,
  'case-status label sets (files spelling "Đã tiếp nhận"/"Đang xử lý")': files(
    code(grep('Đang xử lý', 'worker', 'web')),
  ),
  "dd/mm/yyyy formatters (padStart(2, '0') sites)": code(grep("padStart\\(2, '0'\\)", 'worker', 'web'))
    .length,
  'lines of TypeScript in worker/ (without platform/)': loc('worker', ':!worker/platform'),
  'lines of TypeScript in web/': loc('web'),
};
const width = Math.max(...Object.keys(figures).map((k) => k.length));
for (const [k, n] of Object.entries(figures)) console.log(`${k.padEnd(width)}  ${n}`);
