package org.zfnet.cli.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code zfnet networks}: the networks the container keeps loaded between runs, with what the cache has done. Of use
 * in the shell ({@code zfnet:networks}), where runs share networks; a one-off command starts with none.
 */
@Command(name = "networks",
        description = {"List the networks the container keeps loaded for later runs: model, weights, size, runs "
                + "holding it now, runs it served from memory.", "Then the totals: networks loaded, served from "
                + "memory, closed to stay within the budget (half of the memory ND4J may use)."})
final class NetworksCommand implements Callable<Integer> {

    private final Session session;

    NetworksCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        NetworkCache cache = session.networks();
        List<NetworkCache.Row> entries = cache.entries();
        if (!entries.isEmpty()) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"MODEL", "MB", "IN USE", "HITS", "WEIGHTS"});
            for (NetworkCache.Row r : entries) {
                rows.add(new String[] {r.network().spec().name(), megabytes(r.bytes()), Integer.toString(r.leases()),
                    Long.toString(r.hits()), r.network().weightsSource() + (r.stale() ? " (changed on disk)" : "")});
            }
            Session.table(rows).forEach(session.out::println);
        }
        NetworkCache.Counts c = cache.counts();
        session.out.printf(Locale.ROOT, "%d network(s) loaded, %s MB of a %s MB budget; %d load(s), %d hit(s), "
                + "%d eviction(s)%n", entries.size(), megabytes(c.bytes()), megabytes(c.budget()), c.loads(), c.hits(),
                c.evictions());
        return 0;
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1e6);
    }
}
