/**
 * Constraint violations by name. The database enforces the invariants (UNIQUE, CHECK, NOT NULL,
 * foreign keys: decision 134 and the guarded batches); a service that expects one to fire asks
 * here which one did, by the name the Drizzle schema declares — `violates(e, 'forms_slug_uq')` —
 * never by reading the error text itself. This module is the ONLY place that reads SQLite's
 * message text (a unit test greps worker/ for any other).
 *
 * SQLite names a UNIQUE violation by its columns (`UNIQUE constraint failed: forms.slug`); the
 * schema resolves those columns to the unique index, unique constraint or primary key that holds
 * them. A primary key is named `<table>_pk`. A CHECK is named by its declaration
 * (`CHECK constraint failed: form_quota_cap`), a NOT NULL by its column (`responses.version_id`);
 * SQLite does not say which foreign key failed.
 *
 * The same text arrives in three wrappings, all handled: D1 on workerd
 * (`D1_ERROR: UNIQUE constraint failed: forms.slug: SQLITE_CONSTRAINT (extended: …)`, the bare
 * SQLite text as its `cause`), the Node platform's wrapper (`D1_ERROR: UNIQUE constraint failed:
 * forms.slug`, worker/platform/node/d1.ts) and Drizzle's `DrizzleQueryError` (`Failed query: …`,
 * the D1 error as its `cause`). The innermost cause is read first: Drizzle's own message quotes
 * the statement's parameters, which a client writes.
 */
import { is } from 'drizzle-orm';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as schema from './schema';

/**
 * Every constraint the schema names, so a site compares a typed name. A unit test checks this list
 * against the schema both ways: a renamed index breaks the test, a misspelt name the build.
 */
export const CONSTRAINT_NAMES = [
  // unique indexes
  'audit_checkpoints_prev_uq',
  'audit_prev_uq',
  'ballot_members_user_uq',
  'ballots_receipt_uq',
  'case_routing_uq',
  'cases_response_uq',
  'dvk_progress_report_uq',
  'dvk_reports_uq',
  'form_versions_uq',
  'forms_slug_uq',
  'people_ext_uq',
  'responses_idem_uq',
  'responses_receipt_uq',
  'role_grants_uq',
  'units_code_uq',
  'users_email_uq',
  // checks
  'ballot_rounds_codes',
  'ballot_rounds_present',
  'ballot_rounds_summoned',
  'case_events_visibility',
  'case_settings_k',
  'case_settings_one',
  'cases_closure',
  'cases_kind',
  'cases_rating',
  'cases_status',
  'data_requests_kind',
  'data_requests_status',
  'dvk_links_not_self',
  'dvk_models_nonneg',
  'form_quota_cap',
  'holidays_kind',
  'retention_periods_days',
] as const;

/** A named constraint of the schema (primary keys: `<table>_pk`, see {@link PrimaryKeyName}). */
export type ConstraintName = (typeof CONSTRAINT_NAMES)[number] | PrimaryKeyName;

type Tables = {
  [K in keyof typeof schema]: (typeof schema)[K] extends SQLiteTable ? (typeof schema)[K] : never;
}[keyof typeof schema];
type TableName = Tables['_']['name'];
/** `<table>_pk` for every table of the schema. */
export type PrimaryKeyName = `${TableName}_pk`;
/** `table.column` for every column of the schema: the name of its NOT NULL. */
export type ColumnName = Tables extends infer T
  ? T extends SQLiteTable
    ? `${T['_']['name']}.${{ [C in keyof T['_']['columns']]: T['_']['columns'][C]['_']['name'] }[keyof T['_']['columns']]}`
    : never
  : never;

/** What a failed statement violated. `name` is undefined only for a foreign key (SQLite does not say). */
export type ConstraintViolation =
  | { kind: 'unique' | 'primary_key' | 'check'; name: ConstraintName }
  | { kind: 'not_null'; name: ColumnName }
  | { kind: 'foreign_key'; name?: undefined };

interface Known {
  /** `table(col,col)` with the columns sorted → the unique index / constraint / primary key. */
  byColumns: Map<string, { kind: 'unique' | 'primary_key'; name: string }>;
  /** Every constraint name of the schema (unique, primary key, check). */
  names: Set<string>;
}

let known: Known | undefined;

const columnsKey = (table: string, columns: readonly string[]) =>
  `${table}(${[...columns].sort().join(',')})`;

/** Reads the schema once: what each set of columns is unique by, and every constraint's name. */
export function schemaConstraints(): Known {
  if (known) return known;
  const byColumns: Known['byColumns'] = new Map();
  const names = new Set<string>();
  const add = (table: string, columns: string[], kind: 'unique' | 'primary_key', name: string) => {
    byColumns.set(columnsKey(table, columns), { kind, name });
    names.add(name);
  };
  for (const t of Object.values(schema)) {
    if (!is(t, SQLiteTable)) continue;
    const cfg = getTableConfig(t);
    const pkColumns = cfg.columns.filter((c) => c.primary).map((c) => c.name);
    if (pkColumns.length) add(cfg.name, pkColumns, 'primary_key', `${cfg.name}_pk`);
    for (const pk of cfg.primaryKeys)
      add(
        cfg.name,
        pk.columns.map((c) => c.name),
        'primary_key',
        `${cfg.name}_pk`,
      );
    for (const c of cfg.columns)
      if (c.isUnique && c.uniqueName) add(cfg.name, [c.name], 'unique', c.uniqueName);
    for (const u of cfg.uniqueConstraints) {
      const cols = u.columns.map((c) => c.name);
      add(cfg.name, cols, 'unique', u.getName() ?? `${cfg.name}_${cols.join('_')}_unique`);
    }
    for (const i of cfg.indexes) {
      if (!i.config.unique) continue;
      const cols = i.config.columns.map((c) => (c as { name?: unknown }).name);
      if (cols.every((c): c is string => typeof c === 'string')) add(cfg.name, cols, 'unique', i.config.name);
      else names.add(i.config.name); // on an expression: SQLite names the index itself
    }
    for (const c of cfg.checks) names.add(c.name);
  }
  known = { byColumns, names };
  return known;
}

const FAILED = /(UNIQUE|CHECK|NOT NULL|FOREIGN KEY) constraint failed(?:: (.+?))?(?:: SQLITE_\w+.*)?$/m;

/** One message's violation, if it reports one. */
function parse(message: string): ConstraintViolation | null {
  const m = FAILED.exec(message);
  if (!m) return null;
  const detail = m[2]?.trim() ?? '';
  const { byColumns, names } = schemaConstraints();
  switch (m[1]) {
    case 'FOREIGN KEY':
      return { kind: 'foreign_key' };
    case 'NOT NULL':
      return { kind: 'not_null', name: detail as ColumnName };
    case 'CHECK':
      return names.has(detail) ? { kind: 'check', name: detail as ConstraintName } : null;
    default: {
      // `index 'name'` for an index on expressions, else `table.col, table.col`.
      const byIndex = /^index '([^']+)'$/.exec(detail);
      if (byIndex)
        return names.has(byIndex[1]!) ? { kind: 'unique', name: byIndex[1] as ConstraintName } : null;
      const refs = detail.split(',').map((s) => s.trim().split('.'));
      const table = refs[0]?.[0] ?? '';
      const hit = byColumns.get(
        columnsKey(
          table,
          refs.map((r) => r[1] ?? ''),
        ),
      );
      return hit ? { kind: hit.kind, name: hit.name as ConstraintName } : null;
    }
  }
}

/**
 * The constraint a failed statement or batch violated, or null when the error is not a
 * constraint violation of this schema.
 *
 * @example
 * } catch (e) {
 *   if (constraintViolation(e)?.kind === 'foreign_key') throw new AppError('validation_failed', []);
 *   throw e;
 * }
 */
export function constraintViolation(err: unknown): ConstraintViolation | null {
  const chain: unknown[] = [];
  for (let e = err, depth = 0; e !== undefined && e !== null && depth < 8; depth++) {
    chain.push(e);
    e = (e as { cause?: unknown }).cause;
  }
  for (const e of chain.reverse()) {
    const found = parse(e instanceof Error ? e.message : String(e));
    if (found) return found;
  }
  return null;
}

/**
 * Whether `err` is the violation of the named constraint (a unique index, CHECK or primary key of
 * the schema, or a column's NOT NULL as `table.column`).
 *
 * @example if (violates(e, 'forms_slug_uq')) throw new AppError('slug_taken');
 */
export function violates(err: unknown, name: ConstraintName | ColumnName): boolean {
  return constraintViolation(err)?.name === name;
}
