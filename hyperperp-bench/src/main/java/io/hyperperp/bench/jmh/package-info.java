/**
 * JMH micro-benchmarks of the matching engine. Build with {@code mvn package} and run
 * {@code java -jar hyperperp-bench/target/benchmarks.jar} (add {@code -prof gc} to see allocation).
 */
package io.hyperperp.bench.jmh;
