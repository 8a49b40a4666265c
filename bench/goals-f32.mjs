// Issue 14's float32 goals, checked on a finished run: from 1e3 elements (n
// >= 64 for products) blaskit float32 at least 1.5x onnxruntime-node float32
// and 3x tfjs (each backend); at least 1.5x blaskit's own float64 for the
// memory-bound functions at 1e6 elements and above; below 1e3 never slower
// than the plain-JS loop on Float32Array. Each cell is the ratio measured in
// this run with PASS or MISS: a miss is reported, never an error (only a
// wrong answer fails the benchmark).
import { MEMORY_BOUND } from './cases-f32.mjs';
import { formatRatio, markdownTable, ratio, textTable } from './report.mjs';

/** Below 1e3 elements (n < 64 for matrix products): only the plain-JS goal applies. */
const isSmall = (c, p) => (c.unit === 'flop' ? p.size < 64 : p.elements < 1e3);

/** The peers run from 1e3 to 1e6 elements (cases-f32.mjs runsAt); above, only blaskit's float32 and float64. */
const peersRun = (c, p) => !isSmall(c, p) && (c.unit === 'flop' || p.elements <= 1e6);

/**
 * The goals, one column each. `applies(c, point)` says where a goal holds;
 * the ratio is the implementation's time over blaskit float32's of the same
 * output policy (report.mjs `ratio`), so `at` is the least speed-up wanted.
 */
const GOALS = [
  { implId: 'onnxruntime-f32', label: 'vs onnxruntime-node f32', at: 1.5, applies: peersRun },
  { implId: 'tfjs', label: 'vs tfjs cpu', at: 3, applies: peersRun },
  { implId: 'tfjs-wasm', label: 'vs tfjs wasm', at: 3, applies: peersRun },
  { implId: 'blaskit-f64', label: 'vs blaskit f64', at: 1.5, applies: (c, p) => MEMORY_BOUND.includes(c.fn) && p.elements >= 1e6 },
  { implId: 'js-f32', label: 'vs plain JS f32 (out)', at: 1, applies: (c, p) => isSmall(c, p) },
  { implId: 'js-f32-new', label: 'vs plain JS f32 (new)', at: 1, applies: (c, p) => isSmall(c, p) },
];

/** Every checked goal of a run: { c, p, goal, ratio } with ratio undefined where it was not measured. */
function goalChecks(run) {
  const checks = [];
  for (const c of run.cases.filter((x) => x.precision === 'float32')) {
    for (const p of c.points) {
      for (const goal of GOALS) if (goal.applies(c, p)) checks.push({ c, p, goal, ratio: ratio(c, p, goal.implId) });
    }
  }
  return checks;
}

const verdict = ({ goal, ratio: r }) => (r === undefined ? 'not measured' : `${formatRatio(r)} ${r >= goal.at ? 'PASS' : 'MISS'}`);

/** Table rows: one per (function, size), one column per goal; an empty cell where a goal does not apply. */
function goalRows(checks) {
  const rows = [['function', 'size', ...GOALS.map((g) => `${g.label} (>= ${g.at}x)`)]];
  const byPoint = new Map();
  for (const check of checks) {
    const key = `${check.c.id}\u0000${check.p.size}`;
    if (!byPoint.has(key)) byPoint.set(key, { c: check.c, p: check.p, cells: new Map() });
    byPoint.get(key).cells.set(check.goal.implId, verdict(check));
  }
  for (const { c, p, cells } of byPoint.values()) rows.push([c.title, p.label, ...GOALS.map((g) => cells.get(g.implId) ?? '')]);
  return rows;
}

/** One line: how many goals passed, missed, and were not measured (and why the last). */
function tally(run, checks) {
  const measured = checks.filter((x) => x.ratio !== undefined);
  const passed = measured.filter((x) => x.ratio >= x.goal.at).length;
  const notMeasured = checks.length - measured.length;
  const why = [...new Set(checks.filter((x) => x.ratio === undefined).flatMap((x) => [x.goal.implId, 'blaskit-f32']))]
    .filter((id) => run.skippedImplementations[id])
    .map((id) => `${id}: ${run.skippedImplementations[id]}`);
  return [
    `float32 goals: ${passed} PASS, ${measured.length - passed} MISS of ${measured.length} measured${notMeasured ? `; ${notMeasured} not measured` : ''}`,
    ...why.map((w) => `  skipped ${w}`),
  ];
}

const INTRO =
  'Ratio = the other side\'s time / blaskit float32\'s (same output policy; above 1, blaskit float32 is faster); PASS when it reaches the goal. ' +
  'From 1e3 elements (n >= 64 for products): onnxruntime-node f32 and tfjs; at 1e6 elements and above for relu, multiply, add, normalizeRows and outer: ' +
  "blaskit's own float64 (into `out`, against float32 into `out`); below 1e3: plain JS on Float32Array. A MISS never fails the run; a wrong answer does.";

/** The goal check for stdout. */
export function float32GoalLines(run) {
  const checks = goalChecks(run);
  return ['float32 goal check (issue 14)', INTRO, textTable(goalRows(checks)), '', ...tally(run, checks)];
}

/** The goal check for the markdown report. */
export function float32GoalMarkdown(run) {
  const checks = goalChecks(run);
  return [INTRO, '', markdownTable(goalRows(checks)), '', ...tally(run, checks).map((l) => (l.startsWith('  ') ? `- ${l.trimStart()}` : l))];
}
