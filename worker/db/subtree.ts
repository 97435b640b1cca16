/**
 * A unit's subtree as a range of paths. Units carry a materialised path ('/root/…/id/'), so "in the
 * subtree of" is a prefix test every module needs (scopes, dashboards, rights, ballots, forms); the
 * tree itself belongs to the org module, this SQL shape to no one.
 */
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';

/**
 * Bounds of a subtree for an index-friendly range test: `path >= lo AND path < hi`.
 * D1 caps LIKE patterns at 50 bytes, so `path LIKE scope || '%'` fails as soon as a path holds two
 * UUIDs; a prefix range needs no pattern. `hi` replaces the final '/' by '0', the next code point,
 * so exactly the strings starting with `path` fall in the range.
 * @example const [lo, hi] = subtreeBounds(unit.path); sql`... WHERE u.path >= ${lo} AND u.path < ${hi}`
 */
export function subtreeBounds(path: string): [string, string] {
  if (!path.endsWith('/')) throw new Error('unit paths end with /');
  return [path, `${path.slice(0, -1)}0`];
}

/** `column` (a unit path) lies in the subtree of `path`: the prefix range of `subtreeBounds`. */
export function inSubtree(column: SQLWrapper, path: string): SQL {
  const [lo, hi] = subtreeBounds(path);
  return sql`(${column} >= ${lo} AND ${column} < ${hi})`;
}
