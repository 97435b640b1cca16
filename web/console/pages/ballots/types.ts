/** The ballots pages' phase names (the API's shapes come from api.gen.ts). */
import type { Reply } from '../../lib/api';

export type Phase = Reply<'/api/ballots/rounds'>['rounds'][number]['phase'];

export const PHASES: Phase[] = ['setup', 'issuing', 'casting', 'counting', 'published'];
