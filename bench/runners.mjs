// How the peers are called, shared by the float64 cases (cases.mjs) and the
// float32 ones (cases-f32.mjs): each factory does its setup untimed and
// returns the call a user of that library makes per request.
import { buildModel, DataType } from './onnx.mjs';

/** ONNX element type and ort.Tensor type of each precision. */
const ORT_TYPES = { float64: [DataType.DOUBLE, 'float64'], float32: [DataType.FLOAT, 'float32'] };

/**
 * A session for one graph with output `y`, built in code in `precision`
 * (its inputs' and output's type; constants are typed by their arrays); each
 * call is `await session.run(feeds)`.
 */
export async function ortRunner({ ort }, { inputs, output, nodes, constants, precision = 'float64' }) {
  const [elementType, tensorType] = ORT_TYPES[precision];
  const model = buildModel({
    inputs: inputs.map(([name, , dims]) => ({ name, dims })),
    outputs: [{ name: 'y', dims: output }],
    nodes,
    constants,
    elementType,
  });
  const session = await ort.InferenceSession.create(model);
  // ort.Tensor wraps the Float64Array (Float32Array) without copying it.
  const feeds = Object.fromEntries(inputs.map(([name, data, dims]) => [name, new ort.Tensor(tensorType, data, dims)]));
  return async () => (await session.run(feeds)).y.data;
}

/**
 * float32 tensors made once (untimed); each call runs `op` inside tf.tidy,
 * reads the result as a user must (dataSync) and frees it. Whichever backend
 * the trial set (cpu or wasm) runs it.
 */
export function tfRunner({ tf }, tensors, op) {
  const t = Object.fromEntries(Object.entries(tensors).map(([name, [data, shape]]) => [name, tf.tensor(Float32Array.from(data), shape, 'float32')]));
  return () => {
    const y = tf.tidy(() => op(t, tf));
    const data = y.dataSync();
    y.dispose();
    return data;
  };
}

/** A one-node graph y = op(x). */
export const single = (op, extra = {}) => ({ nodes: [{ op, inputs: ['x'], outputs: ['y'], ...extra }] });

/**
 * How each peer computes the row functions, in either precision: the ONNX
 * graph, the tfjs expression and numpy's (numpySetup defines helpers).
 */
export const ROW_PEERS = Object.freeze({
  softmax: {
    ort: single('Softmax', { attributes: { axis: -1 } }),
    tf: (x, tf) => tf.softmax(x),
    numpySetup: 'def f(x):\n    e = np.exp(x - x.max(axis=1, keepdims=True))\n    return e / e.sum(axis=1, keepdims=True)\n',
    numpy: 'f(x)',
  },
  normalizeRows: {
    ort: {
      nodes: [
        { op: 'ReduceL2', inputs: ['x'], outputs: ['norm'], attributes: { axes: [-1], keepdims: 1 } },
        { op: 'Div', inputs: ['x', 'norm'], outputs: ['y'] },
      ],
    },
    tf: (x, tf) => x.div(tf.norm(x, 'euclidean', -1, true)),
    numpy: 'x / np.linalg.norm(x, axis=1, keepdims=True)',
  },
});
