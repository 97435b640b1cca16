/// <reference types="vite/client" />
/**
 * The module rules of docs/architecture.md, checked on the source itself:
 * 1. no import cycle between capability modules (`worker/<module>/`);
 * 2. a module reads another module's data through that module's service, never by importing its
 *    queries files (`*queries*.ts`), which stay private to their module.
 * The shared kernel folders (`worker/forms/engine`, `worker/forms/view`, and `worker/text`, the
 * dictionaries of domain words: pure code the browser runs too) and the layers every module builds
 * on (`lib`, `db`, `env`) are modules of their own that import no capability module. `text` is
 * kernel, not a capability: the console imports it and the public form view reads its words, so
 * counted as a module it made the kernel depend on a capability (decision 296). `platform`,
 * `app.ts`, `scheduled.ts` and `index.ts` assemble everything and are left out of the graph (they
 * import every module by design).
 */
import { describe, expect, it } from 'vitest';

const sources = import.meta.glob<string>('/worker/**/*.{ts,tsx}', {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** Folders that are modules of their own although nested (the shared kernel). */
const KERNEL = ['worker/forms/engine', 'worker/forms/view', 'worker/text'];
/** Assemblers: they import every module by design. */
const ASSEMBLERS = ['worker/platform', 'worker/app.ts', 'worker/scheduled.ts', 'worker/index.ts'];
/** Foundations: any module may import them; they import no capability module. */
const FOUNDATIONS = new Set(['lib', 'db', 'env.ts']);

function moduleOf(file: string): string | null {
  if (ASSEMBLERS.some((a) => file === a || file.startsWith(`${a}/`))) return null;
  const kernel = KERNEL.find((k) => file.startsWith(`${k}/`));
  if (kernel) return kernel.slice('worker/'.length);
  return file.split('/')[1] ?? null;
}

/** Resolves a relative import of `from` to a worker path without extension. */
function resolve(from: string, spec: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const p of spec.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.') parts.push(p);
  }
  return parts.join('/');
}

interface Edge {
  from: string;
  to: string;
  file: string;
  target: string;
}

const edges: Edge[] = [];
for (const [abs, text] of Object.entries(sources)) {
  const file = abs.slice(1); // '/worker/…' → 'worker/…'
  const from = moduleOf(file);
  if (!from) continue;
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
    const target = resolve(file, m[1]!);
    if (!target.startsWith('worker/')) continue;
    const to = moduleOf(`${target}.ts`) ?? target.split('/')[1]!;
    if (to !== from) edges.push({ from, to, file, target });
  }
}

function cycles(): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const e of edges) {
    if (!graph.has(e.from)) graph.set(e.from, new Set());
    graph.get(e.from)!.add(e.to);
  }
  // Tarjan's strongly connected components: any component of two or more modules is a cycle.
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) out.push(comp.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

describe('module boundaries', () => {
  it('reads the source of every module', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(100);
    expect(edges.some((e) => e.from === 'cases' && e.to === 'lib')).toBe(true);
  });

  it('has no import cycle between modules', () => {
    const found = cycles().map((c) => {
      const inside = edges.filter((e) => c.includes(e.from) && c.includes(e.to));
      return `${c.join(' ⇄ ')}: ${inside.map((e) => `${e.file} → ${e.target}`).join(', ')}`;
    });
    expect(found).toEqual([]);
  });

  it('keeps foundations free of capability modules', () => {
    const wrong = edges
      .filter((e) => FOUNDATIONS.has(e.from) && !FOUNDATIONS.has(e.to))
      .map((e) => `${e.file} → ${e.target}`);
    expect(wrong).toEqual([]);
  });

  it('keeps the shared kernel free of capability modules', () => {
    const kernel = new Set(KERNEL.map((k) => k.slice('worker/'.length)));
    const wrong = edges
      .filter((e) => kernel.has(e.from) && !FOUNDATIONS.has(e.to) && !kernel.has(e.to))
      .map((e) => `${e.file} → ${e.target}`);
    expect(wrong).toEqual([]);
  });

  it("never imports another module's queries files", () => {
    const wrong = edges
      .filter((e) => /queries$/.test(e.target.split('/').pop() ?? ''))
      .map((e) => `${e.file} → ${e.target}`);
    expect(wrong).toEqual([]);
  });
});
