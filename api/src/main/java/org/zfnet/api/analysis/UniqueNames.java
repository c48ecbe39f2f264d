package org.zfnet.api.analysis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Inputs told apart by name, as a {@link DatasetWork} needs them ({@link DatasetRun#local}): the command line may name
 * two inputs alike (a file given twice, files of one name in two folders), and the repeats then become {@code a.png
 * (2)}, {@code a.png (3)}, ... in input order (the next number free where a name like that is taken).
 */
final class UniqueNames {

    private UniqueNames() {
    }

    static InputSet of(InputSet inputs) {
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            taken.add(inputs.name(i));
        }
        if (taken.size() == inputs.size()) {
            return inputs;
        }
        Set<String> given = new HashSet<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String name = inputs.name(i);
            if (!given.add(name)) {
                int k = 2;
                while (taken.contains(name + " (" + k + ")")) {
                    k++;
                }
                name = name + " (" + k + ")";
                taken.add(name);
                given.add(name);
            }
            names.add(name);
        }
        return inputs.named(names);
    }
}
