/**
 * What the TypeScript twins promise about the native bits, per target: the
 * twins never fuse a multiply and an add (JavaScript cannot), so they match
 * the kernels bit for bit only on a target without FMA (x86-64's baseline).
 * On a target with FMA (x86-64's avx2 and avx512; arm64's baseline, where FMA
 * is part of ARMv8) the kernels really use it: some results differ from the
 * twins, and never by more than twice the documented bound. The other suites
 * choose exact or bounded comparisons from SIMD_FMA; this file checks that
 * choice against what the kernels do.
 */
import { expect } from 'chai';
import { sigmoid, tanh } from '../lib/index';
import * as twins from '../lib/reference/activations';
import { seededRandom } from './support/random';
import { SIMD_FMA, SIMD_TARGET } from './support/target';
import { ulpDistance } from './support/ulp';

describe(`FMA and the TypeScript twins (target ${SIMD_TARGET} on ${process.arch})`, () => {
  // Large enough (and over the range where sigmoid and tanh bend) that fused
  // and unfused evaluation must disagree somewhere if the kernel fuses.
  const random = seededRandom(0xf3a_0066);
  const x = Float64Array.from({ length: 20000 }, () => random.uniform(-30, 30));

  // sigmoid's e^x correction fuses in a way that changes some results on
  // every FMA target; tanh's fused steps happen to round alike on these
  // inputs (so for it only the bound is checked).
  for (const [name, fn, twin, bound, showsFusion] of [
    ['sigmoid', sigmoid, twins.sigmoid, 1, true],
    ['tanh', tanh, twins.tanh, 1, false],
  ] as const) {
    const fused = showsFusion ? 'fused multiply-adds give other bits than the twin on some inputs, ' : '';
    it(`${name}: ${SIMD_FMA ? `${fused}within 2 ULP of the twin` : 'the twin gives the same bits on every input'}`, () => {
      const actual = fn(x);
      const expected = new Float64Array(x.length);
      twin(x, expected);
      let differ = 0;
      let worst = 0;
      for (let i = 0; i < x.length; i++) {
        const d = ulpDistance(actual[i], expected[i]);
        if (d > 0) differ++;
        worst = Math.max(worst, d);
      }
      if (SIMD_FMA) {
        if (showsFusion) expect(differ, `${name}: elements whose bits differ from the twin (a kernel with FMA that does not use it would give 0)`).to.be.greaterThan(0);
        expect(worst, `${name}: the largest distance from the twin, in ULP`).to.be.at.most(2 * bound);
      } else {
        expect(differ, `${name}: elements whose bits differ from the twin`).to.equal(0);
      }
    });
  }
});
