/**
 * A unit's name in the console's language (issue 12). The English console shows a unit's English
 * name (`units.name_en`) wherever it names a unit, the Vietnamese name when it has none; the
 * Vietnamese console shows the Vietnamese name the API rows already carry. The rows of other
 * modules (cases, ballots, people, grants) carry only the Vietnamese `unitName` and the `unitId`:
 * the English names come from the unit list (`/api/org/units`), read once per page load and only
 * when the console is in English.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Lang } from '../../../worker/lib/i18n';
import { api } from './api';
import { useLang } from './lang';

/** A unit's name in a language: its English name in English when it has one. */
export function nameIn(unit: { name: string; nameEn?: string | null }, lang: Lang): string {
  return lang === 'en' && unit.nameEn ? unit.nameEn : unit.name;
}

let english: Promise<Map<string, string>> | null = null;

/** Unit id → English name, for the units that have one (asked once; a failure is asked again). */
function englishNames(): Promise<Map<string, string>> {
  english ??= api
    .GET('/api/org/units', { params: { query: { includeMerged: '1' } } })
    .then((r) => new Map(r.units.flatMap((u) => (u.nameEn ? [[u.id, u.nameEn] as const] : []))))
    .catch(() => {
      english = null;
      return new Map<string, string>();
    });
  return english;
}

/** Forgets the English names read (after a unit was added, renamed or merged). */
export function forgetUnitNames(): void {
  english = null;
}

/**
 * `unitName(unitId, name)`: the unit's name in the console's language, `name` (the Vietnamese name
 * the row carries) in Vietnamese, when the unit has no English name, or until the names are read.
 */
export function useUnitName(): <T extends string | null | undefined>(
  unitId: string | null | undefined,
  name: T,
) => string | T {
  const { lang } = useLang();
  const [names, setNames] = useState<Map<string, string> | null>(null);
  useEffect(() => {
    if (lang !== 'en') return;
    let live = true;
    englishNames().then((m) => {
      if (live) setNames(m);
    });
    return () => {
      live = false;
    };
  }, [lang]);
  return (unitId, name) => (lang === 'en' && unitId && names?.get(unitId)) || name;
}
