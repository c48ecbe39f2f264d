package org.zfnet.launcher.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Concurrent clients of a running {@code zfnet serve}, each asking, as fast as answers come, for what a user clicking
 * around asks most: a conv5 channel's projection (JSON, then the PNG) and occluder positions, on the sample images in
 * turn (more images than the server keeps forward passes of). Every answer is a success (200), the documented busy
 * answer (503, one line {@code server busy, N requests queued}) or a failure. JDK only, so that bench/serve-load.sh
 * runs it from the test classes: {@code java -cp launcher/target/test-classes org.zfnet.launcher.it.ServeLoad URL
 * SECONDS CLIENTS}.
 */
final class ServeLoad {

    /** The busy answer, as {@code RequestGate} words it. */
    static final Pattern BUSY = Pattern.compile("server busy, \\d+ requests queued\n");
    private static final Pattern SAMPLE = Pattern.compile("\"id\":\"(s\\d+)\"");
    private static final Pattern CONV5 = Pattern.compile("\"name\":\"conv5\",\"shape\":\\[(\\d+),(\\d+),(\\d+)\\]");
    private static final Pattern SIDE = Pattern.compile("\"input\":\\[3,(\\d+),");

    /**
     * What the clients got.
     *
     * @param ok            answers 200
     * @param busy          documented 503 answers
     * @param failures      every other answer or error, a few of them in {@code examples}
     * @param okPerClient   the fewest successes one client had
     * @param p50           median latency of all answers, ms
     * @param p95           95th percentile, ms
     * @param seconds       how long the clients ran
     */
    record Summary(long ok, long busy, long failures, List<String> examples, long okPerClient, double p50, double p95,
            double seconds) {

        double perSecond() {
            return (ok + busy + failures) / seconds;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d requests in %.0f s: %.1f requests/s, latency p50 %.0f ms, p95 %.0f ms;"
                    + " %d ok, %d busy (503), %d failed%s", ok + busy + failures, seconds, perSecond(), p50, p95, ok,
                    busy, failures, examples.isEmpty() ? "" : " " + examples);
        }
    }

    private ServeLoad() {
    }

    /** Runs {@code clients} clients against {@code address} (ending in /) for {@code seconds}. */
    static Summary run(URI address, String token, int clients, double seconds) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        String suffix = token.isEmpty() ? "" : "&token=" + token;
        String images = get(http, address.resolve("api/images" + (token.isEmpty() ? "" : "?token=" + token)));
        String model = get(http, address.resolve("api/model" + (token.isEmpty() ? "" : "?token=" + token)));
        List<String> samples = new ArrayList<>();
        for (Matcher m = SAMPLE.matcher(images); m.find();) {
            samples.add(m.group(1));
        }
        Matcher conv5 = CONV5.matcher(model);
        Matcher side = SIDE.matcher(model);
        if (samples.isEmpty() || !conv5.find() || !side.find()) {
            throw new IllegalStateException("no samples or no conv5 in " + images + " " + model);
        }
        int channels = Integer.parseInt(conv5.group(1));
        int input = Integer.parseInt(side.group(1));
        int size = input * 48 / 224;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<long[]>> counts = new ArrayList<>();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        List<String> examples = Collections.synchronizedList(new ArrayList<>());
        for (int c = 0; c < clients; c++) {
            Random random = new Random(c);
            int client = c;
            counts.add(pool.submit(() -> {
                long[] n = new long[3];
                for (int i = 0; System.nanoTime() < end; i++) {
                    String image = samples.get((client + i / 8) % samples.size());
                    String path = switch (i % 4) {
                        case 0 -> "api/projection?image=" + image + "&tap=conv5&channel=" + random.nextInt(channels);
                        case 1 -> "api/projection.png?image=" + image + "&tap=conv5&channel=" + random.nextInt(channels);
                        default -> "api/occlusion?image=" + image + "&tap=conv5&channel=" + random.nextInt(channels)
                                + "&x=" + random.nextInt(input - size) + "&y=" + random.nextInt(input - size)
                                + "&size=" + size;
                    };
                    long t = System.nanoTime();
                    int kind;
                    try {
                        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(address.resolve(path + suffix))
                                .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofByteArray());
                        String body = r.statusCode() == 200 ? "" : new String(r.body(), StandardCharsets.UTF_8);
                        kind = r.statusCode() == 200 ? 0 : r.statusCode() == 503 && BUSY.matcher(body).matches() ? 1 : 2;
                        if (kind == 2) {
                            note(examples, r.statusCode() + " " + path + ": " + body.strip());
                        }
                    } catch (java.io.IOException e) {
                        kind = 2;
                        note(examples, path + ": " + e);
                    }
                    latencies.add((System.nanoTime() - t) / 1e6);
                    n[kind]++;
                }
                return n;
            }));
        }
        long ok = 0;
        long busy = 0;
        long failed = 0;
        long fewest = Long.MAX_VALUE;
        for (Future<long[]> f : counts) {
            long[] n = f.get();
            ok += n[0];
            busy += n[1];
            failed += n[2];
            fewest = Math.min(fewest, n[0]);
        }
        pool.shutdown();
        double elapsed = (System.nanoTime() - start) / 1e9;
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Summary(ok, busy, failed, List.copyOf(examples), fewest, percentile(sorted, 0.5),
                percentile(sorted, 0.95), elapsed);
    }

    private static void note(List<String> examples, String what) {
        synchronized (examples) {
            if (examples.size() < 3) {
                examples.add(what);
            }
        }
    }

    private static double percentile(List<Double> sorted, double q) {
        return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
    }

    private static String get(HttpClient http, URI uri) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(uri + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** {@code URL SECONDS CLIENTS [TOKEN]}: runs the clients and prints the summary. */
    public static void main(String[] args) throws Exception {
        Summary s = run(URI.create(args[0]), args.length > 3 ? args[3] : "", Integer.parseInt(args[2]),
                Double.parseDouble(args[1]));
        System.out.println(s);
        System.exit(s.failures() == 0 ? 0 : 1);
    }
}
