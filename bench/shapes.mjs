// The shapes a size stands for, shared by the float64 cases (cases.mjs) and
// the float32 ones (cases-f32.mjs), so both tables line up row for row.

/** A 1-D operand of `size` elements. */
export const vectorShape = (size) => ({ label: String(size), elements: size, dims: { n: size } });

/** rows x cols with rows of up to 1000 (a batch of class scores): n = 1e7 is 10000 rows of 1000. */
export const rowShape = (size) => {
  const cols = Math.min(size, 1000);
  const rows = size / cols;
  return { label: `${rows}x${cols}`, elements: size, dims: { rows, cols } };
};

/** outer(a, b) of two n-vectors: n^2 results. */
export const outerShape = (n) => ({ label: `${n}x${n}`, elements: n * n, dims: { n } });

/** C = A B with A m x k and B k x p; `flops` counts a multiply and an add per term. */
export const productShape = ({ m, k, p }) => ({
  label: p === 1 ? `${m}x${k} . ${k}` : `${m}x${k} . ${k}x${p}`,
  elements: m * p,
  flops: 2 * m * k * p,
  dims: { m, k, p },
});
