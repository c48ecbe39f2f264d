package org.zfnet.cli.internal;

import java.io.PrintWriter;

/**
 * Progress of long work on standard error: one line rewritten in place on a terminal, plain lines at most
 * every few seconds otherwise (logs, pipes), and always the last state.
 */
final class ProgressPrinter {

    private static final long PLAIN_INTERVAL_NANOS = 5_000_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private long lastPlain;
    private int lastLength;

    ProgressPrinter(PrintWriter err) {
        this.err = err;
        this.terminal = System.console() != null;
    }

    /** Shows {@code status}; with {@code force} a plain line is printed even within the interval. */
    void show(String status, boolean force) {
        if (terminal) {
            String padded = status.length() < lastLength ? status + " ".repeat(lastLength - status.length()) : status;
            err.print("\r" + padded);
            err.flush();
            lastLength = status.length();
            return;
        }
        long now = System.nanoTime();
        if (force || now - lastPlain >= PLAIN_INTERVAL_NANOS) {
            err.println(status);
            lastPlain = now;
        }
    }

    /** Ends the in-place line and prints a line that stays. */
    void line(String text) {
        if (terminal && lastLength > 0) {
            err.print("\r" + " ".repeat(lastLength) + "\r");
            lastLength = 0;
        }
        err.println(text);
    }

    /** A bar like {@code [#####.....] 50%}. */
    static String bar(long done, long total) {
        int width = 20;
        int filled = total <= 0 ? 0 : (int) Math.min(width, done * width / total);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "] "
                + (total <= 0 ? 0 : done * 100 / total) + "%";
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
