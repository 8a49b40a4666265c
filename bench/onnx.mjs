// A minimal ONNX model writer, so that the benchmark can build its float64
// and float32 graphs in code: no .onnx files to keep in step with the cases, and no
// protobuf dependency. Only the handful of messages a one-graph model needs
// are encoded, following onnx/onnx.proto (proto2 wire format; repeated
// scalars are written unpacked, which every protobuf parser accepts).

/** onnx.TensorProto.DataType values used here. */
export const DataType = Object.freeze({ FLOAT: 1, INT64: 7, BOOL: 9, DOUBLE: 11 });

const AttributeType = Object.freeze({ FLOAT: 1, INT: 2, STRING: 3, INTS: 7 });

/** Protobuf varint of a non-negative or negative (two's complement, 10 bytes) 64-bit integer. */
function varint(value) {
  let v = BigInt.asUintN(64, BigInt(value));
  const bytes = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    bytes.push(byte);
  } while (v !== 0n);
  return Uint8Array.from(bytes);
}

const encoder = new TextEncoder();

function concat(parts) {
  const length = parts.reduce((sum, p) => sum + p.length, 0);
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** One field of a message: `field(3, 'int', 5)`, `field(1, 'bytes', message)`, `field(2, 'string', 'x')`. */
function field(number, kind, value) {
  switch (kind) {
    case 'int':
      return concat([varint((number << 3) | 0), varint(value)]);
    case 'float': {
      const bytes = new Uint8Array(4);
      new DataView(bytes.buffer).setFloat32(0, value, true);
      return concat([varint((number << 3) | 5), bytes]);
    }
    case 'string':
      return field(number, 'bytes', encoder.encode(value));
    case 'bytes':
      return concat([varint((number << 3) | 2), varint(value.length), value]);
    default:
      throw new Error(`onnx: unknown field kind ${kind}`);
  }
}

const message = (...fields) => concat(fields.flat());

/**
 * A graph input or output: name, element type and a concrete shape (each
 * benchmark size gets its own session, so ORT may plan for fixed shapes).
 */
function valueInfo(name, dataType, dims) {
  const shape = message(dims.map((d) => field(1, 'bytes', message(field(1, 'int', d)))));
  const tensorType = message(field(1, 'int', dataType), field(2, 'bytes', shape));
  const type = message(field(1, 'bytes', tensorType));
  return message(field(1, 'string', name), field(2, 'bytes', type));
}

/** The ONNX element type of an initializer's typed array. */
function dataTypeOf(values) {
  if (values instanceof Float64Array) return DataType.DOUBLE;
  if (values instanceof Float32Array) return DataType.FLOAT;
  if (values instanceof BigInt64Array) return DataType.INT64;
  throw new TypeError(`onnx: no ONNX type for a ${Object.prototype.toString.call(values)} constant`);
}

/** A constant (an initializer) from a Float64Array, Float32Array or BigInt64Array. */
function tensor(name, dims, values) {
  const dataType = dataTypeOf(values);
  const raw = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  return message(
    dims.map((d) => field(1, 'int', d)),
    field(2, 'int', dataType),
    field(8, 'string', name),
    field(9, 'bytes', raw),
  );
}

function attribute(name, value) {
  if (Array.isArray(value)) {
    return message(
      field(1, 'string', name),
      value.map((v) => field(8, 'int', v)),
      field(20, 'int', AttributeType.INTS),
    );
  }
  if (typeof value === 'string') {
    return message(field(1, 'string', name), field(4, 'bytes', encoder.encode(value)), field(20, 'int', AttributeType.STRING));
  }
  if (Number.isInteger(value)) {
    return message(field(1, 'string', name), field(3, 'int', value), field(20, 'int', AttributeType.INT));
  }
  return message(field(1, 'string', name), field(2, 'float', value), field(20, 'int', AttributeType.FLOAT));
}

/**
 * @typedef {object} GraphSpec
 * @property {{ name: string, dims: number[], type?: number }[]} inputs graph inputs (`elementType` unless `type`)
 * @property {{ name: string, dims: number[], type?: number }[]} outputs graph outputs
 * @property {{ op: string, inputs: string[], outputs: string[], attributes?: Record<string, number|number[]|string> }[]} nodes
 * @property {{ name: string, dims: number[], values: Float64Array | Float32Array | BigInt64Array }[]} [constants] initializers, typed by their array
 * @property {number} [elementType] the inputs' and outputs' type: DataType.DOUBLE (default) or DataType.FLOAT
 */

/**
 * Serialise a one-graph model (IR version 8, default-domain opset 17).
 * @param {GraphSpec} spec
 * @returns {Uint8Array} the bytes of an .onnx file
 */
export function buildModel(spec) {
  const nodes = spec.nodes.map((n, i) =>
    message(
      n.inputs.map((x) => field(1, 'string', x)),
      n.outputs.map((y) => field(2, 'string', y)),
      field(3, 'string', `n${i}_${n.op}`),
      field(4, 'string', n.op),
      Object.entries(n.attributes ?? {}).map(([k, v]) => field(5, 'bytes', attribute(k, v))),
    ),
  );
  const initializers = (spec.constants ?? []).map((c) => tensor(c.name, c.dims, c.values));
  const elementType = spec.elementType ?? DataType.DOUBLE;
  const graph = message(
    nodes.map((n) => field(1, 'bytes', n)),
    field(2, 'string', 'blaskit_bench'),
    initializers.map((t) => field(5, 'bytes', t)),
    spec.inputs.map((v) => field(11, 'bytes', valueInfo(v.name, v.type ?? elementType, v.dims))),
    spec.outputs.map((v) => field(12, 'bytes', valueInfo(v.name, v.type ?? elementType, v.dims))),
  );
  const opset = message(field(1, 'string', ''), field(2, 'int', 17));
  return message(field(1, 'int', 8), field(2, 'string', 'blaskit-bench'), field(7, 'bytes', graph), field(8, 'bytes', opset));
}

/** A float64 scalar constant, for graphs like 1 - tanh(x)^2. */
export const scalar = (name, value) => ({ name, dims: [], values: Float64Array.of(value) });
