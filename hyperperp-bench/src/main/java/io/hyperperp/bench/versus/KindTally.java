package io.hyperperp.bench.versus;

import io.hyperperp.bench.PacedSides;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Each side's on-time commands (no backlog ahead, as {@code PacedSidesTally} counts them) split by
 * {@link CommandKinds}: per kind, how long its commands held each side's loop (p50, p99), and how many of each side's
 * slowest 1% on-time commands (those over the side's own on-time p99) it holds, and how many of those ran in the first
 * twentieth of their slice, right after the other sides' turns (caches and predictors cooled by them). Also each
 * side's on-time p99 over the commands past that first twentieth: what the p99 would read without the turns' cooling,
 * and per kind the p50 and p99 over its commands past it (the kind's steady state).
 */
final class KindTally {

    private static final long HIGHEST = 10_000_000_000L;
    private static final int GAPS = 7;

    private final List<String> names;
    private final CommandKinds kinds;
    private final Histogram[][] byKind;
    private final Histogram[] onTime;
    private final Histogram[] sliceStart;
    private final Histogram[] pastStart;
    private final Histogram[][] byKindStart;
    private final Histogram[][] byKindPast;
    /** Places past a slice's start by how many commands came since the previous place: 1, 2-3, 4-7, .., 64+. */
    private final Histogram[][] placesByGap;

    KindTally(List<String> names, CommandKinds kinds) {
        this.names = names;
        this.kinds = kinds;
        byKind = new Histogram[names.size()][CommandKinds.KINDS];
        onTime = new Histogram[names.size()];
        sliceStart = new Histogram[names.size()];
        pastStart = new Histogram[names.size()];
        byKindStart = new Histogram[names.size()][CommandKinds.KINDS];
        byKindPast = new Histogram[names.size()][CommandKinds.KINDS];
        placesByGap = new Histogram[names.size()][GAPS];
        for (int s = 0; s < names.size(); s++) {
            onTime[s] = new Histogram(HIGHEST, 3);
            sliceStart[s] = new Histogram(HIGHEST, 3);
            pastStart[s] = new Histogram(HIGHEST, 3);
        }
    }

    /** Adds one counted window (its sides in the order of the names). */
    void add(PacedSides w) {
        int startCommands = Math.max(1, w.sliceCommands() / 20);
        for (int s = 0; s < w.sides(); s++) {
            long[] latencies = w.latencies(s);
            int lastPlace = -1_000_000;
            for (int i = 0; i < w.commands(); i++) {
                boolean place = CommandKinds.isPlace(kinds.kind(i));
                int gap = i - lastPlace;
                if (place) {
                    lastPlace = i;
                }
                long held = w.held(s, i);
                if (latencies[i] - held > 0) {
                    continue;
                }
                long value = Math.min(Math.max(0, held), HIGHEST);
                int kind = kinds.kind(i);
                if (byKind[s][kind] == null) {
                    byKind[s][kind] = new Histogram(HIGHEST, 3);
                }
                byKind[s][kind].recordValue(value);
                onTime[s].recordValue(value);
                if (i % w.sliceCommands() < startCommands) {
                    sliceStart[s].recordValue(value);
                    if (byKindStart[s][kind] == null) {
                        byKindStart[s][kind] = new Histogram(HIGHEST, 3);
                    }
                    byKindStart[s][kind].recordValue(value);
                } else {
                    pastStart[s].recordValue(value);
                    if (byKindPast[s][kind] == null) {
                        byKindPast[s][kind] = new Histogram(HIGHEST, 3);
                    }
                    byKindPast[s][kind].recordValue(value);
                    if (place) {
                        int g = Math.min(GAPS - 1, 31 - Integer.numberOfLeadingZeros(gap));
                        if (placesByGap[s][g] == null) {
                            placesByGap[s][g] = new Histogram(HIGHEST, 3);
                        }
                        placesByGap[s][g].recordValue(value);
                    }
                }
            }
        }
    }

    /** Prints one row per kind that holds at least 0.1% of a side's slowest 1%, sides 1.. (the engines) compared. */
    void print(PrintWriter out) {
        long[] p99 = new long[names.size()];
        long[] slowest = new long[names.size()];
        StringBuilder head = new StringBuilder("on time by kind: each side's slowest 1% (over its on-time p99:");
        for (int s = 0; s < names.size(); s++) {
            p99[s] = onTime[s].getValueAtPercentile(99);
            slowest[s] = above(onTime[s], p99[s]);
            head.append(String.format(Locale.ROOT,
                    " %s %,d ns, %,d commands, %.1f%% in a slice's first 5%%, p99 past the first 5%% %,d ns;",
                    names.get(s), p99[s], slowest[s], 100.0 * above(sliceStart[s], p99[s]) / Math.max(1, slowest[s]),
                    pastStart[s].getValueAtPercentile(99)));
        }
        out.println(head.append(')'));
        List<Integer> shown = new ArrayList<>();
        for (int kind = 0; kind < CommandKinds.KINDS; kind++) {
            for (int s = 1; s < names.size(); s++) {
                if (byKind[s][kind] != null && above(byKind[s][kind], p99[s]) * 1000 >= slowest[s]) {
                    shown.add(kind);
                    break;
                }
            }
        }
        shown.sort(Comparator.comparingLong(kind -> -above(byKind[1][kind], p99[1])));
        for (int kind : shown) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-36s %,11d on time;",
                    CommandKinds.name(kind), byKind[1][kind] == null ? 0 : byKind[1][kind].getTotalCount()));
            for (int s = 1; s < names.size(); s++) {
                Histogram h = byKind[s][kind];
                Histogram past = byKindPast[s][kind];
                row.append(h == null ? String.format(Locale.ROOT, " %s none;", names.get(s))
                        : String.format(Locale.ROOT,
                        " %s p50 %,d p99 %,d ns, %.1f%% of its slowest (%.0f%% of those at a slice's start);"
                                + " past the start p50 %,d p99 %,d ns;",
                        names.get(s), h.getValueAtPercentile(50), h.getValueAtPercentile(99),
                        100.0 * above(h, p99[s]) / Math.max(1, slowest[s]),
                        100.0 * above(byKindStart[s][kind], p99[s]) / Math.max(1, above(h, p99[s])),
                        past == null ? 0 : past.getValueAtPercentile(50),
                        past == null ? 0 : past.getValueAtPercentile(99)));
            }
            out.println(row);
        }
        StringBuilder gaps = new StringBuilder("places past a slice's start by commands since the previous place:");
        for (int g = 0; g < GAPS; g++) {
            Histogram h = placesByGap[names.size() - 1][g];
            if (h != null) {
                gaps.append(String.format(Locale.ROOT, " %d%s: %,d p50 %,d p99 %,d ns;", 1 << g,
                        g == GAPS - 1 ? "+" : g == 0 ? "" : "-" + ((2 << g) - 1), h.getTotalCount(),
                        h.getValueAtPercentile(50), h.getValueAtPercentile(99)));
            }
        }
        out.println(gaps);
    }

    private static long above(Histogram h, long value) {
        if (h == null || h.getMaxValue() <= value) {
            return 0;
        }
        return h.getCountBetweenValues(h.nextNonEquivalentValue(value), h.getMaxValue());
    }
}
