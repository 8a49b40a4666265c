// Throughput against size, one panel per function, one line per
// implementation, with the min-max band of the samples: a vega-lite spec,
// rendered headless by vega to SVG (vega's SVG renderer needs no canvas) and
// by resvg (a prebuilt binary inside its npm package) to PNG.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PEERS_DIR } from './peers.mjs';

const requirePeer = createRequire(path.join(PEERS_DIR, 'package.json'));
const importPeer = async (name) => import(pathToFileURL(requirePeer.resolve(name)).href);

/** One colour per implementation; blaskit red and drawn thicker. */
const COLORS = {
  blaskit: '#d62728',
  'blaskit-new': '#ff9896',
  js: '#7f7f7f',
  'js-new': '#c7c7c7',
  numpy: '#1f77b4',
  onnxruntime: '#2ca02c',
  tfjs: '#ff7f0e',
  'ml-matrix': '#9467bd',
  // float32 panels: blaskit f32 red again, its float64 dark red, peers in their float64 colours.
  'blaskit-f32': '#d62728',
  'blaskit-f32-new': '#ff9896',
  'blaskit-f64': '#8c1c13',
  'js-f32': '#7f7f7f',
  'js-f32-new': '#c7c7c7',
  'numpy-f32': '#1f77b4',
  'onnxruntime-f32': '#2ca02c',
  'tfjs-wasm': '#bcbd22',
};

/** Rows for the chart: x is elements (or n for matrix products), y elements/s (or GFLOP/s). */
function chartRows(run) {
  const rows = [];
  for (const c of run.cases) {
    for (const p of c.points) {
      for (const [implId, r] of Object.entries(p.results)) {
        if (!r.timing) continue;
        const impl = run.implementations.find((i) => i.id === implId);
        // Matrix products in GFLOP/s (flops per ns); everything else in million elements per second.
        const perNs = c.unit === 'flop' ? p.flops : p.elements * 1e3;
        rows.push({
          case: c.id,
          impl: impl.label,
          thick: implId === 'blaskit' || implId === 'blaskit-f32' ? 3 : 1.5,
          x: c.unit === 'flop' ? p.size : p.elements,
          y: perNs / r.timing.median,
          low: perNs / r.timing.max,
          high: perNs / r.timing.min,
        });
      }
    }
  }
  return rows;
}

/** The vega-lite spec of a run's chart. */
export function chartSpec(run) {
  const impls = run.implementations.filter((i) => run.cases.some((c) => c.implementations.includes(i.id)));
  // Both layers share one legend (vega-lite merges them; a `legend: null` on
  // either would hide it), drawn as opaque strokes rather than faint bands.
  const scale = { domain: impls.map((i) => i.label), range: impls.map((i) => COLORS[i.id]) };
  const legend = { title: null, orient: 'top', columns: 4, symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1, symbolSize: 300, labelLimit: 220 };
  // Plain numbers below 1000 ("0.1", not SI's "100m", which reads as milli).
  const labelExpr = "datum.value >= 1000 ? format(datum.value, '~s') : format(datum.value, '~g')";
  const m = run.machine;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    padding: 16,
    title: {
      text: `blaskit ${m.blaskit.version}: throughput against size (higher is better)`,
      subtitle: [
        `${run.date}${run.mode === 'quick' ? ' (quick run)' : ''}; ${m.cpu.model}, ${m.cpu.cores} cores; Node ${m.node}; ${m.blaskit.openblas.split(' ').slice(0, 2).join(' ')}${m.numpy.numpy ? `; numpy ${m.numpy.numpy}` : ''}`,
        'million elements per second (matrix products: GFLOP/s); bands: min-max of samples; tfjs runs in float32',
      ],
      anchor: 'start',
    },
    data: { values: chartRows(run) },
    columns: 4,
    concat: run.cases.map((c) => ({
      title: { text: c.title, fontSize: 13 },
      width: 230,
      height: 150,
      transform: [{ filter: { field: 'case', equal: c.id } }],
      encoding: {
        x: { field: 'x', type: 'quantitative', scale: { type: 'log' }, axis: { labelExpr, title: c.unit === 'flop' ? 'n' : 'elements', tickCount: 5 } },
      },
      layer: [
        {
          mark: { type: 'area', opacity: 0.12 },
          encoding: {
            y: { field: 'low', type: 'quantitative', scale: { type: 'log' } },
            y2: { field: 'high' },
            color: { field: 'impl', type: 'nominal', scale, legend },
          },
        },
        {
          mark: { type: 'line', point: { size: 18 } },
          encoding: {
            color: { field: 'impl', type: 'nominal', scale, legend },
            y: {
              field: 'y',
              type: 'quantitative',
              scale: { type: 'log' },
              axis: { labelExpr, title: c.unit === 'flop' ? 'GFLOP/s' : 'Melem/s', tickCount: 5 },
            },
            strokeWidth: { field: 'thick', type: 'quantitative', scale: null, legend: null },
          },
        },
      ],
    })),
    resolve: { scale: { y: 'independent', x: 'independent' } },
    config: { font: 'DejaVu Sans, Arial, sans-serif', axis: { labelFontSize: 10, titleFontSize: 10 }, legend: { labelFontSize: 12 } },
  };
}

/**
 * Render the chart of a run.
 * @returns {Promise<{ svg: string, png: Buffer }>}
 */
export async function renderChart(run) {
  const [vega, vegaLite, { Resvg }] = await Promise.all([importPeer('vega'), importPeer('vega-lite'), importPeer('@resvg/resvg-js')]);
  const spec = vegaLite.compile(chartSpec(run)).spec;
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  // Twice the SVG's size, so that the PNG stays sharp on high-density screens.
  const png = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, background: 'white' })
    .render()
    .asPng();
  return { svg, png };
}
