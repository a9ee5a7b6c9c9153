package io.hyperperp.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.bench.BenchResult;
import io.hyperperp.bench.IterationResult;
import io.hyperperp.bench.MachinePauses;
import io.hyperperp.bench.PacedFloor;
import io.hyperperp.bench.PacedLateness;
import io.hyperperp.bench.PacedStalls;
import io.hyperperp.bench.PairedRatios;
import java.util.Locale;

/** Formats a {@link BenchResult} for people and as JSON. */
final class BenchReport {

    private BenchReport() {
    }

    static String human(String workload, BenchResult r) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "workload:   %s, %,d measured commands, %,d warm-up commands%n",
                workload, r.commands(), r.warmupCommands()));
        out.append(r.targetRate() == 0 ? "mode:       flat out (throughput untimed per command; latency = service time from one extra timed pass)%n".formatted()
                : String.format(Locale.ROOT, "mode:       offered rate %,d commands/s (latency from scheduled send time)%n",
                        r.targetRate()));
        for (IterationResult it : r.iterations()) {
            out.append(String.format(Locale.ROOT, "iteration %d: %,.0f commands/s (%.3f s), fills %,d, rejects %,d%n",
                    it.iteration(), it.throughput(), it.elapsedNanos() / 1e9, it.fills(), it.rejects()));
        }
        String counted = r.iterations().size() > 1 ? "iterations 2-" + r.iterations().size() : "iteration 1";
        out.append(String.format(Locale.ROOT, "throughput: %,.0f commands/s (%s)%n", r.throughput(), counted));
        out.append(String.format(Locale.ROOT,
                "latency:    p50 %s  p99 %s  p99.9 %s  p99.99 %s  max %s  (mean %s, %,d samples)%n",
                time(r.p50()), time(r.p99()), time(r.p999()), time(r.p9999()), time(r.max()),
                time(Math.round(r.mean())), r.samples()));
        out.append(String.format(Locale.ROOT, "fills per command: %.4f%n", r.fillsPerCommand()));
        if (r.pinning() != null) {
            out.append("pinned:     ").append(r.pinning()).append(System.lineSeparator());
        }
        MachinePauses p = r.machinePauses();
        if (p != null) {
            out.append(String.format(Locale.ROOT, "machine:    a thread spinning on the clock for %.1f s lost %.2f%% of"
                            + " the time in %,d pauses over 1 µs (%,d over 20 µs, longest %s);%n"
                            + "            no-op commands on the same schedule: p99 %s  p99.99 %s (the floor on this"
                            + " machine)%n",
                    p.nanos() / 1e9, p.lostFraction() * 100, p.over1us(), p.over20us(), time(p.maxNanos()),
                    time(p.noopP99()), time(p.noopP9999())));
        }
        PacedFloor f = r.floor();
        if (f != null) {
            out.append(String.format(Locale.ROOT,
                    "floor:      a no-op engine on the same harness path and schedule, taking turns with the engine: p50 %s"
                            + "  p99 %s  p99.9 %s  p99.99 %s  max %s%n"
                            + "engine / floor: p99 %.2fx  p99.99 %.2fx over all samples; inside the timed windows %d"
                            + " collections (%d ms), JIT %d ms%n",
                    time(f.p50()), time(f.p99()), time(f.p999()), time(f.p9999()), time(f.max()),
                    ratio(r.p99(), f.p99()), ratio(r.p9999(), f.p9999()), f.gcCount(), f.gcMillis(), f.jitMillis()));
        }
        PacedStalls s = r.stalls();
        if (s != null) {
            stalls(out, s);
        }
        return out.toString();
    }

    private static void stalls(StringBuilder out, PacedStalls s) {
        out.append(String.format(Locale.ROOT, "by pair:    engine / floor over each slice pair's own samples (%,d pairs):"
                        + " p99 median %s, p99.99 median %s; p99.99 at most 1.5x in %,d of %,d pairs%n",
                s.pairedP99().pairs(), paired(s.pairedP99()), paired(s.pairedP9999()), s.pairedP9999().atMost1_5(),
                s.pairedP9999().pairs()));
        out.append(String.format(Locale.ROOT, "            the floor's own p99 behind a backlog (over %s late) in %,d of"
                        + " %,d pairs, p99 median %s: how fast each side works off the host's pauses (the engine's mean"
                        + " cost); on time in %,d, p99 median %s: the engine's slowest commands against a clock read%n",
                time(s.lateness().lateNanos()), s.pairedP99FloorBehind().pairs(), s.pairedP99().pairs(), pairedOrNone(s.pairedP99FloorBehind()),
                s.pairedP99FloorOnTime().pairs(), pairedOrNone(s.pairedP99FloorOnTime())));
        out.append(String.format(Locale.ROOT,
                "slices:     %,d per side (%,d commands each, engine and floor alternating);"
                        + " commands that held their loop over %s: engine %,d (longest %s), floor %,d (longest %s)%n",
                s.slicePairs(), s.sliceCommands(), time(s.stallNanos()), s.engineStalls(), time(s.engineLongest()),
                s.floorStalls(), time(s.floorLongest())));
        out.append(s.quietPairs() == 0
                ? String.format(Locale.ROOT, "no stall:   none of %,d slice pairs was free of stalls on both sides%n",
                        s.slicePairs())
                : String.format(Locale.ROOT, "no stall:   %,d of %,d slice pairs had none on either side: engine p99 %s"
                                + "  p99.99 %s, floor p99 %s  p99.99 %s (%.2fx / %.2fx)%n",
                        s.quietPairs(), s.slicePairs(), time(s.engineQuietP99()), time(s.engineQuietP9999()),
                        time(s.floorQuietP99()), time(s.floorQuietP9999()),
                        ratio(s.engineQuietP99(), s.floorQuietP99()), ratio(s.engineQuietP9999(), s.floorQuietP9999())));
        lateness(out, s.lateness());
        out.append(String.format(Locale.ROOT, "engine's own: %,d commands held the loop over %s in every counted iteration",
                s.repeatedSlow(), time(s.slowNanos())));
        for (PacedStalls.SlowCommand c : s.slowest()) {
            out.append(String.format(Locale.ROOT, "; #%,d %s %s-%s", c.index(), c.kind(), time(c.shortest()),
                    time(c.longest())));
        }
        out.append(System.lineSeparator());
    }

    private static void lateness(StringBuilder out, PacedLateness l) {
        PacedLateness.Side e = l.engine();
        PacedLateness.Side f = l.floor();
        out.append(String.format(Locale.ROOT, "on time:    commands with no backlog ahead held the loop: engine p50 %s"
                        + "  p99 %s  p99.9 %s, floor p50 %s  p99 %s  p99.9 %s (p99 %.2fx: the ratio with no backlog)%n",
                time(e.onTimeP50()), time(e.onTimeP99()), time(e.onTimeP999()), time(f.onTimeP50()),
                time(f.onTimeP99()), time(f.onTimeP999()), ratio(e.onTimeP99(), f.onTimeP99())));
        out.append(String.format(Locale.ROOT, "late:       finished over %s after their due time: engine %,d (%.2f%%),"
                        + " floor %,d (%.2f%%); of their latency waiting %.1f%% / %.1f%%, own hold %.0f / %.0f ns mean;"
                        + " %.0f%% / %.0f%% behind a backlog begun by a hold over %s%n",
                time(l.lateNanos()), e.late(), 100 * e.lateShare(), f.late(), 100 * f.lateShare(),
                100 * e.waitedShare(), 100 * f.waitedShare(), e.lateMeanHeld(), f.lateMeanHeld(),
                share(e.lateBehindLongHold(), e.late()), share(f.lateBehindLongHold(), f.late()),
                time(l.longHoldNanos())));
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }

    private static String paired(PairedRatios p) {
        return String.format(Locale.ROOT, "%.2fx (10-90%%: %.2f-%.2fx)", p.median(), p.low(), p.high());
    }

    private static String pairedOrNone(PairedRatios p) {
        return p.pairs() == 0 ? "-" : paired(p);
    }

    private static double ratio(long engine, long floor) {
        return (double) engine / Math.max(1, floor);
    }

    private static String time(long nanos) {
        if (nanos < 10_000) {
            return nanos + " ns";
        }
        if (nanos < 10_000_000) {
            return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    private static ObjectNode percentiles(ObjectNode node, long p50, long p99, long p999, long p9999, long max) {
        node.put("p50", p50);
        node.put("p99", p99);
        node.put("p99_9", p999);
        node.put("p99_99", p9999);
        node.put("max", max);
        return node;
    }

    private static ObjectNode stallsJson(ObjectMapper mapper, PacedStalls s) {
        ObjectNode node = mapper.createObjectNode();
        node.put("slice_commands", s.sliceCommands());
        node.put("slice_pairs", s.slicePairs());
        node.put("stall_ns", s.stallNanos());
        node.put("engine_stalls", s.engineStalls());
        node.put("engine_longest_ns", s.engineLongest());
        node.put("floor_stalls", s.floorStalls());
        node.put("floor_longest_ns", s.floorLongest());
        node.put("quiet_pairs", s.quietPairs());
        node.put("engine_quiet_p99_ns", s.engineQuietP99());
        node.put("engine_quiet_p99_99_ns", s.engineQuietP9999());
        node.put("floor_quiet_p99_ns", s.floorQuietP99());
        node.put("floor_quiet_p99_99_ns", s.floorQuietP9999());
        node.set("paired_p99", pairedJson(mapper, s.pairedP99()));
        node.set("paired_p99_99", pairedJson(mapper, s.pairedP9999()));
        node.set("paired_p99_floor_on_time", pairedJson(mapper, s.pairedP99FloorOnTime()));
        node.set("paired_p99_floor_behind", pairedJson(mapper, s.pairedP99FloorBehind()));
        node.set("lateness", latenessJson(mapper, s.lateness()));
        node.put("slow_ns", s.slowNanos());
        node.put("engine_repeated_slow", s.repeatedSlow());
        ArrayNode slowest = node.putArray("engine_slowest");
        for (PacedStalls.SlowCommand c : s.slowest()) {
            slowest.addObject().put("index", c.index()).put("kind", c.kind()).put("shortest_ns", c.shortest())
                    .put("longest_ns", c.longest());
        }
        return node;
    }

    private static ObjectNode latenessJson(ObjectMapper mapper, PacedLateness l) {
        ObjectNode node = mapper.createObjectNode().put("late_ns", l.lateNanos()).put("long_hold_ns", l.longHoldNanos());
        node.set("engine", sideJson(mapper, l.engine()));
        node.set("floor", sideJson(mapper, l.floor()));
        return node;
    }

    private static ObjectNode sideJson(ObjectMapper mapper, PacedLateness.Side s) {
        return mapper.createObjectNode().put("commands", s.commands()).put("on_time_p50_ns", s.onTimeP50())
                .put("on_time_p99_ns", s.onTimeP99()).put("on_time_p99_9_ns", s.onTimeP999()).put("late", s.late())
                .put("late_waited_ns", s.lateWaitedNanos()).put("late_held_ns", s.lateHeldNanos())
                .put("late_behind_long_hold", s.lateBehindLongHold());
    }

    private static ObjectNode pairedJson(ObjectMapper mapper, PairedRatios p) {
        return mapper.createObjectNode().put("pairs", p.pairs()).put("median", p.median()).put("p10", p.low())
                .put("p90", p.high()).put("at_most_1_5", p.atMost1_5());
    }

    static ObjectNode json(ObjectMapper mapper, String workload, BenchResult r) {
        ObjectNode root = mapper.createObjectNode();
        root.put("workload", workload);
        root.put("commands", r.commands());
        root.put("warmup_commands", r.warmupCommands());
        root.put("target_rate", r.targetRate());
        root.put("throughput", Math.round(r.throughput()));
        ObjectNode latency = percentiles(root.putObject("latency_ns"), r.p50(), r.p99(), r.p999(), r.p9999(), r.max());
        latency.put("mean", Math.round(r.mean()));
        latency.put("samples", r.samples());
        root.put("fills_per_command", r.fillsPerCommand());
        if (r.pinning() != null) {
            root.put("pinned", r.pinning());
        }
        MachinePauses p = r.machinePauses();
        if (p != null) {
            ObjectNode pauses = root.putObject("machine_pauses");
            pauses.put("probe_ns", p.nanos());
            pauses.put("over_1us", p.over1us());
            pauses.put("over_20us", p.over20us());
            pauses.put("lost_ns", p.lostNanos());
            pauses.put("max_ns", p.maxNanos());
            pauses.put("noop_p99_ns", p.noopP99());
            pauses.put("noop_p99_99_ns", p.noopP9999());
        }
        PacedFloor f = r.floor();
        if (f != null) {
            percentiles(root.putObject("floor_ns"), f.p50(), f.p99(), f.p999(), f.p9999(), f.max())
                    .put("samples", f.samples());
            root.put("gc_in_timed_windows", f.gcCount());
            root.put("gc_ms_in_timed_windows", f.gcMillis());
            root.put("jit_ms_in_timed_windows", f.jitMillis());
        }
        PacedStalls s = r.stalls();
        if (s != null) {
            root.set("stalls", stallsJson(mapper, s));
        }
        ArrayNode iterations = root.putArray("iterations");
        for (IterationResult it : r.iterations()) {
            ObjectNode node = iterations.addObject();
            node.put("iteration", it.iteration());
            node.put("throughput", Math.round(it.throughput()));
            node.put("elapsed_ns", it.elapsedNanos());
            node.put("fills", it.fills());
            node.put("rejects", it.rejects());
        }
        return root;
    }
}
