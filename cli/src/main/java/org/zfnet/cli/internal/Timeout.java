package org.zfnet.cli.internal;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.zfnet.api.InvalidInputException;

/**
 * A {@code --timeout} as given: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or {@code 0} for none.
 *
 * @param limit how long a plugin run may take; {@link Duration#ZERO} for no limit
 * @param text  the value as the user wrote it, for messages
 */
record Timeout(Duration limit, String text) {

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    static final Timeout NONE = new Timeout(Duration.ZERO, "0");

    /** Reads a duration; fails naming the value when it is not one. */
    static Timeout parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.equals("0")) {
            return NONE;
        }
        Matcher m = FORMAT.matcher(t);
        if (!m.matches()) {
            throw new InvalidInputException("--timeout must be a duration such as 500ms, 30s, 5m, 1h, or 0 for none; got '"
                    + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        Duration limit = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        return limit.isZero() ? NONE : new Timeout(limit, t);
    }

    boolean limited() {
        return !limit.isZero();
    }
}
