package io.hyperperp.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code MarginBench ROUNDS forked FORKS [shared]}: the cross / none ratio with each mode in JVMs of
 * its own, as a server running one configuration compiles it, measured in one invocation. Child JVMs
 * run in turns (cross, none, cross, none, ...), so the machine's drift falls on both modes alike; each
 * warms up and measures {@code ROUNDS} rounds of its own. With {@code shared}, a third child after
 * each pair runs both modes in one JVM (the plain {@code MarginBench} comparison), so that the two
 * ways are compared in the same run.
 */
final class MarginBenchForks {

    /**
     * A fork's medians per thread-CPU second and per wall-clock second, in M/s, and its memory probe
     * after the rounds, in ns a load ({@link SlowMode}).
     */
    private record Fork(double cpu, double wall, double probe) {

        boolean slow() {
            return SlowMode.slowProbe(probe);
        }
    }

    private static final Pattern ONE_MODE = Pattern.compile(
            "per CPU second of the thread ([0-9.]+) M/s .*; wall ([0-9.]+) M/s; memory probe ([0-9.]+) ns");
    private static final Pattern BOTH_MODES = Pattern.compile(
            "none ([0-9.]+) M/s, cross ([0-9.]+) M/s; wall none ([0-9.]+) M/s, cross ([0-9.]+) M/s;"
                    + " memory probe ([0-9.]+) ns");

    /**
     * Unrecorded rounds each child runs first: a fork starts with a cold JIT, and its first rounds run
     * partly interpreted (16 rounds after two measured 9.6 M/s where 28 after two measured 10.9).
     */
    static final int WARMUPS = 40;

    private MarginBenchForks() {
    }

    static void run(int rounds, int forks, boolean shared) {
        List<Fork> cross = new ArrayList<>();
        List<Fork> none = new ArrayList<>();
        List<Fork> sharedCross = new ArrayList<>();
        List<Fork> sharedNone = new ArrayList<>();
        for (int f = 0; f < forks; f++) {
            cross.add(oneMode(child(rounds, "cross-only")));
            none.add(oneMode(child(rounds, "none-only")));
            System.out.printf("pair %d: cross %.2f / none %.2f M/s per CPU second, ratio %.3f;"
                    + " wall %.2f / %.2f, ratio %.3f; probes %.2f / %.2f ns%s%n", f + 1, cross.get(f).cpu(),
                    none.get(f).cpu(), cross.get(f).cpu() / none.get(f).cpu(), cross.get(f).wall(), none.get(f).wall(),
                    cross.get(f).wall() / none.get(f).wall(), cross.get(f).probe(), none.get(f).probe(),
                    slowMark(cross.get(f), none.get(f)));
            if (shared) {
                Matcher m = match(BOTH_MODES, child(rounds, "mixed-only"));
                double probe = Double.parseDouble(m.group(5));
                sharedNone.add(new Fork(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(3)), probe));
                sharedCross.add(new Fork(Double.parseDouble(m.group(2)), Double.parseDouble(m.group(4)), probe));
                System.out.printf("  one JVM %d: cross %.2f / none %.2f M/s per CPU second, ratio %.3f;"
                        + " wall %.2f / %.2f, ratio %.3f; probe %.2f ns%s%n", f + 1, sharedCross.get(f).cpu(),
                        sharedNone.get(f).cpu(), sharedCross.get(f).cpu() / sharedNone.get(f).cpu(),
                        sharedCross.get(f).wall(), sharedNone.get(f).wall(),
                        sharedCross.get(f).wall() / sharedNone.get(f).wall(), probe,
                        slowMark(sharedCross.get(f), sharedNone.get(f)));
            }
        }
        summary("forked", forks, cross, none);
        if (shared) {
            summary("one JVM", forks, sharedCross, sharedNone);
        }
    }

    private static void summary(String label, int forks, List<Fork> cross, List<Fork> none) {
        double crossCpu = median(cross, true);
        double noneCpu = median(none, true);
        double crossWall = median(cross, false);
        double noneWall = median(none, false);
        System.out.printf("%s (medians of %d forks per mode): per CPU second cross %.2f M/s, none %.2f M/s,"
                + " ratio %.3f; wall cross %.2f M/s, none %.2f M/s, ratio %.3f%n", label, forks, crossCpu, noneCpu,
                crossCpu / noneCpu, crossWall, noneWall, crossWall / noneWall);
        // the headline above stays the median over every fork; this names what the slow ones did to it
        List<Fork> fastCross = cross.stream().filter(f -> !f.slow()).toList();
        List<Fork> fastNone = none.stream().filter(f -> !f.slow()).toList();
        if (fastCross.size() < cross.size() || fastNone.size() < none.size()) {
            double fastCrossCpu = median(fastCross, true);
            double fastNoneCpu = median(fastNone, true);
            System.out.printf("  in the slow mode: %d of %d cross forks, %d of %d none forks (memory probe above %.1f"
                    + " ns); over the others cross %.2f M/s, none %.2f M/s, ratio %.3f%n",
                    cross.size() - fastCross.size(), cross.size(), none.size() - fastNone.size(), none.size(),
                    SlowMode.PROBE_SLOW_NANOS, fastCrossCpu, fastNoneCpu, fastCrossCpu / fastNoneCpu);
        }
    }

    /** A mark after a pair with a fork in the slow mode, else nothing. */
    private static String slowMark(Fork cross, Fork none) {
        if (cross.slow() || none.slow()) {
            return cross.slow() && none.slow() ? " [both forks in the SLOW MODE]"
                    : cross.slow() ? " [cross fork in the SLOW MODE]" : " [none fork in the SLOW MODE]";
        }
        return "";
    }

    private static double median(List<Fork> forks, boolean cpu) {
        if (forks.isEmpty()) {
            return Double.NaN;
        }
        return MarginBench.median(forks.stream().mapToDouble(f -> cpu ? f.cpu() : f.wall()).toArray());
    }

    private static Fork oneMode(String line) {
        Matcher m = match(ONE_MODE, line);
        return new Fork(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)));
    }

    private static Matcher match(Pattern pattern, String line) {
        Matcher m = pattern.matcher(line);
        if (!m.find()) {
            throw new IllegalStateException("unexpected output of a fork: " + line);
        }
        return m;
    }

    /** Runs {@code MarginBench ROUNDS MODE} in a new JVM with this JVM's flags; its last line of output. */
    private static String child(int rounds, String mode) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // a recording of the parent's would be overwritten by each child's
            if (!flag.startsWith("-XX:StartFlightRecording") && !flag.startsWith("-agent")) {
                command.add(flag);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MarginBench.class.getName(),
                Integer.toString(rounds), mode, Integer.toString(WARMUPS)));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String last = "";
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    last = line;
                }
            }
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException("a fork (" + mode + ") exited with " + exit + ": " + last);
            }
            return last;
        } catch (IOException e) {
            throw new IllegalStateException("could not start a fork", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a fork ran", e);
        }
    }
}
