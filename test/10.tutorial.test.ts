/**
 * Every example of the numpy tutorial blaskit follows (its examples and printed
 * outputs are copied here; nothing is read from outside the repository), run on blaskit: the values
 * against the digits the tutorial prints, and format() against the exact
 * string numpy 2 prints for the same float64 data. The strings were generated
 * once with numpy 2.4.6 (`str(result)` of the tutorial's own code on float64
 * arrays) and are recorded here, so no Python is needed to run the tests.
 *
 * Two deliberate differences from the tutorial's text, both from the seed's
 * README: it printed scalars with Python 2's 12 digits (numpy 2 prints the
 * shortest round-trip repr), and its dot/outer/relu examples used integer
 * arrays (printed without a decimal point); blaskit works in float64.
 */
import { expect } from 'chai';
import {
  array,
  dot,
  format,
  image2vector,
  normalizeRows,
  outer,
  relu,
  sigmoid,
  sigmoidDerivative,
  softmax,
  tanh,
  tanhDerivative,
  NDArray,
} from '../lib/index';

/** Asserts `actual` rounds to the digits the tutorial printed (Python 2's %.12g for scalars). */
function expectTutorialDigits(actual: number, printed: string): void {
  const significant = printed.replace(/^0\.0*/, '').length;
  expect(actual.toPrecision(significant)).to.equal(Number(printed).toPrecision(significant), `tutorial printed ${printed}`);
}

const tutorialImage = [
  [[0.67826139, 0.29380381], [0.90714982, 0.52835647], [0.4215251, 0.45017551]],
  [[0.92814219, 0.96677647], [0.85304703, 0.52351845], [0.19981397, 0.27417313]],
  [[0.60659855, 0.00533165], [0.10820313, 0.49978937], [0.34144279, 0.94630077]],
];

describe('the tutorial, example by example', () => {
  describe('sigmoid', () => {
    it('sigmoid(3) prints 0.952574126822 in the tutorial; in full it is the correctly rounded 0.9525741268224333 (numpy 2 prints ...334, 1 ULP off)', () => {
      const s = sigmoid(3);
      expect(s).to.be.a('number');
      expectTutorialDigits(s, '0.952574126822');
      expect(format(s)).to.equal('0.9525741268224333');
    });

    it('sigmoid([2, 3, 4]) prints [0.88079708 0.95257413 0.98201379]', () => {
      const s = sigmoid([2, 3, 4]);
      expect(s).to.be.instanceOf(NDArray);
      expect(s.shape).to.deep.equal([3]);
      expect(format(s)).to.equal('[0.88079708 0.95257413 0.98201379]');
      expect(String(s)).to.equal('[0.88079708 0.95257413 0.98201379]');
    });

    it('sigmoidDerivative(3) prints 0.0451766597309 (12 digits)', () => {
      const ds = sigmoidDerivative(3);
      expectTutorialDigits(ds, '0.0451766597309');
      // the correctly rounded value (numpy's s * (1 - s) gives 0.045176659730912144, 1 ULP off)
      expect(format(ds)).to.equal('0.04517665973091213');
    });

    it('sigmoidDerivative([2, 3, 4]) prints [0.10499359 0.04517666 0.01766271]', () => {
      expect(format(sigmoidDerivative([2, 3, 4]))).to.equal('[0.10499359 0.04517666 0.01766271]');
    });
  });

  describe('tanh', () => {
    it('tanh(3) prints 0.995054753687 (12 digits); numpy 2 prints 0.9950547536867305 for np.tanh(3)', () => {
      const t = tanh(3);
      expectTutorialDigits(t, '0.995054753687');
      expect(format(t)).to.equal('0.9950547536867305');
    });

    it('tanh([2, 3, 4]) prints [0.96402758 0.99505475 0.9993293 ] (padded to the column width)', () => {
      expect(format(tanh([2, 3, 4]))).to.equal('[0.96402758 0.99505475 0.9993293 ]');
    });

    it('tanhDerivative(3) prints 0.00986603716544 (12 digits)', () => {
      const d = tanhDerivative(3);
      expectTutorialDigits(d, '0.00986603716544');
      // the correctly rounded value (numpy's 1 - tanh(3)**2 gives 0.009866037165440194)
      expect(format(d)).to.equal('0.00986603716544019');
    });

    it('tanhDerivative([2, 3, 4]) prints [0.07065082 0.00986604 0.00134095]', () => {
      expect(format(tanhDerivative([2, 3, 4]))).to.equal('[0.07065082 0.00986604 0.00134095]');
    });
  });

  describe('relu', () => {
    it('relu(-1) is 0 (numpy prints the float64 as 0.0)', () => {
      expect(relu(-1)).to.equal(0);
      expect(format(relu(-1))).to.equal('0.0');
    });

    it('relu([2, -3, 1]) is [2, 0, 1], printed [2. 0. 1.] for float64', () => {
      const r = relu([2, -3, 1]);
      expect(Array.from(r.data)).to.deep.equal([2, 0, 1]);
      expect(format(r)).to.equal('[2. 0. 1.]');
    });
  });

  describe('image2vector', () => {
    it('turns the (3, 3, 2) image into an (18, 1) view printed as numpy prints it', () => {
      const image = array(tutorialImage);
      expect(image.shape).to.deep.equal([3, 3, 2]);
      const vector = image2vector(image);
      expect(vector.shape).to.deep.equal([18, 1]);
      expect(vector.data.buffer).to.equal(image.data.buffer);
      expect('vector is :' + String(vector)).to.equal(
        'vector is :[[0.67826139]\n [0.29380381]\n [0.90714982]\n [0.52835647]\n [0.4215251 ]\n [0.45017551]\n' +
          ' [0.92814219]\n [0.96677647]\n [0.85304703]\n [0.52351845]\n [0.19981397]\n [0.27417313]\n' +
          ' [0.60659855]\n [0.00533165]\n [0.10820313]\n [0.49978937]\n [0.34144279]\n [0.94630077]]',
      );
    });
  });

  describe('normalizeRows', () => {
    const x = [
      [0, 3, 4],
      [1, 6, 4],
    ];

    it('the row norms print as x_norm = [[5.        ] [7.28010989]]', () => {
      const norms = array(x.map((row) => [Math.hypot(...row)]));
      expect(format(norms)).to.equal('[[5.        ]\n [7.28010989]]');
    });

    it('normalizeRows(x) prints [[0. 0.6 0.8] [0.13736056 0.82416338 0.54944226]] aligned', () => {
      const n = normalizeRows(x);
      expect(n.shape).to.deep.equal([2, 3]);
      expect(format(n)).to.equal('[[0.         0.6        0.8       ]\n [0.13736056 0.82416338 0.54944226]]');
      expect(n.data[1]).to.equal(0.6);
      expect(n.data[2]).to.equal(0.8);
    });
  });

  describe('softmax', () => {
    const x = [
      [9, 2, 5, 0, 0],
      [7, 5, 0, 0, 0],
    ];

    it('the row sums print as x_sum = [[8260.88614278] [1248.04631753]]', () => {
      const sums = array(x.map((row) => [row.reduce((s, v) => s + Math.exp(v), 0)]));
      expect(format(sums)).to.equal('[[8260.88614278]\n [1248.04631753]]');
    });

    it('softmax(x) prints in scientific notation, wrapped at 75 columns as numpy 2 does', () => {
      // The tutorial's text shows each row on one line; numpy itself wraps them.
      expect(format(softmax(x))).to.equal(
        '[[9.80897665e-01 8.94462891e-04 1.79657674e-02 1.21052389e-04\n  1.21052389e-04]\n' +
          ' [8.78679856e-01 1.18916387e-01 8.01252314e-04 8.01252314e-04\n  8.01252314e-04]]',
      );
    });

    it('softmax(x) has the values the tutorial printed, to 9 significant digits', () => {
      const printed = [
        9.80897665e-1, 8.94462891e-4, 1.79657674e-2, 1.21052389e-4, 1.21052389e-4, 8.78679856e-1, 1.18916387e-1, 8.01252314e-4,
        8.01252314e-4, 8.01252314e-4,
      ];
      const s = softmax(x);
      printed.forEach((p, i) => expect(s.data[i].toPrecision(9)).to.equal(p.toPrecision(9)));
    });
  });

  describe('dot, outer', () => {
    const s1 = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    const s2 = [
      [2, 2],
      [3, 3],
      [4, 4],
    ];

    it('dot(s1, s2) is [[20 20] [47 47]]', () => {
      const d = dot(s1, s2);
      expect(d).to.be.instanceOf(NDArray);
      expect((d as NDArray).toArray()).to.deep.equal([
        [20, 20],
        [47, 47],
      ]);
      expect(format(d)).to.equal('[[20. 20.]\n [47. 47.]]');
    });

    it('outer(s1, s2) flattens both: 6 x 6, its first rows [2 2 3 3 4 4] [4 4 6 6 8 8] [6 6 9 9 12 12]', () => {
      const o = outer(s1, s2);
      expect(o.shape).to.deep.equal([6, 6]);
      const rows = o.toArray() as number[][];
      expect(rows.slice(0, 3)).to.deep.equal([
        [2, 2, 3, 3, 4, 4],
        [4, 4, 6, 6, 8, 8],
        [6, 6, 9, 9, 12, 12],
      ]);
      expect(format(o)).to.equal(
        '[[ 2.  2.  3.  3.  4.  4.]\n [ 4.  4.  6.  6.  8.  8.]\n [ 6.  6.  9.  9. 12. 12.]\n' +
          ' [ 8.  8. 12. 12. 16. 16.]\n [10. 10. 15. 15. 20. 20.]\n [12. 12. 18. 18. 24. 24.]]',
      );
    });
  });

  describe('where the tutorial formulas fail, blaskit returns the true value', () => {
    it('softmax([1000, 1000, 0]) is [0.5 0.5 0. ], not NaN', () => {
      expect(format(softmax([1000, 1000, 0]))).to.equal('[0.5 0.5 0. ]');
    });

    it('sigmoid(-740) is the subnormal 4.2e-322, not 0', () => {
      expect(sigmoid(-740)).to.be.greaterThan(0);
      expect(format(sigmoid(-740))).to.equal('4.2e-322');
    });
  });
});
