/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { passwordIterations } from '../../worker/auth/login';
import { authorize, authorizeRoot, can, type StaffSession, scopes } from '../../worker/auth/service';
import { hashPassword, PBKDF2_MAX_ITERATIONS, verifyPassword } from '../../worker/lib/crypto';
import wranglerToml from '../../wrangler.toml?raw';

describe('PBKDF2 iteration cap (production Workers throw above 100,000; local workerd does not)', () => {
  it('hashing with 100,001 iterations throws', async () => {
    expect(PBKDF2_MAX_ITERATIONS).toBe(100_000);
    await expect(hashPassword('mat-khau-bat-ky', 100_001)).rejects.toThrow(/iterations/);
  });

  it('the configured PBKDF2_ITERATIONS in wrangler.toml is at most 100,000', () => {
    const m = wranglerToml.match(/^\s*PBKDF2_ITERATIONS\s*=\s*"?(\d+)"?/m);
    expect(m, 'PBKDF2_ITERATIONS must be set in wrangler.toml [vars]').not.toBeNull();
    const n = Number(m![1]);
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThanOrEqual(100_000);
    expect(passwordIterations(m![1])).toBe(n);
  });

  it('a stored hash with too many iterations never verifies', async () => {
    const h = await hashPassword('mat-khau', 1000);
    expect(await verifyPassword('mat-khau', h)).toBe(true);
    expect(await verifyPassword('mat-khau', h.replace('$1000$', '$100001$'))).toBe(false);
  });
});

describe('authorisation helpers', () => {
  const staff = (grants: { role: 'admin' | 'board_viewer'; unitPath: string }[]): StaffSession => ({
    userId: 'u',
    email: 'e',
    name: 'n',
    sessionId: 's',
    grants: grants.map((g) => ({ ...g, unitId: g.unitPath, unitName: '' })),
  });

  it('a grant covers its subtree, not its siblings or ancestors', () => {
    const s = staff([{ role: 'admin', unitPath: '/c/w1/' }]);
    expect(can(s, ['admin'], '/c/w1/k1/')).toBe(true);
    expect(can(s, ['admin'], '/c/w10/')).toBe(false);
    expect(can(s, ['admin'], '/c/')).toBe(false);
    expect(() => authorize(s, ['board_viewer'], '/c/w1/')).toThrow(/not allowed/);
  });

  it('authorizeRoot needs the role on a root unit', () => {
    expect(() => authorizeRoot(staff([{ role: 'admin', unitPath: '/c/w1/' }]), ['admin'])).toThrow(
      /not allowed/,
    );
    expect(() => authorizeRoot(staff([{ role: 'board_viewer', unitPath: '/c/' }]), ['admin'])).toThrow(
      /not allowed/,
    );
    expect(authorizeRoot(staff([{ role: 'admin', unitPath: '/c/' }]), ['admin']).userId).toBe('u');
    expect(() => authorizeRoot(undefined, ['admin'])).toThrow(/sign in/);
  });

  it('scopes drops paths covered by an ancestor grant', () => {
    const s = staff([
      { role: 'admin', unitPath: '/c/w1/' },
      { role: 'admin', unitPath: '/c/' },
      { role: 'board_viewer', unitPath: '/d/' },
    ]);
    expect(scopes(s, ['admin'])).toEqual(['/c/']);
  });
});
