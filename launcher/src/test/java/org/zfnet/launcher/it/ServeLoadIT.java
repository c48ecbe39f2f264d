package org.zfnet.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code zfnet serve} under load: {@value #CLIENTS} clients at once ({@link ServeLoad}: projections and occluder
 * positions across more images than the server keeps forward passes of) for {@code zfnet.serve.load.seconds} (15 by
 * default; bench/serve-load.sh runs a minute and prints the figures). Every answer is a 200 or the documented busy
 * answer, every client is served, and the server's resident memory after a second round is what it was after the
 * first, within {@value #GROWTH_MIB} MiB: what a request holds is freed, and what is kept stays within its caps. The
 * server runs with its heap and ND4J's off-heap memory bounded ({@link #LIMITS}): under the JVM's defaults (a quarter
 * of the machine's memory each) it lets garbage grow for minutes before collecting, which would hide a leak here.
 */
class ServeLoadIT {

    static final int CLIENTS = 20;
    /** What the second round may add to the resident memory: far less than one leaked forward pass per request. */
    static final int GROWTH_MIB = 256;

    /** The server's JVM options: limits far above what zfnet-mini's server keeps, far below the defaults. */
    static final String LIMITS = "-Xmx512m -Dorg.bytedeco.javacpp.maxbytes=1g";

    private static ServeIT.Server server;

    @BeforeAll
    static void start() throws Exception {
        server = ServeIT.serve(Map.of("ZFNET_JAVA_OPTS", LIMITS), "--port", "0");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null && server.process().isAlive()) {
            server.stop();
        }
    }

    @Test
    void twentyClientsAreServedAndMemoryStaysWithinTheCaps() throws Exception {
        double seconds = Double.parseDouble(System.getProperty("zfnet.serve.load.seconds", "15"));
        ServeLoad.Summary first = ServeLoad.run(server.address(), server.token(), CLIENTS, seconds / 3);
        long afterFirst = residentMib();
        ServeLoad.Summary second = ServeLoad.run(server.address(), server.token(), CLIENTS, seconds * 2 / 3);
        long afterSecond = residentMib();
        System.out.println("ServeLoadIT: " + first + "; then " + second + "; resident " + afterFirst + " MiB, then "
                + afterSecond + " MiB");
        for (ServeLoad.Summary s : new ServeLoad.Summary[] {first, second}) {
            assertEquals(0, s.failures(), s.toString());
            assertTrue(s.okPerClient() > 0, "a client got only busy answers: " + s);
        }
        assertTrue(afterSecond <= afterFirst + GROWTH_MIB, "resident memory grew from " + afterFirst + " MiB to "
                + afterSecond + " MiB over the second round");
        assertEquals(200, server.get("api/model").statusCode(), "the server stopped serving");
    }

    /** The server's resident set (bin/zfnet execs the JVM: the process is the server). */
    private static long residentMib() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(server.process().pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        throw new AssertionError("no VmRSS in /proc/" + server.process().pid() + "/status");
    }
}
