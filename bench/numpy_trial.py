"""numpy's side of the blaskit benchmark, one python3 process per case.

(Not named numpy.py: python puts this folder first on sys.path, and the file
would import itself as numpy.)

    python3 bench/numpy_trial.py info          -> JSON: numpy, its BLAS, its SIMD targets
    python3 bench/numpy_trial.py run SPEC.json -> JSON: timings, per size

For each size of the case, SPEC gives the dimensions, setup code and the
expression a numpy user writes. The first evaluation's result is written to
a file (raw float64, C order; a float32 result widened exactly) for the Node
side to check against the TypeScript twin before any number is reported; then
the expression is timed with the same adaptive scheme as bench/timing.mjs.
Where SPEC names the result's dtype (the float32 cases), a result of another
dtype is an error: numpy silently promoting to float64 would time the wrong
thing.
"""

import gc
import json
import platform
import sys
import time
import timeit

import numpy as np


def values(count, seed):
    """The inputs of bench/data.mjs `values`, bit for bit (uint32 arithmetic wraps)."""
    h = np.arange(count, dtype=np.uint32) + np.uint32((seed * 0x9E3779B9) & 0xFFFFFFFF)
    h ^= h >> np.uint32(16)
    h *= np.uint32(0x7FEB352D)
    h ^= h >> np.uint32(15)
    h *= np.uint32(0x846CA68B)
    h ^= h >> np.uint32(16)
    return h.astype(np.float64) / 4294967296.0 * 8.0 - 4.0


def measure(timer, first_ns, settings):
    """bench/timing.mjs `measure`: batch to sampleNs, sample within budgetNs, ns per call."""
    calls, batch_ns = 1, first_ns
    if first_ns < settings["sampleNs"]:
        while True:
            batch_ns = timer.timeit(number=calls) * 1e9
            if batch_ns >= settings["sampleNs"] or calls >= 1 << 24:
                break
            wanted = -(-calls * settings["sampleNs"] // batch_ns) if batch_ns > 0 else calls * 8
            calls = int(min(calls * 8, max(calls * 2, wanted)))
    floor = settings["slowMinSamples"] if batch_ns >= settings["slowCallNs"] else settings["minSamples"]
    count = max(floor, min(settings["maxSamples"], round(settings["budgetNs"] / max(batch_ns, 1))))
    samples = sorted(timer.timeit(number=calls) * 1e9 / calls for _ in range(count))
    mid = len(samples) // 2
    median = samples[mid] if len(samples) % 2 else (samples[mid - 1] + samples[mid]) / 2
    return {"median": median, "min": samples[0], "max": samples[-1], "samples": len(samples), "callsPerSample": calls}


def run(spec):
    settings = spec["settings"]
    points, last = [], None
    for p in spec["points"]:
        point = {"size": p["size"]}
        points.append(point)
        work = p["work"]
        if last and last[0] * work / last[1] > settings["maxCallNs"]:
            point["skipped"] = "not run: over the per-call time limit"
            continue
        try:
            g = {"np": np, "values": values, "gc": gc, **p["dims"]}
            exec(p["setup"], g)
            code = compile(p["expr"], "<bench>", "eval")
            t0 = time.perf_counter_ns()
            result = eval(code, g)
            first_ns = time.perf_counter_ns() - t0
            dtype = p.get("dtype")
            if dtype and np.asarray(result).dtype != np.dtype(dtype):
                raise TypeError(f"{p['expr']} gave {np.asarray(result).dtype}, expected {dtype}")
            np.ascontiguousarray(result, dtype=np.float64).tofile(p["outFile"])
            del result
            # timeit switches the garbage collector off; a user's code runs with it on.
            timer = timeit.Timer(p["expr"], setup="gc.enable()", globals=g)
            point["timing"] = measure(timer, first_ns, settings)
            last = (point["timing"]["median"], work)
        except Exception as error:  # reported per size, like the Node trials
            point["error"] = f"{type(error).__name__}: {error}"
    return {"points": points}


def blas_info():
    """numpy's BLAS as built (show_config) and, where threadpoolctl is installed, as running."""
    info = {}
    try:
        config = np.show_config(mode="dicts")
        info["build"] = config.get("Build Dependencies", {}).get("blas", {})
    except Exception as error:  # older numpy: no mode="dicts"
        info["build"] = {"error": str(error)}
    try:
        from threadpoolctl import threadpool_info

        info["runtime"] = [p for p in threadpool_info() if p.get("user_api") == "blas"]
    except ImportError:
        info["runtime"] = openblas_runtime()
    return info


def openblas_runtime():
    """Without threadpoolctl: ask the OpenBLAS that numpy loaded, as threadpoolctl does (Linux)."""
    import ctypes

    try:
        with open("/proc/self/maps") as maps:
            paths = sorted({line.split()[-1] for line in maps if "openblas" in line.split()[-1]})
    except OSError:
        return "unknown (no threadpoolctl, no /proc/self/maps)"
    for path in paths:
        lib = ctypes.CDLL(path)
        # numpy's wheels use scipy-openblas, whose symbols are renamed scipy_openblas_*64_.
        for prefix, suffix in (("scipy_openblas", "64_"), ("scipy_openblas", ""), ("openblas", "64_"), ("openblas", "")):
            config = getattr(lib, f"{prefix}_get_config{suffix}", None)
            if config is None:
                continue
            config.restype = ctypes.c_char_p
            corename = getattr(lib, f"{prefix}_get_corename{suffix}")
            corename.restype = ctypes.c_char_p
            threads = getattr(lib, f"{prefix}_get_num_threads{suffix}")()
            return {"library": path, "config": config().decode(), "corename": corename().decode(), "threads": threads}
    return "unknown"


def simd_info():
    try:
        from numpy._core import _multiarray_umath as umath
    except ImportError:  # numpy 1.x
        from numpy.core import _multiarray_umath as umath
    features = getattr(umath, "__cpu_features__", {})
    return {
        "baseline": list(getattr(umath, "__cpu_baseline__", [])),
        "dispatch": list(getattr(umath, "__cpu_dispatch__", [])),
        "available": [name for name, present in features.items() if present],
    }


def info():
    return {"numpy": np.__version__, "python": platform.python_version(), "blas": blas_info(), "simd": simd_info()}


if __name__ == "__main__":
    if sys.argv[1] == "info":
        print(json.dumps(info()))
    else:
        with open(sys.argv[2]) as f:
            print(json.dumps(run(json.load(f))))
