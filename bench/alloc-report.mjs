// bench:alloc's record: the table (markdown) and the chart (SVG, drawn here
// with no dependency) written into docs/BENCHMARKS.md between its
// `<!-- bench:alloc -->` markers and into docs/alloc.svg.
import fs from 'node:fs';
import path from 'node:path';

const START = '<!-- bench:alloc start -->';
const END = '<!-- bench:alloc end -->';

const fmt = (ns) => (ns === undefined ? '' : ns < 1e3 ? `${ns.toFixed(0)} ns` : ns < 1e6 ? `${(ns / 1e3).toFixed(ns < 1e4 ? 2 : 1)} µs` : `${(ns / 1e6).toFixed(ns < 1e7 ? 2 : 1)} ms`);

/** The markdown table: one row per case and size. */
export function markdownTable(rows) {
  const lines = [
    '| case | n | blaskit `out` | blaskit allocating | allocating ÷ `out` (paired) | goal bound | allocating, pool off (before) | plain JS `out` | plain JS allocating | numpy `out=` | numpy allocating | onnxruntime-node | goal |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const r of rows) {
    lines.push(`| ${r.case} | ${r.label} | ${fmt(r.blaskit)} | ${fmt(r['blaskit-new'])} | ${r.newOverOut.toFixed(2)} | ${(1.3 + 40 / r.blaskit).toFixed(2)} | ${fmt(r['blaskit-new-pool-off'])} | ${fmt(r.js)} | ${fmt(r['js-new'])} | ${fmt(r['numpy-out'])} | ${fmt(r['numpy-new'])} | ${fmt(r.onnxruntime)} | ${r.goal} |`);
  }
  return lines.join('\n');
}

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf', '#393b79', '#637939'];

/** Two panels against n (log): allocating ÷ the goal bound, and numpy allocating ÷ blaskit allocating. */
export function svgChart(rows, title) {
  const panels = [
    { label: 'blaskit allocating ÷ with out (paired rounds) ÷ the goal (1.3 + 40 ns / out): at or below 1 meets it', value: (r) => r.newOverOut / (1.3 + 40 / r.blaskit) },
    { label: 'numpy allocating ÷ blaskit allocating: above 1, blaskit is faster', value: (r) => (r['numpy-new'] === undefined ? undefined : r['numpy-new'] / r['blaskit-new']) },
  ];
  const W = 520;
  const H = 360;
  const M = { left: 50, right: 10, top: 40, bottom: 40 };
  const cases = [...new Set(rows.map((r) => r.case))];
  const x = (n) => M.left + (Math.log10(n) / 7) * (W - M.left - M.right);
  const yOf = (v) => M.top + (1 - (Math.log10(v) + 2) / 4) * (H - M.top - M.bottom); // 0.01 .. 100
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W + 160}" height="${H + 30}" font-family="sans-serif" font-size="11">`, `<text x="10" y="16" font-size="13">${title}</text>`];
  panels.forEach((panel, p) => {
    const dx = p * W;
    parts.push(`<g transform="translate(${dx},10)">`, `<text x="${M.left}" y="${M.top - 14}">${panel.label}</text>`);
    for (const v of [0.01, 0.1, 1, 10, 100]) {
      parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${yOf(v)}" y2="${yOf(v)}" stroke="${v === 1 ? '#000' : '#ddd'}" ${v === 1 ? 'stroke-dasharray="4 3"' : ''}/>`, `<text x="${M.left - 6}" y="${yOf(v) + 4}" text-anchor="end">${v}</text>`);
    }
    for (let e = 0; e <= 7; e++) parts.push(`<text x="${x(10 ** e)}" y="${H - M.bottom + 16}" text-anchor="middle">1e${e}</text>`);
    parts.push(`<text x="${(W + M.left) / 2}" y="${H - M.bottom + 32}" text-anchor="middle">elements of the result</text>`);
    cases.forEach((c, i) => {
      const points = rows
        .filter((r) => r.case === c)
        .map((r) => [r.n, panel.value(r)])
        .filter(([, v]) => v !== undefined && Number.isFinite(v) && v > 0)
        .map(([n, v]) => `${x(n).toFixed(1)},${yOf(Math.min(100, Math.max(0.01, v))).toFixed(1)}`);
      if (points.length) parts.push(`<polyline fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="1.5" points="${points.join(' ')}"/>`);
    });
    parts.push('</g>');
  });
  cases.forEach((c, i) => parts.push(`<text x="${2 * W + 10}" y="${60 + 16 * i}" fill="${COLORS[i % COLORS.length]}">${c}</text>`));
  parts.push('</svg>');
  return parts.join('\n');
}

/** Writes the table and the chart into docs/BENCHMARKS.md (between the markers) and docs/alloc.svg. */
export function updateDocs(rows, { started, load, threads, simd, numpy, onnx, docsDir }) {
  const date = started.toISOString().slice(0, 10);
  const title = `bench:alloc, ${date}: ${threads} thread(s), ${simd}, load ${load.map((l) => l.toFixed(1)).join(' ')}`;
  fs.writeFileSync(path.join(docsDir, 'alloc.svg'), `${svgChart(rows, title)}\n`);
  const met = rows.filter((r) => r.goal === 'met').length;
  const section = [
    START,
    `Run ${started.toISOString()} (\`npm run bench:alloc -- --update-docs\`): blaskit on ${threads} thread(s), ${simd}; numpy ${numpy ?? 'not run'}; onnxruntime-node ${onnx ?? 'not installed'}; load average at the end ${load.map((l) => l.toFixed(2)).join(' ')} on 2 cores. Goal met in ${met} of ${rows.length} rows.`,
    '',
    '![bench:alloc: allocating against the goal, and against numpy](alloc.svg)',
    '',
    markdownTable(rows),
    END,
  ].join('\n');
  const file = path.join(docsDir, 'BENCHMARKS.md');
  const text = fs.readFileSync(file, 'utf8');
  const at = text.indexOf(START);
  const next = at < 0 ? `${text.trimEnd()}\n\n## Allocating calls (bench:alloc)\n\n${section}\n` : `${text.slice(0, at)}${section}${text.slice(text.indexOf(END) + END.length)}`;
  fs.writeFileSync(file, next);
}
