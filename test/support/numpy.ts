/**
 * numpy as an oracle: runs a Python snippet with python3 and numpy, passing
 * float64 or float32 data both ways as base64 of the raw little-endian bytes (JSON
 * cannot carry NaN, ±Infinity or -0). Tests that use it skip when python3 or
 * numpy is missing (`numpyAvailable()`), as CI machines without them need.
 */
import { spawnSync } from 'node:child_process';

let available: boolean | undefined;

/** True when `python3 -c "import numpy"` works here. */
export function numpyAvailable(): boolean {
  if (available === undefined) {
    const probe = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore', timeout: 30_000 });
    available = probe.status === 0;
  }
  return available;
}

/** Float64 or float32 data as base64 of its bytes. */
export function toBase64(data: Float64Array | Float32Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

/** The inverse of toBase64 (a fresh, aligned array). */
export function fromBase64(text: string): Float64Array {
  const bytes = Buffer.from(text, 'base64');
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return new Float64Array(copy.buffer);
}

/** The inverse of toBase64 for float32 data (a fresh, aligned array). */
export function fromBase64Float32(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}

/**
 * Runs `script` (Python, which reads JSON from stdin and prints JSON) with
 * `input` and returns the parsed output. Helpers `f64(s)` and `b64(a)`
 * (base64 <-> float64 array) and `f32(s)` and `b64f32(a)` (the same for
 * float32, which b64f32 checks rather than converts) are defined before it runs.
 */
export function runNumpy(script: string, input: unknown): unknown {
  const prelude = [
    'import sys, json, base64',
    'import numpy as np',
    "def f64(s): return np.frombuffer(base64.b64decode(s), dtype='<f8')",
    "def b64(a): return base64.b64encode(np.ascontiguousarray(a, dtype='<f8').tobytes()).decode()",
    "def f32(s): return np.frombuffer(base64.b64decode(s), dtype='<f4')",
    // numpy's float32 result as it is: a float64 here would mean numpy computed in another dtype than the test assumes.
    "def b64f32(a):\n    assert a.dtype == np.float32, a.dtype\n    return base64.b64encode(np.ascontiguousarray(a, dtype='<f4').tobytes()).decode()",
    '',
  ].join('\n');
  const run = spawnSync('python3', ['-c', prelude + script], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 1 << 28, timeout: 120_000 });
  if (run.status !== 0) throw new Error(`python3 failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout);
}
