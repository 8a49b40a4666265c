/**
 * Runs under CPU emulation (npm run test:arm64 sets BLASKIT_EMULATED to the
 * emulator, qemu-aarch64): everything is 5-30x slower than on the host.
 * Time limits stretch by EMULATION_SLOWDOWN; a test whose verdict depends on
 * wall-clock time skips there, saying so (skipUnderEmulation).
 */
export const EMULATED = process.env.BLASKIT_EMULATED ?? '';

const EMULATION_SLOWDOWN = 20;

/** A mocha time limit, stretched under emulation. */
export function timeLimit(ms: number): number {
  return EMULATED ? ms * EMULATION_SLOWDOWN : ms;
}

/** Skips the calling test under emulation: its verdict is a wall-clock time. */
export function skipUnderEmulation(context: Mocha.Context, why: string): void {
  if (!EMULATED) return;
  console.log(`      (skipped under ${EMULATED}: ${why})`);
  context.skip();
}
