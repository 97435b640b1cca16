/**
 * The operations tests run under Node's types (tsconfig.node.json), yet the pruning drill calls the
 * audit service itself (test/ops/restore-pruned-audit.test.ts), which is written against the
 * Workers' global D1 and R2 types. The same types, taken from the importable entry of
 * @cloudflare/workers-types, without putting the whole Workers runtime into this program.
 */
import type * as W from '@cloudflare/workers-types/index.ts';

declare global {
  type D1Database = W.D1Database;
  type D1PreparedStatement = W.D1PreparedStatement;
  type D1Result<T = unknown> = W.D1Result<T>;
  type D1ExecResult = W.D1ExecResult;
  type R2Bucket = W.R2Bucket;
}
