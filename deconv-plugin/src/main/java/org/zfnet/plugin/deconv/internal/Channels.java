package org.zfnet.plugin.deconv.internal;

import java.util.ArrayList;
import java.util.List;
import org.zfnet.api.InvalidInputException;

/** {@code --channels}: {@code all}, a range {@code 0-15}, a list {@code 3,5,7}, or a mix {@code 0-3,9}. */
final class Channels {

    private Channels() {
    }

    static List<Integer> parse(String text, int available) {
        List<Integer> channels = new ArrayList<>();
        if (text.trim().equals("all")) {
            for (int c = 0; c < available; c++) {
                channels.add(c);
            }
            return channels;
        }
        for (String part : text.split(",")) {
            String p = part.trim();
            try {
                if (p.contains("-")) {
                    String[] ends = p.split("-", 2);
                    int from = Integer.parseInt(ends[0].trim());
                    int to = Integer.parseInt(ends[1].trim());
                    for (int c = from; c <= to; c++) {
                        channels.add(c);
                    }
                } else {
                    channels.add(Integer.parseInt(p));
                }
            } catch (NumberFormatException e) {
                throw new InvalidInputException("--channels expects all, a range like 0-15 or a list like 3,5,7; got '"
                        + text + "'");
            }
        }
        for (int c : channels) {
            if (c < 0 || c >= available) {
                throw new InvalidInputException("channel " + c + " does not exist (0 to " + (available - 1) + ")");
            }
        }
        if (channels.isEmpty()) {
            throw new InvalidInputException("--channels names no channel");
        }
        return channels;
    }
}
