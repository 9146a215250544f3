// A small seeded generator (mulberry32) for simulation traces: the same seed gives the same
// trace on every machine. Values are immutable: `next` returns the new generator.

export class Rng {
  private constructor(private readonly s: number) {}

  static of(seed: number): Rng {
    return new Rng(seed >>> 0);
  }

  /** A uint32 and the next generator. */
  next(): [number, Rng] {
    const s = (this.s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return [(t ^ (t >>> 14)) >>> 0, new Rng(s)];
  }
}

/** A mutable cursor over an Rng, local to one generation run. */
export class Draw {
  private rng: Rng;
  constructor(seed: number) {
    this.rng = Rng.of(seed);
  }
  u32(): number {
    const [v, r] = this.rng.next();
    this.rng = r;
    return v;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return n <= 0 ? 0 : Math.floor((this.u32() / 0x1_0000_0000) * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.u32() / 0x1_0000_0000 < p;
  }
  u64(): bigint {
    return (BigInt(this.u32()) << 32n) | BigInt(this.u32());
  }
  /** A bigint in [0, n). */
  below(n: bigint): bigint {
    return n <= 0n ? 0n : this.u64() % n;
  }
}
