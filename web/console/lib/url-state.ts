/**
 * List filters kept in the address (decision 242): `?status=…&q=…` survives a reload, the back
 * button and a link sent to a colleague. The page keeps its own state (read from the address once,
 * on mount); each change rewrites the address with `history.replaceState` — no new history entry
 * per keystroke, and no route change (preact-iso's router is not involved, so the page is not
 * re-rendered from the top).
 */
import { useState } from 'preact/hooks';

/** The query parameter `key` of the current address, or `fallback`. */
export function urlParam(key: string, fallback = ''): string {
  return new URLSearchParams(location.search).get(key) ?? fallback;
}

/** Writes `values` into the address's query (empty or default values are removed). */
export function writeUrlParams(
  values: Record<string, string | undefined>,
  defaults: Record<string, string> = {},
) {
  const url = new URL(location.href);
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === '' || v === defaults[k]) url.searchParams.delete(k);
    else url.searchParams.set(k, v);
  }
  const next = url.pathname + url.search + url.hash;
  if (next !== location.pathname + location.search + location.hash)
    history.replaceState(history.state, '', next);
}

/**
 * `useState` for one filter, mirrored in the address's query parameter `key`.
 * @example const [status, setStatus] = useUrlState('status') // /console/cases?status=forwarded
 */
export function useUrlState(key: string, fallback = ''): [string, (v: string) => void] {
  const [value, setValue] = useState(() => urlParam(key, fallback));
  return [
    value,
    (v: string) => {
      setValue(v);
      writeUrlParams({ [key]: v }, { [key]: fallback });
    },
  ];
}
