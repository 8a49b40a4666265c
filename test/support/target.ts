/**
 * The SIMD target this test run's kernels use (BLASKIT_DISABLE_TARGETS forces
 * a lower one: scripts/test-targets.sh runs the accuracy suites under each).
 * When BLASKIT_EXPECT_TARGET is set, the run fails unless that target was
 * chosen, so a forced run cannot silently test the default target instead.
 */
import { runtimeInfo } from '../../lib/index';

export const SIMD_TARGET = runtimeInfo().simd.target;

const expected = process.env.BLASKIT_EXPECT_TARGET;
if (expected !== undefined && expected !== SIMD_TARGET) {
  throw new Error(`BLASKIT_EXPECT_TARGET is ${expected} but the kernels run on ${SIMD_TARGET} (BLASKIT_DISABLE_TARGETS=${process.env.BLASKIT_DISABLE_TARGETS ?? ''})`);
}

/**
 * Whether the kernels fuse multiply-adds (simd/math.h's Fma, one rounding):
 * every x86-64 target above the baseline, and arm64's baseline, since FMA is
 * part of ARMv8's base instruction set. The TypeScript twins compute as
 * x86-64's baseline does, never fused, so only without FMA are their bits the
 * kernels' bits (test/68.fma.test.ts checks both halves of this).
 */
export const SIMD_FMA = SIMD_TARGET !== 'baseline' || process.arch === 'arm64';
