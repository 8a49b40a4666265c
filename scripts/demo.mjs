// The numpy tutorial blaskit follows (its examples written out here), run on blaskit: every example and what it
// prints. Imported by package name, the way a user's ES module would.
import {
  sigmoid, sigmoidDerivative, tanh, tanhDerivative, relu, image2vector,
  normalizeRows, softmax, dot, outer, multiply, array, format,
} from 'blaskit';

const show = (title, code, ...lines) => {
  console.log(`\n# ${title}\n>>> ${code}`);
  for (const line of lines) console.log(line);
};

show('Sigmoid of a number', 'sigmoid(3)', format(sigmoid(3)));
show('Sigmoid of a vector', 'sigmoid([2, 3, 4])', format(sigmoid([2, 3, 4])));
show('Sigmoid gradient', 'sigmoidDerivative(3); sigmoidDerivative([2, 3, 4])',
  format(sigmoidDerivative(3)), format(sigmoidDerivative([2, 3, 4])));
show('Tanh', 'tanh(3); tanh([2, 3, 4])', format(tanh(3)), format(tanh([2, 3, 4])));
show('Tanh gradient', 'tanhDerivative(3); tanhDerivative([2, 3, 4])',
  format(tanhDerivative(3)), format(tanhDerivative([2, 3, 4])));
show('ReLU', 'relu(-1); relu([2, -3, 1])', format(relu(-1)), format(relu([2, -3, 1])));

const image = array([
  [[0.67826139, 0.29380381], [0.90714982, 0.52835647], [0.4215251, 0.45017551]],
  [[0.92814219, 0.96677647], [0.85304703, 0.52351845], [0.19981397, 0.27417313]],
  [[0.60659855, 0.00533165], [0.10820313, 0.49978937], [0.34144279, 0.94630077]],
]);
const vector = image2vector(image);
const tuple = (shape) => (shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`);
show('Image to vector', 'image2vector(image)',
  `image shape is : ${tuple(image.shape)}`,
  `vector shape is : ${tuple(vector.shape)}`,
  `vector is :${vector}`,
  `(a view: vector.data.buffer === image.data.buffer is ${vector.data.buffer === image.data.buffer})`);

const x = [[0, 3, 4], [1, 6, 4]];
const rowNorms = array(x.map((row) => [Math.hypot(...row)]));
show('Normalize rows', 'normalizeRows([[0, 3, 4], [1, 6, 4]])',
  `x_norm =  ${rowNorms}`, `normalizeRows(x) = ${normalizeRows(x)}`);

const logits = [[9, 2, 5, 0, 0], [7, 5, 0, 0, 0]];
const sums = array(logits.map((row) => [row.reduce((s, v) => s + Math.exp(v), 0)]));
show('Softmax', 'softmax([[9, 2, 5, 0, 0], [7, 5, 0, 0, 0]])',
  `x_sum =  ${sums}`, `softmax(x) = ${softmax(logits)}`);
show('Stable softmax (the tutorial formula gives NaN here)', 'softmax([1000, 1000, 0])', format(softmax([1000, 1000, 0])));

const s1 = [[1, 2, 3], [4, 5, 6]];
const s2 = [[2, 2], [3, 3], [4, 4]];
show('Dot product', 'dot(s1, s2)', `dot =  ${dot(s1, s2)}`);
show('Outer product', 'outer(s1, s2)', `outer =  ${outer(s1, s2)}`);
show('Elementwise product', 'multiply(s1, [1, 10, 100])', `multiply =  ${multiply(s1, [1, 10, 100])}`);
