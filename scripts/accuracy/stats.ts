/**
 * ULP statistics of one (function, pass) of scripts/accuracy-report.ts:
 * count, maximum with where it was hit, mean, and the share of results that
 * are the correctly rounded value itself. Distances are numpy's nulp_diff
 * (test/support/ulp.ts): consecutive doubles are 1 apart, subnormals included,
 * so a subnormal result's ULP is 2^-1074; +0 and -0 are 0 apart; NaN against
 * a number is Infinity. float32 results are measured in float32 ULP
 * (ulpDistance32: 2^-149 among float32's subnormals).
 */
import { ulpDistance, ulpDistance32 } from '../../test/support/ulp';

/** Where the worst error of a pass was found: enough to reproduce it. */
export interface Worst {
  /** The input set (see inputs.ts). */
  set: string;
  /** The input element. */
  x: number;
  /** For row functions: the whole row and the element's index in it. */
  row?: Float64Array;
  column?: number;
  /** What the public function returned, and the correctly rounded value. */
  actual: number;
  expected: number;
  ulp: number;
}

/** How many results over the bound each pass keeps to report. */
export const MAX_FAILURES_KEPT = 8;

export class UlpStats {
  count = 0;
  exact = 0;
  /** Results more than the bound from the correctly rounded value. */
  overBound = 0;
  sum = 0;
  max = -1;
  worst: Worst | undefined;
  /** The first few results over the bound, in input order. */
  readonly failures: Worst[] = [];
  /** Per input set, for --by-set. */
  readonly bySet = new Map<string, { count: number; exact: number; sum: number; max: number }>();

  private readonly distance: (a: number, b: number) => number;

  constructor(
    readonly bound: number,
    readonly dtype: 'float64' | 'float32' = 'float64',
  ) {
    this.distance = dtype === 'float32' ? ulpDistance32 : ulpDistance;
  }

  /**
   * Adds elements [start, end) of `actual` against `expected`. `locate(i)`
   * describes element i, and is called only for a new maximum.
   */
  add(set: string, actual: ArrayLike<number>, expected: ArrayLike<number>, start: number, end: number, locate: (i: number) => Omit<Worst, 'set' | 'actual' | 'expected' | 'ulp'>): void {
    let entry = this.bySet.get(set);
    if (entry === undefined) {
      entry = { count: 0, exact: 0, sum: 0, max: -1 };
      this.bySet.set(set, entry);
    }
    for (let i = start; i < end; i++) {
      const ulp = this.distance(actual[i], expected[i]);
      entry.count++;
      entry.sum += ulp;
      if (ulp === 0) entry.exact++;
      if (ulp > entry.max) entry.max = ulp;
      if (ulp <= this.max && ulp <= this.bound) continue;
      const found = (): Worst => ({ set, actual: actual[i], expected: expected[i], ulp, ...locate(i) });
      if (ulp > this.bound) {
        this.overBound++;
        if (this.failures.length < MAX_FAILURES_KEPT) this.failures.push(found());
      }
      if (ulp > this.max) {
        this.max = ulp;
        this.worst = found();
      }
    }
    this.count = 0;
    this.exact = 0;
    this.sum = 0;
    for (const s of this.bySet.values()) {
      this.count += s.count;
      this.exact += s.exact;
      this.sum += s.sum;
    }
  }

  get mean(): number {
    return this.count === 0 ? NaN : this.sum / this.count;
  }

  get holds(): boolean {
    return this.overBound === 0;
  }
}
