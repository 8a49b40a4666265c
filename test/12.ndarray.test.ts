/**
 * NDArray and array(): numpy-like construction, views that share memory, and
 * the rule that results come back as the kind of their input.
 */
import { expect } from 'chai';
import { NDArray, array, dot, format, image2vector, multiply, normalizeRows, normalizeRowsAsync, outer, relu, sigmoid, softmax, softmaxAsync } from '../lib/index';

describe('NDArray and array()', () => {
  it('array() reads nested arrays into row-major float64 with their shape', () => {
    const a = array([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(a.shape).to.deep.equal([2, 3]);
    expect(a.size).to.equal(6);
    expect(a.ndim).to.equal(2);
    expect(Array.from(a.data)).to.deep.equal([1, 2, 3, 4, 5, 6]);
  });

  it('array() of a Float64Array wraps it without copying (np.asarray), a byteOffset view included', () => {
    const buffer = new Float64Array(10);
    const view = buffer.subarray(2, 8);
    const a = array(view, [2, 3]);
    expect(a.data).to.equal(view);
    a.data[0] = 7;
    expect(buffer[2]).to.equal(7);
  });

  it('array(number) is a 0-D array that prints like the scalar', () => {
    const a = array(2.5);
    expect(a.shape).to.deep.equal([]);
    expect(a.ndim).to.equal(0);
    expect(a.toArray()).to.equal(2.5);
    expect(String(a)).to.equal('2.5');
  });

  it('empty nested arrays give size-0 shapes', () => {
    expect(array([]).shape).to.deep.equal([0]);
    expect(array([[], []]).shape).to.deep.equal([2, 0]);
    expect(String(array([[], []]))).to.equal('[]');
  });

  it('reshape() returns a view of the same memory and infers one -1 entry', () => {
    const a = array([1, 2, 3, 4, 5, 6]);
    const b = a.reshape(3, -1);
    expect(b.shape).to.deep.equal([3, 2]);
    expect(b.data).to.equal(a.data);
    expect(a.reshape([2, 3]).shape).to.deep.equal([2, 3]);
    expect(() => a.reshape(4, 2)).to.throw(RangeError, 'reshape: cannot reshape array of size 6 into shape (4,2)');
    expect(() => a.reshape(-1, -1)).to.throw(RangeError, 'reshape: can only specify one unknown dimension, received (-1,-1)');
  });

  it('toArray() gives nested JS arrays (numpy tolist)', () => {
    expect(array([1, 2, 3, 4], [2, 1, 2]).toArray()).to.deep.equal([[[1, 2]], [[3, 4]]]);
  });

  it('shape is frozen: it cannot be changed behind the data', () => {
    const a = array([1, 2]);
    expect(Object.isFrozen(a.shape)).to.equal(true);
  });

  it('util.inspect shows the numpy text and the shape', async () => {
    const { inspect } = await import('node:util');
    expect(inspect(array([[1, 2], [3, 4]]))).to.equal('array([[1. 2.]\n       [3. 4.]], shape=(2,2))');
  });
});

describe('empty arrays with huge dimensions', () => {
  it('softmax and normalizeRows of a (2^40, 0) array return at once (found by the fuzzer: they used to walk 2^40 empty rows)', async () => {
    const empty = array(new Float64Array(0), [2 ** 40, 0]);
    const started = Date.now();
    for (const f of [softmax, normalizeRows, softmaxAsync, normalizeRowsAsync] as ((x: NDArray) => unknown)[]) {
      const result = (await f(empty)) as NDArray;
      expect(result.shape).to.deep.equal([2 ** 40, 0]);
    }
    expect(Date.now() - started).to.be.lessThan(1000);
  });
});

describe('results come back as the kind of their input', () => {
  it('number -> number, Float64Array -> Float64Array, NDArray or nested -> NDArray', () => {
    expect(sigmoid(0)).to.equal(0.5);
    expect(sigmoid(new Float64Array([0]))).to.be.instanceOf(Float64Array);
    expect(sigmoid(array([0]))).to.be.instanceOf(NDArray);
    expect(sigmoid([[0]])).to.be.instanceOf(NDArray);
    expect((sigmoid([[0]]) as NDArray).shape).to.deep.equal([1, 1]);
  });

  it('with two inputs the richer kind wins', () => {
    expect(multiply(2, 3)).to.equal(6);
    expect(multiply(2, new Float64Array([1, 2]))).to.be.instanceOf(Float64Array);
    expect(multiply(new Float64Array([1, 2]), new Float64Array([3, 4]))).to.be.instanceOf(Float64Array);
    expect(multiply(new Float64Array([1, 2]), array([3, 4]))).to.be.instanceOf(NDArray);
    expect(multiply(new Float64Array([1, 2]), [[3], [4]])).to.be.instanceOf(NDArray);
  });

  it('dot of two vectors is a number, whatever their kind', () => {
    expect(dot(new Float64Array([1, 2]), new Float64Array([3, 4]))).to.equal(11);
    expect(dot([1, 2], array([3, 4]))).to.equal(11);
  });

  it('dot with a scalar is the elementwise product, whatever the other rank (as np.dot)', () => {
    const cube = array([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
    const d = dot(2, cube) as NDArray;
    expect(d.shape).to.deep.equal([2, 2, 2]);
    expect(Array.from(d.data)).to.deep.equal([2, 4, 6, 8, 10, 12, 14, 16]);
  });

  it('a result with two or more dimensions is an NDArray even from Float64Arrays', () => {
    const o = outer(new Float64Array([1, 2]), new Float64Array([3, 4, 5]));
    expect(o).to.be.instanceOf(NDArray);
    expect(o.shape).to.deep.equal([2, 3]);
  });
});

describe('zero-copy and out', () => {
  it('the result is the very out object passed, Float64Array or NDArray', () => {
    const out = new Float64Array(3);
    expect(sigmoid([1, 2, 3], { out })).to.equal(out);
    const nd = array(new Float64Array(4), [2, 2]);
    expect(dot([[1, 0], [0, 1]], [[1, 2], [3, 4]], { out: nd })).to.equal(nd);
    expect(Array.from(nd.data)).to.deep.equal([1, 2, 3, 4]);
  });

  it('out may have another shape of the same size; it keeps its own shape', () => {
    const out = array(new Float64Array(6), [3, 2]);
    softmax([[0, 0, 0], [1, 1, 1]], { out });
    expect(out.shape).to.deep.equal([3, 2]);
    expect(out.data[0]).to.be.closeTo(1 / 3, 1e-16);
  });

  it('a number input with out writes its one element there', () => {
    const out = new Float64Array(1);
    expect(relu(-2, { out })).to.equal(out);
    expect(out[0]).to.equal(0);
  });

  it('elementwise functions work in place: out is the input', () => {
    const x = new Float64Array([-1, 0, 2]);
    expect(relu(x, { out: x })).to.equal(x);
    expect(Array.from(x)).to.deep.equal([0, 0, 2]);
  });

  it('image2vector returns a view (same buffer) or, with out, a copy into out', () => {
    const img = array(new Float64Array(12).map((_, i) => i), [2, 3, 2]);
    expect(image2vector(img).data.buffer).to.equal(img.data.buffer);
    const out = new Float64Array(12);
    expect(image2vector(img, { out })).to.equal(out);
    expect(out[11]).to.equal(11);
  });

  it('format() accepts every input kind', () => {
    expect(format(3)).to.equal('3.0');
    expect(format(1e-7)).to.equal('1e-07');
    expect(format(0)).to.equal('0.0');
    expect(format(new Float64Array([1, 2]))).to.equal('[1. 2.]');
    expect(format([[1, -2]])).to.equal('[[ 1. -2.]]');
  });
});
