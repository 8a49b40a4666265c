/**
 * The floating-point environment: loading blaskit, and calling every
 * function once (sync and async), never changes the caller's FP state. A
 * native library built with -ffast-math (crtfastmath.o) or a BLAS that sets
 * MXCSR on load would switch on flush-to-zero (FTZ) or denormals-are-zero
 * (DAZ) for every later computation of the process, JavaScript included, or
 * change the rounding mode; and kernels running under FTZ/DAZ lose the
 * subnormals their contracts promise (sigmoid(-740) = 4.2e-322).
 *
 * Runs in a fresh `node -e` process that requires the built package by its
 * path (this checkout, or BLASKIT_PACKAGE_ROOT), so no test framework or
 * earlier test has touched the state. The probes build their operands from
 * bit patterns at run time, so that neither the compiler nor number parsing
 * can round them before the FPU does.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { timeLimit } from './support/emulation';

const root = process.env.BLASKIT_PACKAGE_ROOT ?? path.join(__dirname, '..');

/** The child: probes JS arithmetic before loading, after loading, after sync calls, after async calls; checks the kernels' subnormal results. */
const CHILD = String.raw`
'use strict';
const path = require('node:path');

const scratch = new Float64Array(1);
const scratchBits = new BigUint64Array(scratch.buffer);
function bits(x) { scratch[0] = x; return '0x' + scratchBits[0].toString(16).padStart(16, '0'); }

// Operands from bit patterns, not literals or parsed text (the compiler could fold a literal, and V8's
// string-to-double itself rounds under the current mode): what the FPU computes now, under the current MXCSR.
function fromBits(hex) { scratchBits[0] = BigInt(hex); return scratch[0]; }
const operands = ['0x1', '0x10000000000000', '0x3fe0000000000000', '0x4000000000000000', '0x3fb999999999999a', '0x3fc999999999999a', '0x3fd3333333333333'].map(fromBits);
function probe() {
  // tiny = 5e-324, minNormal = 2^-1022, half, two, and 0.1, 0.2, 0.3.
  const [tiny, minNormal, half, two, a, b, c] = operands;
  return {
    smallestSubnormalIsPositive: tiny > 0,
    minValueHalvedRoundsToZero: Number.MIN_VALUE / two === 0 && tiny / two === 0,
    minNormalHalvedIsSubnormal: minNormal / two > 0 && minNormal / two < minNormal,
    tinyTimesHalfRoundsToZero: tiny * half === 0,
    subnormalSumIsExact: tiny + tiny === tiny * two && tiny + tiny > tiny,
    oneThird: bits(1 / 3),
    // V8 divides integer-valued operands on a path the rounding mode does not reach (1/3 above stays put
    // under FE_TOWARDZERO): these non-integer sums and quotient round up in magnitude only to nearest.
    pointOnePlusPointTwo: bits(a + b),
    minusPointOneMinusPointTwo: bits(-a - b),
    pointOneOverPointThree: bits(a / c),
  };
}

const stages = { beforeLoad: probe() };
const blaskit = require(path.join(process.env.BLASKIT_FP_ROOT, 'dist', 'index.js'));
stages.afterLoad = probe();

const MIN_NORMAL = 2.2250738585072014e-308;
const isSubnormal = (x) => x !== 0 && Math.abs(x) < MIN_NORMAL;
const same = (a, b) => Object.is(a, b);

// Every function once, each result holding a subnormal where FTZ or DAZ would give 0 (or a normal number instead).
function kernelChecks(run) {
  return Promise.all([
    run('sigmoid', -740).then((r) => ['sigmoid(-740) is subnormal', isSubnormal(r), r]),
    run('sigmoid', Float64Array.of(5e-324)).then((r) => ['sigmoid([5e-324]) is 0.5', r[0] === 0.5, r[0]]),
    run('sigmoidDerivative', -740).then((r) => ['sigmoidDerivative(-740) is subnormal', isSubnormal(r), r]),
    run('tanh', Float64Array.of(5e-324, -1e-310)).then((r) => ['tanh of subnormals returns them', same(r[0], 5e-324) && same(r[1], -1e-310), Array.from(r)]),
    run('tanhDerivative', 360).then((r) => ['tanhDerivative(360) is subnormal', isSubnormal(r), r]),
    run('relu', Float64Array.of(5e-324, -5e-324)).then((r) => ['relu keeps 5e-324 and zeroes -5e-324 (DAZ would pass it)', same(r[0], 5e-324) && same(r[1], 0), Array.from(r)]),
    run('reluDerivative', 5e-324).then((r) => ['reluDerivative(5e-324) is 1 (DAZ would see 0)', r === 1, r]),
    run('softmax', Float64Array.of(0, -740)).then((r) => ['softmax([0, -740])[1] is subnormal', isSubnormal(r[1]), Array.from(r)]),
    run('normalizeRows', Float64Array.of(5e-324, 0)).then((r) => ['normalizeRows([5e-324, 0]) is [1, 0]', r[0] === 1 && same(r[1], 0), Array.from(r)]),
    run('image2vector', blaskit.array([[[5e-324]]])).then((r) => ['image2vector keeps 5e-324', same(r.data[0], 5e-324), r.data[0]]),
    run('multiply', Float64Array.of(5e-324, MIN_NORMAL), Float64Array.of(3, 0.5)).then((r) => ['multiply keeps subnormal inputs and results', same(r[0], 1.5e-323) && isSubnormal(r[1]), Array.from(r)]),
    run('dot', Float64Array.of(5e-324, 1e-310), Float64Array.of(1, 0.5)).then((r) => ['dot (ddot) of subnormals is subnormal', isSubnormal(r), r]),
    run('dot', blaskit.array([[MIN_NORMAL, 0], [0, MIN_NORMAL]]), blaskit.array([[0.5, 0], [0, 0.25]])).then((r) => ['dot (dgemm) gives subnormals', isSubnormal(r.data[0]) && isSubnormal(r.data[3]), Array.from(r.data)]),
    run('dot', blaskit.array([[MIN_NORMAL, 0], [0, MIN_NORMAL]]), Float64Array.of(0.5, 0.25)).then((r) => ['dot (dgemv) gives subnormals', isSubnormal(r.data[0]) && isSubnormal(r.data[1]), Array.from(r.data)]),
    run('outer', Float64Array.of(5e-324), Float64Array.of(1, 2)).then((r) => ['outer keeps subnormals', same(r.data[0], 5e-324) && same(r.data[1], 1e-323), Array.from(r.data)]),
    run('add', Float64Array.of(5e-324, MIN_NORMAL), Float64Array.of(5e-324, -MIN_NORMAL / 2)).then((r) => ['add keeps subnormal inputs and results', same(r[0], 1e-323) && isSubnormal(r[1]), Array.from(r)]),
    run('subtract', Float64Array.of(MIN_NORMAL), Float64Array.of(MIN_NORMAL / 2)).then((r) => ['subtract gives subnormals', isSubnormal(r[0]), Array.from(r)]),
    run('divide', Float64Array.of(MIN_NORMAL, 1), Float64Array.of(4, 0)).then((r) => ['divide gives subnormals and 1/0 = Infinity', isSubnormal(r[0]) && r[1] === Infinity, Array.from(r)]),
    run('dense', blaskit.array([[MIN_NORMAL, 0]]), blaskit.array([[0.5], [0]]), Float64Array.of(5e-324)).then((r) => ['dense gives subnormals', isSubnormal(r.data[0]), Array.from(r.data)]),
  ]).then((rows) => Object.fromEntries(rows.map(([name, ok, value]) => [name, { ok, value: String(value) }])));
}

async function main() {
  const sync = await kernelChecks((name, ...args) => Promise.resolve(blaskit[name](...args)));
  blaskit.format(blaskit.sigmoid([-740, 0]));
  stages.afterSyncCalls = probe();
  const asyncResults = await kernelChecks((name, ...args) => blaskit[name + 'Async'](...args));
  stages.afterAsyncCalls = probe();
  process.stdout.write(JSON.stringify({ stages, kernels: { sync, async: asyncResults } }) + '\n');
}
main().catch((error) => { console.error(error); process.exit(1); });
`;

type Probe = Record<string, boolean | string>;
interface Report {
  stages: Record<'beforeLoad' | 'afterLoad' | 'afterSyncCalls' | 'afterAsyncCalls', Probe>;
  kernels: Record<'sync' | 'async', Record<string, { ok: boolean; value: string }>>;
}

/** IEEE-754 double arithmetic, round to nearest even, no FTZ, no DAZ: what every probe gives in an untouched process. */
const IEEE_DEFAULT: Probe = {
  smallestSubnormalIsPositive: true,
  minValueHalvedRoundsToZero: true,
  minNormalHalvedIsSubnormal: true,
  tinyTimesHalfRoundsToZero: true,
  subnormalSumIsExact: true,
  oneThird: '0x3fd5555555555555',
  // 0.30000000000000004: toward zero or -Infinity would give ...333.
  pointOnePlusPointTwo: '0x3fd3333333333334',
  // Toward zero or +Infinity would give ...333.
  minusPointOneMinusPointTwo: '0xbfd3333333333334',
  pointOneOverPointThree: '0x3fd5555555555556',
};

describe('the floating-point environment (a fresh process that loads the built package)', function () {
  this.timeout(timeLimit(60000));
  let report: Report | undefined;
  let failure = '';

  before(() => {
    expect(existsSync(path.join(root, 'dist', 'index.js')), `${root}/dist/index.js is built (npm run build)`).to.equal(true);
    // No test-runner flags: a plain node, as a user's program starts.
    const child = spawnSync(process.execPath, ['-e', CHILD], { encoding: 'utf8', timeout: timeLimit(50000), env: { ...process.env, BLASKIT_FP_ROOT: root } });
    const line = child.stdout.trim().split('\n').pop() ?? '';
    if (child.status === 0 && line.startsWith('{')) report = JSON.parse(line) as Report;
    else failure = `the probe process failed (status ${child.status}, signal ${child.signal}):\n${child.stderr}`;
  });

  function stage(name: keyof Report['stages']): Probe {
    if (report === undefined) expect.fail(failure);
    return report.stages[name];
  }

  it('before blaskit is loaded, the probes see IEEE defaults (round to nearest even, subnormals kept): the probes themselves are sound', () => {
    expect(stage('beforeLoad')).to.deep.equal(IEEE_DEFAULT);
  });

  it("loading blaskit (and OpenBLAS) leaves JavaScript's arithmetic as it was: 5e-324 > 0, MIN_VALUE / 2 === 0, MIN_NORMAL / 2 subnormal, 1/3 and 0.1 + 0.2 rounded to nearest", () => {
    expect(stage('afterLoad')).to.deep.equal(stage('beforeLoad'));
  });

  it('calling every function once leaves it as it was', () => {
    expect(stage('afterSyncCalls')).to.deep.equal(stage('beforeLoad'));
  });

  it('calling every async function once (kernels on the libuv pool) leaves it as it was', () => {
    expect(stage('afterAsyncCalls')).to.deep.equal(stage('beforeLoad'));
  });

  for (const mode of ['sync', 'async'] as const) {
    it(`${mode} kernels keep subnormals: no flush-to-zero of results, no denormals-are-zero of inputs (sigmoid, relu, multiply, dot, ... each once)`, () => {
      if (report === undefined) expect.fail(failure);
      const failed = Object.entries(report.kernels[mode]).filter(([, check]) => !check.ok);
      expect(failed.map(([name, check]) => `${name}: got ${check.value}`), `${mode} kernel results`).to.deep.equal([]);
      expect(Object.keys(report.kernels[mode]).length).to.equal(19);
    });
  }
});
