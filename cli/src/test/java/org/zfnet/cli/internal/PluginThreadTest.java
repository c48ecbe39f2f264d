package org.zfnet.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.ZfnetException;
import org.zfnet.api.analysis.AnalysisCancelledException;

class PluginThreadTest {

    private static final String PLUGIN = "plugin test (org.example.test)";

    @Test
    void returnsWhatTheRunReturnsFromAThreadOfItsOwn() {
        Thread caller = Thread.currentThread();
        Thread ran = PluginThread.call(PLUGIN, Timeout.NONE, () -> { }, Thread::currentThread);
        assertNotEquals(caller, ran);
    }

    @Test
    void aRunPastItsLimitIsCancelledInterruptedAndReported() {
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicBoolean sawInterrupt = new AtomicBoolean();
        long start = System.nanoTime();
        ZfnetException e = assertThrows(ZfnetException.class, () -> PluginThread.call(PLUGIN, Timeout.parse("200ms"),
                () -> cancelled.set(true), () -> {
                    while (!cancelled.get()) {
                        Thread.onSpinWait();
                    }
                    sawInterrupt.set(Thread.currentThread().isInterrupted() || waitForInterrupt());
                    return "late";
                }));
        assertEquals(PLUGIN + " exceeded --timeout 200ms", e.getMessage());
        assertTrue(cancelled.get());
        assertTrue(sawInterrupt.get());
        assertTrue((System.nanoTime() - start) / 1e6 < 200 + PluginThread.GRACE_MS);
    }

    private static boolean waitForInterrupt() {
        try {
            Thread.sleep(PluginThread.GRACE_MS);
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    @Test
    void anInterruptedCallerCancelsTheRunAndWaitsForItToEnd() throws Exception {
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicBoolean ended = new AtomicBoolean();
        AtomicBoolean endedBeforeReturn = new AtomicBoolean();
        List<String> messages = new ArrayList<>();
        Thread caller = new Thread(() -> {
            try {
                PluginThread.call(PLUGIN, Timeout.NONE, () -> cancelled.set(true), () -> {
                    while (!cancelled.get()) {
                        Thread.onSpinWait();
                    }
                    long cleanUp = System.nanoTime() + 200_000_000L; // the plugin cleans up for 200 ms
                    while (System.nanoTime() < cleanUp) {
                        Thread.onSpinWait();
                    }
                    ended.set(true);
                    throw new AnalysisCancelledException();
                });
            } catch (ZfnetException e) {
                endedBeforeReturn.set(ended.get());
                messages.add(e.getMessage());
            }
        });
        caller.start();
        Thread.sleep(100);
        caller.interrupt();
        caller.join();
        assertEquals(List.of(PLUGIN + " was interrupted"), messages);
        assertTrue(cancelled.get());
        assertTrue(endedBeforeReturn.get(), "the caller returned before the cancelled run ended");
    }

    @Test
    void aRunThatIgnoresCancellationIsReportedAsStillRunning() {
        AtomicBoolean stop = new AtomicBoolean();
        try {
            ZfnetException e = assertThrows(ZfnetException.class, () -> PluginThread.call(PLUGIN,
                    Timeout.parse("100ms"), () -> { }, () -> {
                        while (!stop.get()) {
                            Thread.onSpinWait();
                        }
                        return null;
                    }));
            assertEquals(PLUGIN + " exceeded --timeout 100ms and still runs; it does not check isCancelled()",
                    e.getMessage());
        } finally {
            stop.set(true);
        }
    }

    @Test
    void anExceptionIsOneLineWithThePluginAndKeepsItsCause() {
        IllegalStateException boom = new IllegalStateException("boom");
        ZfnetException e = assertThrows(ZfnetException.class, () -> PluginThread.call(PLUGIN, Timeout.NONE, () -> { },
                () -> {
                    throw boom;
                }));
        assertEquals(PLUGIN + " failed: java.lang.IllegalStateException: boom", e.getMessage());
        assertSame(boom, e.getCause());
    }

    @Test
    void aRunThatStopsWithTheStandardExceptionAtItsLimitIsTheTimeLimitNotAFailure() {
        AtomicBoolean cancelled = new AtomicBoolean();
        long start = System.nanoTime();
        ZfnetException e = assertThrows(ZfnetException.class, () -> PluginThread.call(PLUGIN, Timeout.parse("100ms"),
                () -> cancelled.set(true), () -> {
                    while (true) {
                        if (cancelled.get()) {
                            throw new AnalysisCancelledException();
                        }
                        Thread.onSpinWait();
                    }
                }));
        assertEquals(PLUGIN + " exceeded --timeout 100ms", e.getMessage());
        assertTrue((System.nanoTime() - start) / 1e6 < 100 + PluginThread.GRACE_MS, "it stopped within the grace");
    }

    @Test
    void aRunCancelledWithoutALimitIsReportedAsCancelledNotAsFailed() {
        ZfnetException e = assertThrows(ZfnetException.class, () -> PluginThread.call(PLUGIN, Timeout.NONE, () -> { },
                () -> {
                    throw new AnalysisCancelledException();
                }));
        assertEquals(PLUGIN + " was cancelled", e.getMessage());
    }

    @Test
    void badInputFromThePluginStaysBadInput() {
        InvalidInputException bad = new InvalidInputException("--layer 9 is past conv5");
        assertSame(bad, assertThrows(InvalidInputException.class, () -> PluginThread.call(PLUGIN, Timeout.NONE,
                () -> { }, () -> {
                    throw bad;
                })));
    }

    @Test
    void runningOutOfMemoryIsReportedAndTheNextRunWorks() {
        ZfnetException e = assertThrows(ZfnetException.class, () -> PluginThread.call(PLUGIN, Timeout.NONE, () -> { },
                () -> {
                    List<long[]> hoard = new ArrayList<>();
                    while (true) {
                        hoard.add(new long[Integer.MAX_VALUE - 8]);
                    }
                }));
        assertTrue(e.getMessage().startsWith(PLUGIN + " ran out of memory ("), e.getMessage());
        assertTrue(e.getCause() instanceof OutOfMemoryError);
        assertEquals(42, PluginThread.call(PLUGIN, Timeout.NONE, () -> { }, () -> 42));
    }

    @Test
    void overflowingTheStackIsReported() {
        ZfnetException e = assertThrows(ZfnetException.class, () -> PluginThread.call(PLUGIN, Timeout.NONE, () -> { },
                () -> depth(0)));
        assertEquals(PLUGIN + " overflowed its stack (java.lang.StackOverflowError)", e.getMessage());
    }

    private static int depth(int n) {
        return depth(n + 1) + 1;
    }
}
