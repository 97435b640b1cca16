import type { D1Migration } from 'cloudflare:test';
import type { Env as AppBindings } from '../worker/env';

declare global {
  namespace Cloudflare {
    interface Env extends AppBindings {
      TEST_MIGRATIONS: D1Migration[];
      /** Which platform the test project built: 'workerd' or 'node'. */
      TEST_RUNTIME: 'workerd' | 'node';
    }
    interface GlobalProps {
      mainModule: typeof import('../worker/index');
    }
  }
}
