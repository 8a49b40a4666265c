// The peers (and the chart's renderer) live in bench/peers, a package of
// their own with a committed package-lock.json, so that the package's own
// `npm ci` stays small and offline-capable. The benchmark installs them on
// first use.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PEERS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'peers');

/** Every package of bench/peers/package.json, as the benchmark uses it. */
export const PEER_PACKAGES = Object.freeze(['onnxruntime-node', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'ml-matrix', 'vega', 'vega-lite', '@resvg/resvg-js']);

/** The installed version of a peer package, or undefined. */
export function peerVersion(name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(PEERS_DIR, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** Installed versions of every peer package (undefined where missing). */
export const peerVersions = () => Object.fromEntries(PEER_PACKAGES.map((name) => [name, peerVersion(name)]));

/**
 * Install bench/peers if a package is missing: `npm ci` from the committed
 * lock. onnxruntime-node's install script would otherwise download CUDA
 * provider libraries from outside the npm registry (script/install.js in that
 * package); `--onnxruntime-node-install=skip` (and the environment variable
 * it also reads) tells it not to. The CPU provider is inside the npm package.
 * @param {(line: string) => void} log
 * @returns {{ installed: boolean, seconds: number, error?: string }}
 */
export function ensurePeers(log) {
  const missing = PEER_PACKAGES.filter((name) => !peerVersion(name));
  if (missing.length === 0) return { installed: false, seconds: 0 };
  log(`installing the benchmark's peers in bench/peers (first use; missing: ${missing.join(', ')}) ...`);
  // `npm run bench` passes its own package's settings down; the nested npm
  // must see bench/peers as its project, not the package above it.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_(package_|lifecycle_|config_local_prefix$)/.test(key)));
  env.ONNXRUNTIME_NODE_INSTALL = 'skip';
  const lock = fs.existsSync(path.join(PEERS_DIR, 'package-lock.json'));
  const args = [lock ? 'ci' : 'install', '--no-audit', '--no-fund', '--onnxruntime-node-install=skip'];
  const t0 = Date.now();
  const result = spawnSync('npm', args, { cwd: PEERS_DIR, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const seconds = (Date.now() - t0) / 1000;
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    return {
      installed: false,
      seconds,
      error: `npm ${args.join(' ')} failed in bench/peers (${result.error?.message ?? `exit ${result.status}`}):\n${output}`,
    };
  }
  log(`installed bench/peers in ${seconds.toFixed(1)} s`);
  return { installed: true, seconds };
}
