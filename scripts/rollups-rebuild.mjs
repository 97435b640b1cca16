#!/usr/bin/env node
/**
 * Recounts every rollup from raw rows, for migrations and repairs: the forms' (response_counts,
 * answer_counts and their month buckets) then the cases' (case_flow, case_outcomes by month,
 * case_backlog, case_person_counts; decision 210). Loops `POST /api/dashboards/rebuild` until the
 * cursor is null: each batch recounts one slice of one form (≤ 20,000 responses or one day; SLICE_ROWS
 * to change it) or one case-month, each call stops starting batches after ~10 s (decision 213).
 * PART=cases (or forms) limits it to one of the two. Needs a root administrator's session cookie.
 *
 *   LN_SESSION=<ln_session cookie value> node scripts/rollups-rebuild.mjs https://langnghe.example [formId]
 *
 * Safe to re-run and to interrupt: each batch replaces its slice atomically; pass the printed
 * cursor as CURSOR=… to resume.
 */
const [base, formId] = process.argv.slice(2);
const session = process.env.LN_SESSION;
if (!base || !session) {
  console.error('usage: LN_SESSION=… node scripts/rollups-rebuild.mjs <base-url> [formId]');
  process.exit(2);
}
let cursor = process.env.CURSOR || null;
let batches = 0;
const started = Date.now();
do {
  const res = await fetch(`${base.replace(/\/$/, '')}/api/dashboards/rebuild`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: new URL(base).origin,
      cookie: `ln_session=${session}`,
    },
    body: JSON.stringify({
      cursor,
      ...(formId ? { formId } : {}),
      ...(process.env.PART ? { part: process.env.PART } : {}),
      ...(process.env.SLICE_ROWS ? { sliceRows: Number(process.env.SLICE_ROWS) } : {}),
    }),
  });
  if (!res.ok) {
    console.error(`HTTP ${res.status}: ${await res.text()}\nresume with CURSOR=${cursor ?? ''}`);
    process.exit(1);
  }
  const r = await res.json();
  batches += r.batches;
  cursor = r.cursor;
  console.log(`${batches} batches${cursor ? `, next ${cursor}` : ', done'}`);
} while (cursor);
console.log(`rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s`);
