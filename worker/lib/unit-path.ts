/**
 * Unit paths are materialised ('/root/…/id/', decision 021). Pure: the server's authorisation and
 * the console's navigation read the same rule.
 */

/** True for a root unit's path (`/id/`): a grant there is system-wide ("system administrator"). */
export function isRootPath(unitPath: string): boolean {
  return /^\/[^/]+\/$/.test(unitPath);
}
