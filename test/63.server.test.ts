/**
 * The example server (examples/server.ts), in process on a free port: the
 * three /predict variants compute the same probabilities, and bad requests get
 * a 400 with a JSON error (blaskit's own `code` and message for a wrong shape).
 * The background routes are left to `npm run bench:server`: a 2048×2048
 * product is too slow for this suite.
 */
import { expect } from 'chai';
import { NDArray, dense, denseAsync } from '../lib/index';
import { CLASSES, HIDDEN, INPUTS, startServer, type RunningServer, type Stats } from '../examples/server';
import { timeLimit } from './support/emulation';

const VARIANTS = ['js', 'sync', 'async'] as const;

/** Rows spread over [-3, 3), fixed, with a zero row and a row of large values (softmax must stay stable). */
function knownInputs(): number[][] {
  const rows = Array.from({ length: 5 }, (_, r) => Array.from({ length: INPUTS }, (_, i) => Math.sin(r * INPUTS + i) * 3));
  rows.push(new Array<number>(INPUTS).fill(0), new Array<number>(INPUTS).fill(500));
  return rows;
}

/** What the example server answers: probabilities, or an error with a code. */
interface Reply {
  probabilities: number[][];
  error: { code: string; message: string };
}

async function post(url: string, body: string): Promise<{ status: number; type: string | null; json: Reply }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: response.status, type: response.headers.get('content-type'), json: (await response.json()) as Reply };
}

/** The error blaskit itself raises for `run`, sync throw or rejection. */
async function blaskitError(run: () => unknown): Promise<{ code: string; message: string }> {
  try {
    await run();
  } catch (error) {
    return { code: (error as { code: string }).code, message: (error as Error).message };
  }
  throw new Error('expected blaskit to reject the input');
}

describe('examples/server.ts', function () {
  this.timeout(timeLimit(3000));
  let server: RunningServer;

  before(async () => {
    server = await startServer(0);
    expect(server.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
  after(() => server?.close());

  it('the js, sync and async variants return the same probabilities (within 1e-12), each row summing to 1', async () => {
    const inputs = knownInputs();
    const answers: number[][][] = [];
    for (const variant of VARIANTS) {
      const { status, json } = await post(`${server.url}/predict/${variant}`, JSON.stringify({ inputs }));
      expect(status, variant).to.equal(200);
      const probabilities: number[][] = json.probabilities;
      expect(probabilities, variant).to.have.length(inputs.length);
      for (const row of probabilities) {
        expect(row).to.have.length(CLASSES);
        expect(row.every((p) => p >= 0 && p <= 1)).to.equal(true);
        expect(row.reduce((a, b) => a + b, 0)).to.be.closeTo(1, 1e-12);
      }
      answers.push(probabilities);
    }
    const [js, ...blaskit] = answers;
    for (const other of blaskit) {
      js.forEach((row, i) => row.forEach((p, j) => expect(Math.abs(p - other[i][j]), `row ${i} class ${j}`).to.be.at.most(1e-12)));
    }
  });

  it('answers bad JSON with a 400 and a JSON error', async () => {
    for (const variant of VARIANTS) {
      const { status, type, json } = await post(`${server.url}/predict/${variant}`, '{"inputs": [[1, 2,');
      expect(status, variant).to.equal(400);
      expect(type).to.equal('application/json');
      expect(json.error.code).to.equal('ERR_INVALID_JSON');
      expect(json.error.message).to.match(/^the request body is not valid JSON: /);
    }
  });

  it('answers a body without a batch of rows with a 400', async () => {
    for (const body of ['{}', '{"inputs": []}', '{"inputs": [1, 2, 3]}', 'null']) {
      const { status, json } = await post(`${server.url}/predict/sync`, body);
      expect(status, body).to.equal(400);
      expect(json.error.code, body).to.equal('ERR_INVALID_BODY');
    }
  });

  it("answers rows of the wrong width with a 400 carrying blaskit's error code and message", async () => {
    const inputs = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    const weights = new NDArray(new Float64Array(INPUTS * HIDDEN), [INPUTS, HIDDEN]);
    const expected = {
      sync: await blaskitError(() => dense(inputs, weights)),
      async: await blaskitError(() => denseAsync(inputs, weights)),
    };
    expect(expected.sync).to.deep.equal({ code: 'ERR_BLASKIT_SHAPE', message: `dense: shapes (2,3) and (${INPUTS},${HIDDEN}) not aligned: 3 (dim 1) != ${INPUTS} (dim 0)` });
    for (const variant of ['sync', 'async'] as const) {
      const { status, json } = await post(`${server.url}/predict/${variant}`, JSON.stringify({ inputs }));
      expect(status, variant).to.equal(400);
      expect(json.error, variant).to.deep.equal(expected[variant]);
    }
    // The plain-JS variant checks the width by hand, with its own code.
    const { status, json } = await post(`${server.url}/predict/js`, JSON.stringify({ inputs }));
    expect(status).to.equal(400);
    expect(json.error.code).to.equal('ERR_INPUT_SHAPE');
  });

  it("answers ragged rows and non-numbers with blaskit's codes", async () => {
    const cases = [
      { inputs: [new Array(INPUTS).fill(1), [1]], code: 'ERR_BLASKIT_RAGGED' },
      { inputs: [new Array(INPUTS).fill('1')], code: 'ERR_BLASKIT_INVALID_TYPE' },
    ];
    for (const { inputs, code } of cases) {
      const { status, json } = await post(`${server.url}/predict/async`, JSON.stringify({ inputs }));
      expect(status, code).to.equal(400);
      expect(json.error.code).to.equal(code);
    }
  });

  it('reports event-loop delay and the requests of the window on GET /stats, then starts a new window', async () => {
    await fetch(`${server.url}/stats`);
    await post(`${server.url}/predict/sync`, JSON.stringify({ inputs: knownInputs() }));
    const stats = (await (await fetch(`${server.url}/stats`)).json()) as Stats;
    expect(stats.requests).to.deep.equal({ 'POST /predict/sync': 1 });
    for (const value of Object.values(stats.eventLoopDelay)) expect(value).to.be.a('number').and.at.least(0);
    expect(stats.eventLoopDelay.p99Ms).to.be.at.most(stats.eventLoopDelay.maxMs);
    const next = (await (await fetch(`${server.url}/stats`)).json()) as Stats;
    expect(next.requests).to.deep.equal({});
  });

  it('answers an unknown route with a 404', async () => {
    const response = await fetch(`${server.url}/predict/gpu`, { method: 'POST', body: '{}' });
    expect(response.status).to.equal(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).to.equal('ERR_NOT_FOUND');
  });
});
