#!/usr/bin/env python3
"""Writes numpy 2's str() of float arrays and scalars, the oracle for lib/format.ts
(formatArray / formatScalar):

    test/fixtures/format.json          float64: str(np.asarray(data)), str(np.float64(value))
    test/fixtures/format-float32.json  float32: str(np.asarray(data, dtype=np.float32)),
                                       str(np.float32(value))

Run from anywhere with numpy 2.x installed:

    python3 scripts/generate-format-fixtures.py

Output layout (both files):
    {
      "numpy": "<version>",
      "arrays":  [{"name", "rule", "shape", "data", "expected"}, ...],
      "scalars": [{"name", "value", "expected"}, ...]
    }
Array cases whose name starts with "random/" are generated; the others are
hand-written and "rule" says what they check. Numbers are JSON numbers except
nan, inf, -inf and -0.0, which are the strings "nan", "inf", "-inf", "-0"
(see encode()). Data is row-major. Float32 array data holds the float32
values themselves (exact as doubles); a float32 scalar's value may be any
double, which np.float32(value) rounds, as formatScalar(value, 'float32') must.
"""

import json
import math
import pathlib
import struct

import numpy as np

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "test" / "fixtures"
OUT = FIXTURES / "format.json"
OUT_FLOAT32 = FIXTURES / "format-float32.json"
SEED = 20240615
# A separate stream, so that adding float32 cases leaves format.json unchanged.
SEED_FLOAT32 = 20261204


def encode(x):
    """A JSON-safe float: Python's repr round-trips, so finite values stay numbers."""
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0 and math.copysign(1.0, x) < 0:
        return "-0"
    return x


def array_case(name, rule, a, dtype=np.float64):
    # np.float32 rounds float64 data once, as Float32Array.from does.
    with np.errstate(over="ignore"):
        a = np.asarray(a, dtype=dtype)
    return {
        "name": name,
        "rule": rule,
        "shape": list(a.shape),
        "data": [encode(x) for x in a.ravel()],
        "expected": str(a),
    }


def scalar_case(name, x):
    return {"name": name, "value": encode(x), "expected": str(np.float64(x))}


def from_bits(bits):
    return struct.unpack("<d", struct.pack("<Q", bits))[0]


nan, inf = math.nan, math.inf


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def tutorial_cases():
    x = np.array([2.0, 3.0, 4.0])
    image = np.array([
        [[0.67826139, 0.29380381], [0.90714982, 0.52835647], [0.4215251, 0.45017551]],
        [[0.92814219, 0.96677647], [0.85304703, 0.52351845], [0.19981397, 0.27417313]],
        [[0.60659855, 0.00533165], [0.10820313, 0.49978937], [0.34144279, 0.94630077]],
    ])
    rows = np.array([[0.0, 3.0, 4.0], [1.0, 6.0, 4.0]])
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    scores = np.exp(np.array([[9, 2, 5, 0, 0], [7, 5, 0, 0, 0]], dtype=float))
    x1 = np.array([9, 2, 5, 0, 0, 7, 5, 0, 0, 0, 9, 2, 5, 0, 0], dtype=float)
    x2 = np.array([9, 2, 2, 9, 0, 9, 2, 5, 0, 0, 9, 2, 5, 0, 0], dtype=float)
    s = sigmoid(np.array([1.0, 2.0, 3.0]))
    return [
        array_case("tutorial/sigmoid", "8 fraction digits, rounded", sigmoid(x)),
        array_case("tutorial/tanh", "trailing zeros trimmed, then space-padded to the widest fraction", np.tanh(x)),
        array_case("tutorial/sigmoid-derivative", "small values stay positional (>= 1e-4, ratio <= 1e3)", s * (1 - s)),
        array_case("tutorial/image2vector", "(18,1) column vector: one row per line, fraction padding", image.reshape(18, 1)),
        array_case("tutorial/row-norms", "integral value '5.' padded to the column width", norms),
        array_case("tutorial/normalize-rows", "'0.' and '0.6' padded to 8 fraction digits", rows / norms),
        array_case("tutorial/softmax", "ratio > 1e3 switches to scientific; rows wrap at 75 characters",
                   scores / scores.sum(axis=1, keepdims=True)),
        array_case("tutorial/outer", "integral values with a 2-character integer column", np.outer(x1, x2)),
        array_case("tutorial/multiply", "integral 1-D product", x1 * x2),
    ]


def rule_cases():
    c = array_case
    big = np.arange(10000.0)
    big_hidden = np.full(1001, 1e300)
    big_hidden[:3] = [0.5, 1.25, 2.0]
    big_hidden[-3:] = [3.0, 4.5, 6.0]
    big_hidden[500] = nan
    grid_hidden = np.full((100, 100), -1e-300)
    grid_hidden[:3, :3] = 0.25
    grid_hidden[:3, -3:] = 1.5
    grid_hidden[-3:, :3] = 2.75
    grid_hidden[-3:, -3:] = 3.0
    return [
        c("integral", "integral values print as '1.' with no fraction digits", [1.0, 2.0, 3.0]),
        c("negative", "the sign widens the integer column", [-1.5, 2.0, 3.25]),
        c("negative-zero", "-0.0 keeps its sign and widens the column", [-0.0, 0.0]),
        c("all-zeros", "all zeros are positional '0.'", [0.0, 0.0, 0.0]),
        c("zeros-ignored", "zeros do not count as the minimum magnitude", [0.0, 1e-3, 0.5]),
        c("zero-in-scientific", "zero in scientific notation is 0.e+00 padded to the precision", [0.0, 1e-5, 0.123]),
        c("ratio-1000", "max/min exactly 1e3 stays positional", [1.0, 1000.0]),
        c("ratio-above-1000", "max/min > 1e3 switches to scientific", [1.0, 1000.5]),
        c("max-below-1e8", "max just below 1e8 stays positional", [99999999.0, 1.5]),
        c("max-1e8", "max >= 1e8 switches to scientific", [1e8, 1.5e7]),
        c("min-1e-4", "min exactly 1e-4 stays positional", [1e-4, 0.05]),
        c("min-below-1e-4", "min < 1e-4 switches to scientific", [9.99e-5, 0.05]),
        c("nine-digits", "more than 8 fraction digits are rounded away", [0.123456789012, 1.5]),
        c("tie-even", "an exact binary tie (1/512) rounds half to even", [1 / 512, 3 / 512, 5 / 512, 7 / 512]),
        c("exact-not-shortest", "rounds the exact binary value, not the shortest string (0.123456785)", [0.123456785, 2.5e-3]),
        c("carry-positional", "rounding carries into the integer part and trims to '1.'", [0.999999999, 0.5]),
        c("carry-negative", "carry on a negative value", [-9.999999999, 1.0]),
        c("scientific-tie", "scientific exact tie rounds half to even", [1234567885.0, 1.0e9]),
        c("scientific-carry", "carry shortens the digits: 1.2345679e+09", [1234567895.0]),
        c("scientific-mixed-digits", "scientific pads every mantissa to the longest one", [1e-5, 0.123, 45.0]),
        c("scientific-negative", "sign column in scientific notation", [-1e-5, 0.123, 1e10]),
        c("exponent-3-digits", "exponent digits pad to the widest exponent (e-100)", [1e-100, 1.0]),
        c("huge-tiny", "1e300 and 1e-300", [1e300, -1e-300, 1.0]),
        c("subnormal-min", "5e-324 alone keeps its shortest digits", [5e-324]),
        c("subnormal-exact-digits", "padding a subnormal to the column precision uses its exact value", [5e-324, 0.123456789]),
        c("subnormal-mix", "subnormals with 3-digit exponents", [1e-320, 1e-5, 3e-323]),
        c("max-double", "the largest finite double", [1.7976931348623157e308, -1.0]),
        c("nan-inf-positional", "nan/inf right-aligned in a positional column", [nan, 1.5, -inf, inf]),
        c("nan-inf-scientific", "nan/inf right-aligned in a scientific column", [nan, 1e-9, -inf, 2.5]),
        c("nan-widens", "nan needs 3 characters, widening the integer part of '1.'", [nan, 1.0]),
        c("only-non-finite", "no finite values: width of the longest of nan/inf", [nan, inf]),
        c("only-non-finite-neg", "-inf needs one more column", [nan, -inf]),
        c("nan-2d", "nan inside a 2-D array", [[nan, 0.5], [1.25, inf]]),
        c("wrap-1d", "1-D rows wrap at 75 characters with a 1-space hanging indent",
          np.arange(30) * 1.1 + 0.123456789),
        c("wrap-1d-integral", "short words fill the line up to 75 characters", np.arange(40.0)),
        c("wrap-2d", "2-D rows wrap with a 2-space hanging indent", np.arange(36).reshape(3, 12) / 7),
        c("3d", "3-D blocks are separated by one blank line", np.arange(24.0).reshape(2, 3, 4)),
        c("3d-wrap", "3-D rows wrap with a 3-space indent", np.arange(2 * 2 * 10).reshape(2, 2, 10) / 3),
        c("4d", "4-D blocks are separated by two blank lines", np.arange(16.0).reshape(2, 2, 2, 2) - 7.5),
        c("5d", "5-D blocks are separated by three blank lines", np.arange(32.0).reshape(2, 2, 2, 2, 2) / 4),
        c("0d", "0-d array prints like the scalar", np.array(1.5)),
        c("0d-small", "0-d array uses the scalar repr, not array precision", np.array(1e-7)),
        c("0d-long", "0-d array shows all shortest digits", np.array(0.1 + 0.2)),
        c("0d-neg-zero", "0-d -0.0", np.array(-0.0)),
        c("0d-nan", "0-d nan", np.array(nan)),
        c("empty-1d", "shape (0,) prints []", np.zeros((0,))),
        c("empty-2x0", "shape (2, 0) prints []", np.zeros((2, 0))),
        c("empty-0x3", "shape (0, 3) prints []", np.zeros((0, 3))),
        c("empty-2x0x3", "shape (2, 0, 3) prints []", np.zeros((2, 0, 3))),
        c("single", "shape (1,)", [2.5]),
        c("single-nested", "shape (1, 1, 1)", [[[2.5]]]),
        c("threshold-1000", "exactly 1000 elements are not summarised", np.arange(1000.0)),
        c("summary-1001", "1001 elements are summarised with edgeitems=3", np.arange(1001.0)),
        c("summary-10000", "1-D summary of 10000", big / 3),
        c("summary-2d", "2-D 100x100 summary: '...' column and a '...' row", big.reshape(100, 100) / 7),
        c("summary-3d", "3-D 20x20x20 summary: '...' blocks between blank lines",
          np.arange(8000.0).reshape(20, 20, 20) * 1.5),
        c("summary-4d", "4-D 10x10x10x10 summary", big.reshape(10, 10, 10, 10) - 5000),
        c("summary-narrow-axis", "summary only cuts axes longer than 6", big[:2002].reshape(1001, 2) / 9),
        c("summary-wide-rows", "2 rows of 1000: columns cut, rows kept", big[:2000].reshape(2, 1000) / 9),
        c("summary-hidden-1d", "formatting ignores hidden items (1e300, nan)", big_hidden),
        c("summary-hidden-2d", "formatting ignores hidden items in 2-D", grid_hidden),
    ]


def random_values(rng, n):
    """Values from one of several distributions chosen to stress formatting."""
    kind = rng.integers(0, 12)
    if kind == 0:
        v = rng.random(n)
    elif kind == 1:
        v = rng.standard_normal(n) * 10.0 ** rng.integers(-12, 13)
    elif kind == 2:
        v = np.exp(rng.uniform(-20, 20, n))
    elif kind == 3:
        v = rng.integers(-1000, 1000, n).astype(float)
    elif kind == 4:
        v = np.round(rng.standard_normal(n) * 100, int(rng.integers(0, 6)))
    elif kind == 5:
        v = rng.integers(-4096, 4096, n) / 2.0 ** rng.integers(8, 14)
    elif kind == 6:
        v = np.array([from_bits(int(b)) for b in rng.integers(0, 2**63, n, dtype=np.uint64)])
        v = np.where(np.isfinite(v), v, 1.0)
    elif kind == 7:
        v = rng.integers(1, 2**52, n).astype(float) * 5e-324
    elif kind == 8:
        v = rng.choice([1e8, 1e-4, 1e3, 1.0], n) * rng.choice([1 - 1e-12, 1.0, 1 + 1e-12], n)
    elif kind == 9:
        v = 1 - rng.random(n) * 1e-9
    elif kind == 10:
        v = rng.standard_normal(n) * rng.choice([1.0, 1e-3, 1e3], n)
    else:
        v = rng.random(n) * 10.0 ** rng.integers(-3, 8)
    v = v * rng.choice([-1.0, 1.0], n) if rng.random() < 0.5 else v
    if rng.random() < 0.3:
        specials = rng.choice([nan, inf, -inf, 0.0, -0.0], n)
        v = np.where(rng.random(n) < 0.15, specials, v)
    return v


def random_cases(rng, count, values=random_values, dtype=np.float64):
    """`count` small arrays of 1 to 4 dimensions, then 8 summarised ones, with data from `values`."""
    cases = []
    for i in range(count):
        ndim = int(rng.choice([1, 1, 1, 2, 2, 2, 3, 4]))
        if ndim == 1:
            shape = (int(rng.integers(1, 40)),)
        else:
            shape = tuple(int(d) for d in rng.integers(1, 7 if ndim < 4 else 4, ndim))
        data = values(rng, int(np.prod(shape))).reshape(shape)
        cases.append(array_case(f"random/{i}", "random", data, dtype))
    for i in range(8):
        shape = [(1001,), (40, 30), (3, 400), (12, 9, 11), (5, 5, 5, 9)][i % 5]
        data = values(rng, int(np.prod(shape))).reshape(shape)
        cases.append(array_case(f"random/summary-{i}", "random summarised", data, dtype))
    return cases


def scalar_cases(rng):
    cases = [
        scalar_case("tutorial/L1", np.sum(np.abs(np.array([0.9, 0.2, 0.1, 0.4, 0.9]) - [1, 0, 0, 1, 1]))),
        scalar_case("tutorial/L2", np.sum((np.array([0.9, 0.2, 0.1, 0.4, 0.9]) - [1, 0, 0, 1, 1]) ** 2)),
        scalar_case("tutorial/dot", np.dot([9.0, 2, 5, 0, 0, 7, 5, 0, 0, 0, 9, 2, 5, 0, 0],
                                           [9.0, 2, 2, 9, 0, 9, 2, 5, 0, 0, 9, 2, 5, 0, 0])),
        scalar_case("sigmoid(3)", sigmoid(3.0)),
    ]
    for x in [0.0, -0.0, nan, inf, -inf, 3.0, -3.0, 0.1, 0.1 + 0.2, 1e-7, 5e-324, 1.7976931348623157e308,
              1e16, 9999999999999998.0, 1e-4, 1e-5, 12345678901234567.0, 2.0**53, 2.0**53 + 2, 18014398509481992.0,
              123456.789, 1e22, 1e23, 0.5, 2.5e-9, 1.000000005]:
        cases.append(scalar_case(f"special/{x!r}", x))
    for k in range(-30, 31):
        p = 10.0 ** k
        for x in (p, np.nextafter(p, 0), np.nextafter(p, inf)):
            cases.append(scalar_case(f"power/{k}", x))
    for i, b in enumerate(rng.integers(0, 2**64 - 1, 200, dtype=np.uint64)):
        cases.append(scalar_case(f"bits/{i}", from_bits(int(b))))
    for i, v in enumerate(rng.integers(-10**17, 10**17, 30)):
        cases.append(scalar_case(f"integer/{i}", float(v)))
    for i, v in enumerate(np.round(rng.standard_normal(60) * 10.0 ** rng.integers(-8, 18, 60), 6)):
        cases.append(scalar_case(f"decimal/{i}", v))
    return cases


# ---------------------------------------------------------------------------
# float32
# ---------------------------------------------------------------------------

f32 = np.float32


def array32(name, rule, a):
    return array_case(name, rule, a, dtype=np.float32)


def scalar32_case(name, x):
    with np.errstate(over="ignore"):
        return {"name": name, "value": encode(x), "expected": str(np.float32(x))}


def from_bits32(bits):
    return struct.unpack("<f", struct.pack("<I", bits))[0]


def next_up32(x):
    return float(np.nextafter(f32(x), f32(inf)))


def next_down32(x):
    return float(np.nextafter(f32(x), f32(-inf)))


def ratio_rounding_to_1000(rng):
    """max, min whose quotient exceeds 1000 but rounds to 1000 in float32 (numpy divides in float32)."""
    for b in rng.uniform(1, 2, 100000).astype(np.float32):
        a = np.nextafter(f32(float(b) * 1000), f32(inf))
        if float(a) / float(b) > 1000 and a / b == f32(1000):
            return [float(a), float(b)]
    raise RuntimeError("no float32 pair whose quotient rounds to 1000 found")


def float32_tutorial_cases():
    x = np.array([2.0, 3.0, 4.0], dtype=np.float32)
    s = 1 / (1 + np.exp(-np.array([1.0, 2.0, 3.0], dtype=np.float32)))
    rows = np.array([[0.0, 3.0, 4.0], [1.0, 6.0, 4.0]], dtype=np.float32)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    scores = np.exp(np.array([[9, 2, 5, 0, 0], [7, 5, 0, 0, 0]], dtype=np.float32))
    c = array32
    return [
        c("tutorial/sigmoid", "float32 sigmoid: 8 fraction digits of the float32 values", 1 / (1 + np.exp(-x))),
        c("tutorial/tanh", "float32 tanh: shortest float32 digits, padded", np.tanh(x)),
        c("tutorial/sigmoid-derivative", "float32 products stay positional", s * (1 - s)),
        c("tutorial/normalize-rows", "float32 division results", rows / norms),
        c("tutorial/softmax", "float32 softmax switches to scientific and wraps",
          scores / scores.sum(axis=1, keepdims=True)),
    ]


def float32_rule_cases(rng):
    c = array32
    big = np.arange(10000, dtype=np.float32)
    big_hidden = np.full(1001, 3e38, dtype=np.float32)
    big_hidden[:3] = [0.5, 1.25, 2.0]
    big_hidden[-3:] = [3.0, 4.5, 6.0]
    big_hidden[500] = nan
    grid_hidden = np.full((100, 100), -1e-40, dtype=np.float32)
    grid_hidden[:3, :3] = 0.25
    grid_hidden[-3:, -3:] = 3.0
    smallest_normal = float(np.finfo(np.float32).smallest_normal)
    largest_subnormal = next_down32(smallest_normal)
    tiny = float(np.finfo(np.float32).smallest_subnormal)
    largest = float(np.finfo(np.float32).max)
    return [
        c("shortest-differs", "float32 0.1 prints 0.1, not float64's 0.10000000149011612", [0.1, 0.2, 0.3]),
        c("shortest-differs-scientific", "float32 shortest digits in scientific notation", [0.1, 1e-5, 1 / 3]),
        c("min-digits-pads-exact", "padding a float32 to the column precision rounds its exact value",
          [0.1, 1.23456789e-5]),
        c("integral", "integral float32 values print as '1.'", [1.0, 2.0, 3.0]),
        c("negative-zero", "-0.0 keeps its sign", [-0.0, 0.0]),
        c("max-below-1e6", "float32 arrays stay positional below 1e6 (10**finfo(float32).precision)",
          [next_down32(1e6), 1.5]),
        c("max-1e6", "float32 arrays switch to scientific at 1e6, not 1e8", [1e6, 1.5]),
        c("max-1e7", "a float32 value of 1e7 is scientific", [1e7, 2.5, -3.0]),
        c("min-float32-1e-4", "float32(1e-4) < 1e-4 but equals float32(0.0001): positional", [1e-4, 0.05]),
        c("min-below-float32-1e-4", "just below float32(1e-4) switches to scientific", [next_down32(1e-4), 0.05]),
        c("min-above-float32-1e-4", "just above float32(1e-4): more than 8 fraction digits, rounded",
          [next_up32(1e-4), 0.05]),
        c("ratio-1000", "max/min exactly 1e3 stays positional", [1.0, 1000.0]),
        c("ratio-above-1000", "max/min > 1e3 switches to scientific", [1.0, next_up32(1000.0)]),
        c("ratio-rounds-to-1000", "max/min > 1e3 exactly but 1e3 in float32 arithmetic: positional",
          ratio_rounding_to_1000(rng)),
        c("nine-fraction-digits", "shortest float32 digits beyond 8 fraction digits are rounded",
          [0.123456789, 0.000123456789]),
        c("tie-even", "exact binary ties at the 8th fraction digit round half to even",
          [1 / 512, 3 / 512, 5 / 512, 7 / 512]),
        c("scientific-tie", "2**-13 = 1.220703125e-04 padded to 9 digits (0.114932634 needs them): "
          "the exact tie rounds to even", [2.0**-13, 0.11493263393640518, 1e-5]),
        c("halfway-even-mantissa", "a shortest decimal exactly half-way to the next float32 "
          "(even mantissa) reads back, so numpy prints it", [64311768.0, -186675008.0, 1.0]),
        c("halfway-odd-mantissa", "half-way from an odd mantissa does not read back: one more digit",
          [64311772.0, 1.0]),
        c("carry-positional", "rounding carries into the integer part", [0.99999999, 0.5]),
        c("integers-2**24", "integers around 2**24 in scientific notation",
          [16777216.0, 16777217.0, 16777218.0, 16777220.0]),
        c("largest", "the largest finite float32", [largest, -1.0]),
        c("smallest-subnormal", "the smallest subnormal alone prints 1.e-45", [tiny]),
        c("subnormal-exact-digits", "subnormals padded to the column precision use their exact value",
          [tiny, 0.123456789]),
        c("subnormal-mix", "subnormals, the smallest normal and the largest subnormal",
          [tiny, 3 * tiny, largest_subnormal, smallest_normal, 1e-40]),
        c("huge-tiny", "1e38 and 1e-38", [1e38, -1e-38, 1.0]),
        c("overflow-to-inf", "1e39 rounds to inf in float32", [1e39, -1e39, 0.5]),
        c("nan-inf-positional", "nan/inf right-aligned in a positional column", [nan, 1.5, -inf, inf]),
        c("nan-inf-scientific", "nan/inf right-aligned in a scientific column", [nan, 1e-9, -inf, 2.5]),
        c("only-non-finite", "no finite values", [nan, -inf]),
        c("wrap-1d", "1-D rows wrap at 75 characters", np.arange(30) * 1.1 + 0.123456789),
        c("wrap-2d", "2-D rows wrap with a 2-space hanging indent", np.arange(36).reshape(3, 12) / 7),
        c("3d", "3-D blocks are separated by one blank line", np.arange(24.0).reshape(2, 3, 4) / 3),
        c("4d", "4-D blocks are separated by two blank lines", np.arange(16.0).reshape(2, 2, 2, 2) - 7.5),
        c("0d", "0-d float32 array prints like np.float32", np.array(0.1)),
        c("0d-1e6", "0-d float32 1e6 is scientific (float32 scalars are positional below 1e6)", np.array(1e6)),
        c("0d-below-1e6", "0-d float32 just below 1e6 is positional", np.array(next_down32(1e6))),
        c("0d-1e-4", "0-d float32(1e-4) < 1e-4: scientific", np.array(1e-4)),
        c("0d-2**24", "0-d 16777216 in float32: 1.6777216e+07", np.array(16777216.0)),
        c("0d-neg-zero", "0-d -0.0", np.array(-0.0)),
        c("0d-nan", "0-d nan", np.array(nan)),
        c("0d-inf", "0-d -inf", np.array(-inf)),
        c("empty-1d", "shape (0,) prints []", np.zeros((0,))),
        c("empty-2x0x3", "shape (2, 0, 3) prints []", np.zeros((2, 0, 3))),
        c("single-nested", "shape (1, 1, 1)", [[[0.1]]]),
        c("threshold-1000", "exactly 1000 float32 elements are not summarised", np.arange(1000.0) / 3),
        c("summary-1001", "1001 elements are summarised", np.arange(1001.0)),
        c("summary-10000", "1-D summary of 10000 float32 thirds", big / 3),
        c("summary-2d", "2-D 100x100 summary", big.reshape(100, 100) / 7),
        c("summary-3d", "3-D 20x20x20 summary", np.arange(8000.0).reshape(20, 20, 20) * 1.1),
        c("summary-4d", "4-D 10x10x10x10 summary", big.reshape(10, 10, 10, 10) - 5000),
        c("summary-hidden-1d", "formatting ignores hidden items (3e38, nan)", big_hidden),
        c("summary-hidden-2d", "formatting ignores hidden items in 2-D", grid_hidden),
    ]


def random_values32(rng, n):
    """float64 distributions rounded to float32, or raw float32 bit patterns."""
    kind = rng.integers(0, 4)
    if kind == 0:
        v = np.array([from_bits32(int(b)) for b in rng.integers(0, 2**31, n)])
        v = np.where(np.isfinite(v), v, 1.0)
    elif kind == 1:
        # Integers that float32 holds only approximately (beyond 2**24).
        v = rng.integers(2**24, 2**31, n).astype(float)
    elif kind == 2:
        v = rng.integers(1, 2**23, n).astype(float) * float(np.finfo(np.float32).smallest_subnormal)
    else:
        v = random_values(rng, n)
    return v * rng.choice([-1.0, 1.0], n) if rng.random() < 0.3 else v


def float32_scalar_cases(rng):
    c = scalar32_case
    smallest_normal = float(np.finfo(np.float32).smallest_normal)
    cases = [
        c("tutorial/sigmoid(3)", float(1 / (1 + np.exp(-f32(3.0))))),
        c("tutorial/dot", float(np.dot(np.array([9, 2, 5, 0, 0], dtype=np.float32),
                                       np.array([9, 2, 2, 9, 0], dtype=np.float32)))),
    ]
    for x in [0.0, -0.0, nan, inf, -inf, 3.0, -3.0, 0.1, 0.1 + 0.2, 1 / 3, 2 / 3, 1e-7, 0.5, 123456.789,
              999999.9, next_down32(1e6), 1e6, 1048576.0, 9999999.0, 1e7, 16777215.0, 16777216.0, 16777217.0,
              1e8, 1e15, 1e16, 1e-4, next_up32(1e-4), next_down32(1e-4), 1e-5, 1e-45, 1.4e-45, 7e-46, 1e-46,
              smallest_normal, next_down32(smallest_normal), float(np.finfo(np.float32).max), 3.4028236e38,
              1e39, 1e300, 64311768.0, 64311772.0, 1.000000005, 2.0**-13]:
        cases.append(c(f"special/{x!r}", x))
    for k in range(-45, 39):
        p = float(f32(10.0 ** k))
        for x in (p, next_down32(p), next_up32(p)):
            cases.append(c(f"power/{k}", x))
    for e in range(0, 255, 3):
        b = e << 23
        cases.append(c(f"power-of-two/{e}", from_bits32(b)))
        cases.append(c(f"power-of-two/{e}-down", from_bits32(max(b - 1, 0))))
    for i, b in enumerate(rng.integers(0, 2**31, 300)):
        x = from_bits32(int(b))
        cases.append(c(f"bits/{i}", x if math.isfinite(x) else 1.5))
    for i, v in enumerate(rng.random(60) * 10.0 ** rng.integers(-10, 12, 60)):
        cases.append(c(f"double-input/{i}", float(v)))
    for i, v in enumerate(rng.integers(-2**31, 2**31, 30)):
        cases.append(c(f"integer/{i}", float(v)))
    return cases


def write_fixture(path, arrays, scalars):
    # One case per line keeps the file diffable.
    lines = [
        "{",
        f'"numpy": {json.dumps(np.__version__)},',
        '"arrays": [',
        ",\n".join(json.dumps(c, allow_nan=False) for c in arrays),
        "],",
        '"scalars": [',
        ",\n".join(json.dumps(c, allow_nan=False) for c in scalars),
        "]",
        "}",
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
    print(f"wrote {path} ({path.stat().st_size} bytes, {len(arrays)} arrays, {len(scalars)} scalars)")


def main():
    rng = np.random.default_rng(SEED)
    arrays = tutorial_cases() + rule_cases() + random_cases(rng, 300)
    write_fixture(OUT, arrays, scalar_cases(rng))
    rng32 = np.random.default_rng(SEED_FLOAT32)
    arrays32 = float32_tutorial_cases() + float32_rule_cases(rng32) + random_cases(rng32, 300, random_values32, np.float32)
    write_fixture(OUT_FLOAT32, arrays32, float32_scalar_cases(rng32))


if __name__ == "__main__":
    main()
