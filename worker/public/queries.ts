/**
 * Reads the public pages need and no other module exposes as a function: picker options for the
 * no-JavaScript render. Read-only.
 */

/**
 * Units current on `today` (yyyy-mm-dd; `valid_to` is the last valid day, as everywhere) of the given kinds (all when empty), by name, for a unit
 * picker; with `folded`, only those whose folded name contains it (the picker's search, tìm theo
 * tên — `instr`, not LIKE: D1 refuses LIKE patterns over 50 bytes; '' matches every name).
 */
export async function unitChoices(
  d1: D1Database,
  kinds: string[],
  today: string,
  limit: number,
  folded = '',
) {
  const { results } = await d1
    .prepare(
      `SELECT id AS value, name AS label FROM units
        WHERE merged_into_id IS NULL AND (valid_to IS NULL OR valid_to >= ?3)
          AND (?2 = '[]' OR kind IN (SELECT value FROM json_each(?2)))
          AND instr(search_name, ?4) > 0
        ORDER BY search_name LIMIT ?1`,
    )
    .bind(limit, JSON.stringify(kinds), today, folded)
    .all<{ value: string; label: string }>();
  return results;
}

/**
 * People with a current position, "Name — title" (the public person picker shows nothing more);
 * with `folded`, only those whose folded name contains it.
 */
export async function personChoices(d1: D1Database, limit: number, folded = '') {
  const { results } = await d1
    .prepare(
      `SELECT p.id AS value,
              p.full_name || COALESCE(' — ' || (SELECT group_concat(title, ', ') FROM positions s
                 WHERE s.person_id = p.id AND s.valid_to IS NULL), '') AS label
         FROM people p
        WHERE instr(p.search_name, ?2) > 0
          AND EXISTS (SELECT 1 FROM positions s WHERE s.person_id = p.id AND s.valid_to IS NULL)
        ORDER BY p.search_name LIMIT ?1`,
    )
    .bind(limit, folded)
    .all<{ value: string; label: string }>();
  return results;
}

/** Whether a receipt code (canonical) belongs to a feedback or petition case (it then has a PIN). */
export async function isCaseReceipt(d1: D1Database, code: string): Promise<boolean> {
  const row = await d1
    .prepare(
      `SELECT 1 AS one FROM cases c JOIN responses r ON r.id = c.response_id WHERE r.receipt_code = ?1`,
    )
    .bind(code)
    .first<{ one: number }>();
  return !!row;
}
