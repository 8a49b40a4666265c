/**
 * Plain-TypeScript twins of native/kernels/binary.cc (same signatures as the
 * binding): out[i * cols + j] = a(i, j) op b(i, j), element (i, j) of an
 * operand read at i * rowStride + j * colStride (a stride of 0 broadcasts).
 * One IEEE operation per element, as the native loops and numpy compute it:
 * the same bits. For Float32Arrays, the double operation on the exactly
 * widened operands rounded once on store is the float32 operation's result
 * (a double holds more than twice float32's precision: no double rounding).
 */

import type { StridedBinary } from '../../binding';

export type { StridedBinary };

export const add: StridedBinary = (a, ars, acs, b, brs, bcs, out, rows, cols) => {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[i * cols + j] = a[i * ars + j * acs] + b[i * brs + j * bcs];
  }
};

export const subtract: StridedBinary = (a, ars, acs, b, brs, bcs, out, rows, cols) => {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[i * cols + j] = a[i * ars + j * acs] - b[i * brs + j * bcs];
  }
};

export const multiply: StridedBinary = (a, ars, acs, b, brs, bcs, out, rows, cols) => {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[i * cols + j] = a[i * ars + j * acs] * b[i * brs + j * bcs];
  }
};

export const divide: StridedBinary = (a, ars, acs, b, brs, bcs, out, rows, cols) => {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[i * cols + j] = a[i * ars + j * acs] / b[i * brs + j * bcs];
  }
};
