/**
 * Runs under CPU emulation (npm run test:arm64 sets BLASKIT_EMULATED to the
 * emulator, qemu-aarch64): everything is 5-30x slower than on the host.
 * Time limits stretch by EMULATION_SLOWDOWN; a test whose verdict depends on
 * wall-clock time skips there, saying so (skipUnderEmulation).
 */
export const EMULATED = process.env.BLASKIT_EMULATED ?? '';

const EMULATION_SLOWDOWN = 20;

/**
 * Under AddressSanitizer and UBSan (npm run test:asan sets BLASKIT_SANITIZED=1)
 * everything runs 3-10x slower: measured here, a worker test took 40 s
 * against 15 unsanitized, and a CI run on a loaded machine timed out five
 * tests at their unsanitized limits.
 */
const SANITIZER_SLOWDOWN = 5;

/** A mocha time limit, stretched under emulation and under the sanitizers. */
export function timeLimit(ms: number): number {
  if (EMULATED) return ms * EMULATION_SLOWDOWN;
  return process.env.BLASKIT_SANITIZED === '1' ? ms * SANITIZER_SLOWDOWN : ms;
}

/** Skips the calling test under emulation: its verdict is a wall-clock time. */
export function skipUnderEmulation(context: Mocha.Context, why: string): void {
  if (!EMULATED) return;
  console.log(`      (skipped under ${EMULATED}: ${why})`);
  context.skip();
}
