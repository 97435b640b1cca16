import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newId, newPin, newReceiptCode, parseReceiptCode } from '../../worker/lib/ids';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const body = fc.string({ unit: fc.constantFrom(...ALPHABET), minLength: 4, maxLength: 20 });

describe('receipt codes', () => {
  it('are grouped base32 with a check character from the same alphabet', () => {
    for (let i = 0; i < 200; i++) {
      const code = newReceiptCode();
      expect(code).toMatch(
        /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]$/,
      );
      expect(parseReceiptCode(code)).toBe(code);
    }
  });

  it('forgive what people type: case, spaces, dashes, I/L for 1, O for 0', () => {
    const code = newReceiptCode();
    const typed = ` ${code.toLowerCase().replace(/-/g, ' ')} `.replace(/1/g, 'l').replace(/0/g, 'o');
    expect(parseReceiptCode(typed)).toBe(code);
  });

  it('detect every single mistyped character (property)', () => {
    fc.assert(
      fc.property(body, fc.nat(), fc.constantFrom(...ALPHABET), (b, pos, ch) => {
        const raw = newReceiptCodeFor(b).replace(/-/g, '');
        const i = pos % raw.length;
        fc.pre(raw[i] !== ch);
        const wrong = raw.slice(0, i) + ch + raw.slice(i + 1);
        expect(parseReceiptCode(wrong)).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });

  it('detect swaps of neighbouring characters except the rare Luhn pairs (property)', () => {
    let detected = 0;
    let total = 0;
    fc.assert(
      fc.property(body, fc.nat(), (b, pos) => {
        const raw = newReceiptCodeFor(b).replace(/-/g, '');
        const i = pos % (raw.length - 1);
        fc.pre(raw[i] !== raw[i + 1]);
        total++;
        const swapped = raw.slice(0, i) + raw[i + 1] + raw[i] + raw.slice(i + 2);
        if (parseReceiptCode(swapped) === null) detected++;
      }),
      { numRuns: 2000 },
    );
    expect(detected / total).toBeGreaterThan(0.95);
  });

  it('refuse symbols, wrong lengths and junk', () => {
    for (const bad of ['', 'ABCD', 'ABCD-EFGH-$', 'ÀBCD-EFGH-JKMN-P', 'U'.repeat(50)]) {
      expect(parseReceiptCode(bad)).toBeNull();
    }
  });
});

/** The valid code with this body (tries each check symbol; exactly one fits). */
function newReceiptCodeFor(b: string): string {
  const fits = [...ALPHABET].filter((c) => parseReceiptCode(b + c) !== null);
  expect(fits).toHaveLength(1);
  return parseReceiptCode(b + fits[0])!;
}

describe('ids and PINs', () => {
  it('newId is a UUIDv7 that sorts by time', () => {
    const a = newId(1_700_000_000_000);
    const b = newId(1_700_000_000_001);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
  });

  it('PINs are digits of the asked length', () => {
    for (let i = 0; i < 100; i++) expect(newPin()).toMatch(/^\d{6}$/);
  });
});
