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
