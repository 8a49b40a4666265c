// What every result must carry to be read later: when, on what CPU, with
// which SIMD code and BLAS, how many threads, which Node, numpy and peers,
// and how busy the machine was.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const packageRoot = path.join(benchDir, '..');
const require = createRequire(import.meta.url);

/** Environment variables that change what BLAS does; recorded, never changed. */
const BLAS_ENVIRONMENT = ['OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE', 'OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'GOTO_NUM_THREADS', 'OPENBLAS_VERBOSE'];

/** CPU flags that decide which SIMD code can run. */
const SIMD_FLAGS = ['sse2', 'sse4_2', 'avx', 'avx2', 'fma', 'avx512f', 'avx512dq', 'avx512bw', 'avx512vl', 'avx512_bf16', 'amx_tile', 'asimd', 'sve'];

function readFile(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function cpuInfo() {
  const cpus = os.cpus();
  const flags = new Set((readFile('/proc/cpuinfo')?.match(/^(?:flags|Features)\s*:\s*(.*)$/m)?.[1] ?? '').split(/\s+/));
  return {
    model: cpus[0]?.model?.trim() ?? 'unknown',
    cores: os.availableParallelism?.() ?? cpus.length,
    simdFlags: SIMD_FLAGS.filter((f) => flags.has(f)),
    arch: process.arch,
  };
}

/** The commit being measured, read from .git without running git. */
function gitCommit() {
  const head = readFile(path.join(packageRoot, '.git', 'HEAD'))?.trim();
  if (!head) return undefined;
  if (!head.startsWith('ref: ')) return head;
  const ref = head.slice(5);
  const loose = readFile(path.join(packageRoot, '.git', ref))?.trim();
  if (loose) return loose;
  const packed = readFile(path.join(packageRoot, '.git', 'packed-refs'));
  return packed
    ?.split('\n')
    .find((line) => line.endsWith(` ${ref}`))
    ?.split(' ')[0];
}

/**
 * blaskit's build as it runs: OpenBLAS's config string, and the SIMD target
 * and threads from runtimeInfo() where this blaskit has it (a later release
 * adds run-time dispatch; 0.1's kernels are scalar loops built for the
 * compiler's default target, and OpenBLAS picks its own kernels at load).
 */
async function blaskitInfo() {
  const blaskit = await import('blaskit');
  const { native } = require('../dist/loader.js');
  const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8'));
  const runtime = typeof blaskit.runtimeInfo === 'function' ? blaskit.runtimeInfo() : undefined;
  const threadEnv = process.env.OPENBLAS_NUM_THREADS ?? process.env.GOTO_NUM_THREADS ?? process.env.OMP_NUM_THREADS;
  return {
    version: pkg.version,
    commit: gitCommit(),
    openblas: native.blasConfig(),
    simd: runtime
      ? `${runtime.simd.target}${runtime.simd.forced ? ` (forced: BLASKIT_DISABLE_TARGETS=${runtime.simd.disabled})` : ''}; supported here: ${runtime.simd.supported.join(', ')}`
      : 'scalar loops, compiler default x86-64 (blaskit 0.1 has no run-time SIMD dispatch)',
    threads: runtime
      ? `${runtime.threads.count} (kernels split from ${runtime.threads.parallelFrom.expKernels} elements, exp-based, or ${runtime.threads.parallelFrom.streaming}, memory-bound; OpenBLAS ${runtime.blas.threads})`
      : (threadEnv
        ? `${threadEnv} (from the environment) for OpenBLAS; elementwise kernels single-threaded`
        : `${os.availableParallelism?.() ?? os.cpus().length} for OpenBLAS (its default: one per core); elementwise kernels single-threaded`),
    runtimeInfo: runtime,
  };
}

/**
 * numpy's versions, BLAS (as built and as loaded) and SIMD targets, from
 * bench/numpy_trial.py; or why numpy is skipped.
 * @returns {{ available: true, info: object } | { available: false, reason: string }}
 */
export function numpyInfo() {
  const result = spawnSync('python3', [path.join(benchDir, 'numpy_trial.py'), 'info'], { encoding: 'utf8' });
  if (result.error) return { available: false, reason: `python3 not found (${result.error.code ?? result.error.message})` };
  if (result.status !== 0) {
    const last = result.stderr.trim().split('\n').pop();
    return { available: false, reason: `python3 cannot import numpy (${last})` };
  }
  return { available: true, info: JSON.parse(result.stdout) };
}

/** Everything about the machine and software of this run. */
export async function machineInfo({ numpy, peers }) {
  const distro = readFile('/etc/os-release')?.match(/^PRETTY_NAME="?([^"\n]*)"?$/m)?.[1];
  return {
    cpu: cpuInfo(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${distro ?? os.type()} (${os.type()} ${os.release()})`,
    node: process.version,
    v8: process.versions.v8,
    blaskit: await blaskitInfo(),
    blasEnvironment: Object.fromEntries(BLAS_ENVIRONMENT.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]])),
    numpy: numpy.available ? numpy.info : { skipped: numpy.reason },
    peers,
    loadAverage: { start: os.loadavg().map((x) => Number(x.toFixed(2))) },
  };
}
