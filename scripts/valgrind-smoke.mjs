// A smoke run for valgrind's memcheck (docs/RELIABILITY.md): every public
// function once, sync and async, on small inputs, then a check of the answers.
//   valgrind --error-exitcode=99 node scripts/valgrind-smoke.mjs
import * as b from 'blaskit';

const x = Float64Array.from({ length: 37 }, (_, i) => (i - 18) / 3);
const m = b.array(Float64Array.from({ length: 35 }, (_, i) => Math.sin(i)), [5, 7]);
const results = [
  b.sigmoid(x), b.sigmoidDerivative(x), b.tanh(x), b.tanhDerivative(x), b.relu(x), b.reluDerivative(x),
  b.softmax(m), b.normalizeRows(m), b.image2vector(b.array(x.subarray(0, 36), [3, 4, 3])),
  b.dot(m, b.array(new Float64Array(7 * 3).fill(0.5), [7, 3])), b.dot(x, x), b.outer(x, x), b.multiply(m, x.subarray(0, 7)),
  ...(await Promise.all([
    b.sigmoidAsync(x), b.tanhAsync(x), b.softmaxAsync(m), b.normalizeRowsAsync(m),
    b.dotAsync(m, b.array(new Float64Array(7 * 3).fill(0.5), [7, 3])), b.outerAsync(x, x), b.multiplyAsync(m, 2),
  ])),
];
if (b.format(b.sigmoid([2, 3, 4])) !== '[0.88079708 0.95257413 0.98201379]') throw new Error('wrong sigmoid');
console.log(`valgrind smoke: ${results.length} results`);
