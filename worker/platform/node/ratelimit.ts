/**
 * An in-process rate limiter with the Workers Rate Limiting binding's contract:
 * `limit({ key }) → { success }`, `limit` calls per key per `period` seconds, counted in fixed
 * windows. One Node process serves one database, so one counter per process is exact. Memory is
 * bounded by the keys seen in one window: a new window forgets the previous one.
 */
export interface LimitRule {
  limit: number;
  period: number;
}

export class NodeRateLimit {
  private window = -1;
  private counts = new Map<string, number>();

  constructor(
    readonly rule: LimitRule,
    private readonly now: () => number = Date.now,
  ) {}

  async limit({ key }: { key: string }): Promise<{ success: boolean }> {
    const w = Math.floor(this.now() / (this.rule.period * 1000));
    if (w !== this.window) {
      this.window = w;
      this.counts = new Map();
    }
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return { success: n <= this.rule.limit };
  }
}
