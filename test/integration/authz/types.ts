/**
 * The shape of one authorisation-matrix row. Each module adds `test/integration/authz/<module>.rows.ts`
 * exporting `rows: AuthzRow[]`; `test/integration/authz.test.ts` picks every such file up.
 */
import type { Role } from '../../../worker/db/schema';

/** A unit the world provides (id and materialised path). */
export interface Unit {
  id: string;
  path: string;
  name: string;
}

/**
 * Shared fixtures created once per test file: the tree from `createTree()` —
 * city (root) → front, board, wardA, wardB. Rows create their own objects inside these units.
 */
export interface World {
  city: Unit;
  front: Unit;
  board: Unit;
  wardA: Unit;
  wardB: Unit;
}

/** The signed-in caller of one case. */
export interface Actor {
  userId: string;
  cookie: string;
  role: Role;
  /** The unit the role was granted on. */
  unit: Unit;
}

/** The concrete request of one case. `path` is the real URL path (with query), not the template. */
export interface CaseRequest {
  path: string;
  json?: unknown;
  /** A raw body (e.g. CSV, an image); give `contentType` too. */
  body?: string | Uint8Array<ArrayBuffer>;
  contentType?: string;
}

export interface AuthzRow {
  /** Exactly as in the OpenAPI document (read from the router): lower-case method and path template. */
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  /**
   * Roles that succeed when granted on `inside`. `'any'`: every signed-in staff member succeeds
   * wherever their grant is (routes such as /api/auth/me or the unit list).
   */
  roles: readonly Role[] | 'any';
  /** Where a successful grant sits (default `w.wardA`). */
  inside?: (w: World) => Unit;
  /** A grant on this unit must be refused even for the allowed roles (default `w.wardB`, a sibling subtree). */
  outside?: (w: World) => Unit;
  /**
   * Builds the request for one case; called afresh for every (role × placement) case, so writes
   * can create their own target objects (e.g. a new unit under wardA) and never interfere.
   */
  request: (w: World, actor: Actor) => Promise<CaseRequest> | CaseRequest;
  /** Expected success status (default: any 2xx). */
  ok?: number;
  /**
   * For routes whose object belongs to a unit of its own besides the unit filter (a form's owner):
   * the same request on an object owned OUTSIDE the caller's grant, the grant (on `inside`) and
   * every unit the request names staying inside. Every role must get 403 — an object is not
   * readable just because the caller asks about their own unit.
   */
  objectOutside?: (w: World, actor: Actor) => Promise<CaseRequest> | CaseRequest;
}
