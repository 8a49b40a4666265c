/** numpy's broadcast result shape, written plainly for the tests (no error checking: callers pass compatible shapes). */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  return Array.from({ length: rank }, (_, i) => {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    return da === 1 ? db : da;
  });
}

/** A result of a plain reference: data and shape. */
export interface Shaped {
  data: Float64Array;
  shape: number[];
}

/**
 * numpy's broadcasting of an elementwise `f`, element by element: each output
 * index mapped back to each operand, size-1 and missing dims read at 0.
 */
export function broadcastElementwise(f: (x: number, y: number) => number, a: Float64Array, aShape: readonly number[], b: Float64Array, bShape: readonly number[]): Shaped {
  const shape = broadcastShape(aShape, bShape);
  const size = shape.reduce((p, d) => p * d, 1);
  const data = new Float64Array(size);
  const sourceIndex = (index: number[], own: readonly number[]): number => {
    let flat = 0;
    for (let d = 0; d < own.length; d++) {
      const i = index[shape.length - own.length + d];
      flat = flat * own[d] + (own[d] === 1 ? 0 : i);
    }
    return flat;
  };
  for (let o = 0; o < size; o++) {
    const index = new Array<number>(shape.length);
    let rest = o;
    for (let d = shape.length - 1; d >= 0; d--) {
      index[d] = rest % shape[d];
      rest = Math.floor(rest / shape[d]);
    }
    data[o] = f(a[sourceIndex(index, aShape)], b[sourceIndex(index, bShape)]);
  }
  return { data, shape };
}

/** A random pair of broadcastable shapes up to rank `maxRank`: dims dropped on the left or set to 1, now and then a 0. */
export function randomBroadcastPair(random: { int(lo: number, hi: number): number; next(): number }, maxRank = 4): [number[], number[]] {
  const rank = random.int(0, maxRank);
  const full = Array.from({ length: rank }, () => (random.next() < 0.05 ? 0 : random.int(1, 5)));
  const derive = () => full.slice(rank - random.int(0, rank)).map((d) => (random.next() < 0.3 ? 1 : d));
  return [derive(), derive()];
}
