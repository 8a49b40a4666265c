// Tables of a finished run: on stdout (plain text), in the markdown report,
// and the headline ratios. Times per element for elementwise and row
// functions, per call for matrix products; min and max beside every median.
import { implementation, isRatioBase, ratioBase } from './cases.mjs';

/** 3 significant digits, k/M beyond 1e4 so columns stay narrow. */
export function formatNumber(x) {
  if (!Number.isFinite(x)) return String(x);
  if (x >= 1e7) return `${(x / 1e6).toPrecision(3)}M`;
  if (x >= 1e4) return `${(x / 1e3).toPrecision(3)}k`;
  if (x >= 100) return x.toFixed(0);
  return x.toPrecision(3);
}

/** A duration in ns, in the unit that suits it. */
export function formatDuration(ns) {
  if (ns >= 1e9) return `${(ns / 1e9).toPrecision(3)} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toPrecision(3)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toPrecision(3)} µs`;
  return `${ns.toPrecision(3)} ns`;
}

/** What one cell shows, for a case's unit: ns per element, or a duration per call. */
function scaled(c, point, ns) {
  return c.unit === 'element' ? formatNumber(ns / point.elements) : formatDuration(ns);
}

export const unitDescription = (c) => (c.unit === 'element' ? 'ns per element' : 'time per call');

/** The state of one measurement, as a word, or undefined when it has a time. */
function state(result) {
  if (!result) return '-';
  if (result.error) return 'ERROR';
  if (result.verify && !result.verify.ok) return 'WRONG';
  if (result.skipped) return 'not run';
  if (!result.timing) return '-';
  return undefined;
}

/** Implementations shown for a case, in the order of IMPLEMENTATIONS. */
export const columnsOf = (run, c) => run.implementations.filter((i) => c.implementations.includes(i.id));

/** Peers whose time is divided by blaskit's (everything but the blaskit results they are divided by). */
const ratioColumnsOf = (run, c) => columnsOf(run, c).filter((i) => !isRatioBase(i.id, caseMode(c)));

/** A run's case's precision (runs written before issue 14 have none: float64). */
const caseMode = (c) => c.precision ?? 'float64';

/** The float64 cases: the headline and the geometric means are theirs; float32 has its goal check. */
const float64Cases = (run) => run.cases.filter((c) => caseMode(c) === 'float64');

/** peer median / blaskit median of the same output policy: > 1 means blaskit is faster. */
export function ratio(c, point, implId) {
  const peer = point.results[implId]?.timing;
  const base = point.results[ratioBase(c.implementations, implId, c.id, caseMode(c))]?.timing;
  return peer && base ? peer.median / base.median : undefined;
}

export function formatRatio(r) {
  if (r === undefined) return '-';
  if (r >= 1e4) return `${r.toExponential(1).replace('e+', 'e')}x`;
  if (r >= 100) return `${r.toFixed(0)}x`;
  if (r >= 10) return `${r.toFixed(1)}x`;
  if (r >= 0.1) return `${r.toFixed(2)}x`;
  return `${r.toPrecision(2)}x`;
}

function timeCell(c, point, implId, markdown) {
  const result = point.results[implId];
  const word = state(result);
  if (word) return word;
  const { median, min, max } = result.timing;
  const range = `${scaled(c, point, min)}–${scaled(c, point, max)}`;
  return markdown ? `${scaled(c, point, median)} <sub>${range}</sub>` : `${scaled(c, point, median)} (${range})`;
}

export function textTable(rows) {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => String(r[j]).length)));
  return rows.map((r) => r.map((cell, j) => (j === 0 ? String(cell).padEnd(widths[j]) : String(cell).padStart(widths[j]))).join('  ')).join('\n');
}

export function markdownTable(rows) {
  const [head, ...body] = rows;
  return [`| ${head.join(' | ')} |`, `| ${head.map((_, j) => (j === 0 ? '---' : '---:')).join(' | ')} |`, ...body.map((r) => `| ${r.join(' | ')} |`)].join(
    '\n',
  );
}

function caseTables(run, c, markdown) {
  const columns = columnsOf(run, c);
  const times = [['size', ...columns.map((i) => i.label)], ...c.points.map((p) => [p.label, ...columns.map((i) => timeCell(c, p, i.id, markdown))])];
  const peers = ratioColumnsOf(run, c);
  const ratios = [['size', ...peers.map((i) => i.label)], ...c.points.map((p) => [p.label, ...peers.map((i) => formatRatio(ratio(c, p, i.id)))])];
  return { times, ratios };
}

/** The plain-text tables for stdout. */
export function textReport(run) {
  const out = [];
  for (const c of run.cases) {
    const { times, ratios } = caseTables(run, c, false);
    out.push(
      `${c.title}: ${unitDescription(c)}, median (min–max)`,
      textTable(times),
      '',
      `${c.title}: peer time / blaskit time (> 1: blaskit is faster)`,
      textTable(ratios),
      '',
    );
  }
  return out.join('\n');
}

/**
 * Representative sizes of a case for the headline: about 1e3 and 1e6
 * elements (n = 64 and 1024 for matrix products), or the nearest that ran.
 */
function headlinePoints(c) {
  const targets = c.unit === 'flop' ? [64, 1024] : [1e3, 1e6];
  const measure = (p) => (c.unit === 'flop' ? p.size : p.elements);
  const ran = c.points.filter((p) => p.results.blaskit?.timing);
  const picked = targets.map((t) =>
    ran.reduce((best, p) => (!best || Math.abs(Math.log(measure(p) / t)) < Math.abs(Math.log(measure(best) / t)) ? p : best), undefined),
  );
  return [...new Set(picked.filter(Boolean))];
}

/** Rows of the headline table: case, size, blaskit's time, then each peer's ratio. */
export function headlineRows(run) {
  const peerIds = ['js', 'js-new', 'numpy', 'onnxruntime', 'tfjs', 'ml-matrix'].filter((id) => run.implementations.some((i) => i.id === id));
  const rows = [['function', 'size', 'blaskit', ...peerIds.map((id) => `vs ${implementation(id).label}`)]];
  for (const c of float64Cases(run)) {
    for (const p of headlinePoints(c)) {
      const t = p.results.blaskit.timing.median;
      rows.push([
        c.title,
        p.label,
        c.unit === 'element' ? `${formatNumber(t / p.elements)} ns/el` : formatDuration(t),
        ...peerIds.map((id) => (c.implementations.includes(id) ? formatRatio(ratio(c, p, id)) : '-')),
      ]);
    }
  }
  return rows;
}

/**
 * Geometric means of the ratios per peer, over every case, at small sizes
 * (<= 1e3 elements, n <= 64) and at large ones (>= 1e5 elements, n >= 512).
 */
export function summaryRatios(run) {
  const groups = {
    small: (c, p) => (c.unit === 'flop' ? p.size <= 64 : p.elements <= 1e3),
    large: (c, p) => (c.unit === 'flop' ? p.size >= 512 : p.elements >= 1e5),
  };
  const summary = {};
  for (const impl of run.implementations.filter((i) => !i.id.startsWith('blaskit'))) {
    summary[impl.id] = {};
    for (const [name, inGroup] of Object.entries(groups)) {
      const logs = float64Cases(run).flatMap((c) =>
        c.points
          .filter((p) => inGroup(c, p))
          .map((p) => ratio(c, p, impl.id))
          .filter((r) => r !== undefined)
          .map(Math.log),
      );
      summary[impl.id][name] = logs.length ? { geomean: Math.exp(logs.reduce((s, x) => s + x, 0) / logs.length), points: logs.length } : undefined;
    }
  }
  return summary;
}

export function summaryLines(run) {
  const s = summaryRatios(run);
  return Object.entries(s)
    .filter(([, g]) => g.small || g.large)
    .map(([id, g]) => {
      const part = (name, label) => (g[name] ? `${formatRatio(g[name].geomean)} ${label} (${g[name].points} points)` : `- ${label}`);
      return `${implementation(id).label.padEnd(18)} ${part('small', 'at small sizes')}, ${part('large', 'at large sizes')}`;
    });
}

export function machineLines(run) {
  const m = run.machine;
  const lines = [
    `date: ${run.date}; mode: ${run.mode}${run.only ? ` (--only ${run.only.join(',')})` : ''}${run.float32Only ? ' (--float32)' : ''}; wall time ${Math.round(run.wallSeconds)} s`,
    `CPU: ${m.cpu.model}, ${m.cpu.cores} cores (${m.cpu.arch}; SIMD flags: ${m.cpu.simdFlags.join(' ')}); ${m.memoryGiB} GiB; ${m.os}`,
    `Node ${m.node} (V8 ${m.v8}); blaskit ${m.blaskit.version}${m.blaskit.commit ? ` at ${m.blaskit.commit.slice(0, 12)}` : ''}`,
    `blaskit SIMD: ${m.blaskit.simd}`,
    `blaskit OpenBLAS: ${m.blaskit.openblas}; threads: ${m.blaskit.threads}`,
    `BLAS environment: ${
      Object.keys(m.blasEnvironment).length
        ? Object.entries(m.blasEnvironment)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')
        : 'none set'
    }`,
  ];
  if (m.numpy.skipped) lines.push(`numpy: skipped (${m.numpy.skipped})`);
  else {
    const rt = m.numpy.blas.runtime;
    const blas =
      typeof rt === 'object' && !Array.isArray(rt)
        ? `${rt.config}, core ${rt.corename}, ${rt.threads} threads`
        : (m.numpy.blas.build?.['openblas configuration'] ?? JSON.stringify(m.numpy.blas.build));
    lines.push(`numpy ${m.numpy.numpy} (python ${m.numpy.python}); BLAS: ${blas}; SIMD dispatch: ${m.numpy.simd.dispatch.join(' ')}`);
  }
  const peers = Object.entries(m.peers).map(([name, v]) => `${name} ${v ?? '(not installed)'}`);
  lines.push(`peers: ${peers.join(', ')}`);
  lines.push(
    `load average (1/5/15 min): ${m.loadAverage.start.join(' ')} at start, ${m.loadAverage.end?.join(' ') ?? '?'} at end; 1-min peak ${m.loadAverage.max1min ?? '?'} on ${m.cpu.cores} cores${m.loadAverage.max1min > m.cpu.cores * 0.75 ? ' (other work shared the machine: expect noise)' : ''}`,
  );
  return lines;
}

/**
 * The markdown report of a run.
 * @param {object} run
 * @param {{ chart?: string, heading?: number, goals?: string[] }} options chart: image path relative to
 *   the report; goals: the float32 goal check's lines (goals-f32.mjs), placed after the headline
 */
export function markdownReport(run, { chart, heading = 1, goals } = {}) {
  const h = (level) => '#'.repeat(heading + level - 1);
  const out = [`${h(1)} blaskit benchmark, ${run.date}${run.mode === 'quick' ? ' (quick)' : ''}`, ''];
  out.push(...machineLines(run).map((l) => `- ${l}`), '');
  if (run.failures.length) {
    out.push(`**${run.failures.length} wrong or failed result(s): this run is void where marked.**`, '');
    out.push(...run.failures.map((f) => `- ${f.caseId} / ${f.implId}${f.label ? ` / ${f.label}` : ''}: ${f.reason.split('\n')[0]}`), '');
  }
  for (const [id, reason] of Object.entries(run.skippedImplementations)) out.push(`- ${implementation(id).label}: skipped (${reason})`);
  if (Object.keys(run.skippedImplementations).length) out.push('');
  if (chart) out.push(`![throughput against size, one panel per function](${chart})`, '');
  out.push(
    `${h(2)} Headline`,
    '',
    'Peer time divided by blaskit time at about 1e3 and 1e6 elements (n = 64 and 1024 for matrix products): above 1, blaskit is faster. ' +
      'Like is compared with like: a peer that allocates its result (numpy, onnxruntime-node, tfjs, ml-matrix, plain JS (new)) is divided by ' +
      "blaskit's allocating call, plain JS writing into a preallocated array by blaskit with `out`; for image2vector, the reshapes that " +
      "return views (numpy, tfjs) by blaskit's view, and the peers that copy (onnxruntime-node, ml-matrix) by blaskit's copy into `out`.",
    '',
  );
  out.push(markdownTable(headlineRows(run)), '');
  out.push('Geometric means of those ratios over every function:', '', ...summaryLines(run).map((l) => `    ${l}`), '');
  if (goals) out.push(`${h(2)} float32 goals (issue 14)`, '', ...goals, '');
  out.push(
    `${h(2)} Every function`,
    '',
    'Medians with the min and max of the samples beside them; `not run` marks a size whose predicted call time was over the limit.',
    '',
  );
  for (const c of run.cases) {
    const { times, ratios } = caseTables(run, c, true);
    out.push(
      `${h(3)} ${c.title}`,
      '',
      `${unitDescription(c)}; numpy: \`${c.numpy.expr}\``,
      '',
      markdownTable(times),
      '',
      'Peer time / blaskit time:',
      '',
      markdownTable(ratios),
      '',
    );
  }
  out.push(
    `${h(2)} Implementations`,
    '',
    ...run.implementations.map((i) => `- **${i.label}**${i.version ? ` ${i.version}` : ''} (${i.precision}): ${i.description}.`),
    '',
  );
  return out.join('\n');
}
