package org.zfnet.api.analysis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Names that become file names: a tap ({@code /layer4/layer4.1/relu_1/Relu}, as ONNX files name nodes), a result's
 * array or figure ({@code conv5-top9}) or a model. The one mapping from such a name to a file name in one folder, used
 * wherever zfnet writes a file per name, so that the same name always gives the same file.
 */
public final class FileNames {

    /** Longest name kept whole: room left for a {@code -N} suffix and an extension within 255 bytes. */
    static final int LONGEST = 120;
    private static final int HASH_DIGITS = 8;

    private FileNames() {
    }

    /**
     * A readable file name (without extension) for {@code name}: leading slashes dropped, every character other than
     * an ASCII letter, digit, {@code .}, {@code _} or {@code -} replaced by {@code _}, a leading dot too (no hidden
     * files, no {@code .} or {@code ..}); empty becomes {@code _}; a name longer than {@value #LONGEST} keeps its start
     * and ends in a hash of the whole. {@code /layer4/layer4.1/relu_1/Relu} becomes
     * {@code layer4_layer4.1_relu_1_Relu}; a name made only of those characters stays as it is.
     */
    public static String safe(String name) {
        StringBuilder b = new StringBuilder(name.length());
        int start = 0;
        while (start < name.length() && name.charAt(start) == '/') {
            start++;
        }
        for (int i = start; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean kept = c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-');
            b.append(kept && !(c == '.' && b.isEmpty()) ? c : '_');
        }
        if (b.isEmpty()) {
            return "_";
        }
        if (b.length() > LONGEST) {
            String hash = String.format(Locale.ROOT, "%08x", name.hashCode());
            return b.substring(0, LONGEST - HASH_DIGITS - 1) + "-" + hash;
        }
        return b.toString();
    }

    /**
     * Distinct file names (without extension) for names that share a folder, by name in the order given: each its
     * {@link #safe} name, except that two names never get one file, even on file systems that ignore case: names that
     * are already safe keep theirs, and a name whose safe form is taken gets the first free {@code -2}, {@code -3}, …
     */
    public static Map<String, String> unique(Collection<String> names) {
        Set<String> distinct = new LinkedHashSet<>(names);
        Set<String> taken = new HashSet<>();
        Map<String, String> chosen = new LinkedHashMap<>();
        List<String> renamed = new ArrayList<>();
        for (String name : distinct) {
            if (safe(name).equals(name) && taken.add(key(name))) {
                chosen.put(name, name);
            } else {
                renamed.add(name);
            }
        }
        for (String name : renamed) {
            String stem = safe(name);
            String file = stem;
            for (int n = 2; !taken.add(key(file)); n++) {
                file = stem + "-" + n;
            }
            chosen.put(name, file);
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        distinct.forEach(name -> ordered.put(name, chosen.get(name)));
        return ordered;
    }

    private static String key(String file) {
        return file.toLowerCase(Locale.ROOT);
    }
}
