/**
 * Tandem's rings and shared arrays shared with Python (the {@code tandem} package in {@code python/}): the Java
 * peer the Python tests drive ({@link io.tandem.perf.python.PythonPeer}), the Python child process helper the Java
 * tests drive ({@link io.tandem.perf.python.PythonProcess}), the frame pattern both sides check
 * ({@link io.tandem.perf.python.FramePattern}), and {@code ./tandem perf python}
 * ({@link io.tandem.perf.python.PythonBenchmark}).
 */
package io.tandem.perf.python;
