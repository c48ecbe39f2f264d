package org.zfnet.cli.internal;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.zfnet.api.InvalidInputException;
import org.zfnet.formats.FileErrors;
import org.zfnet.formats.FormatException;

/**
 * {@code --labels FILE}: class names, one a line in class order (UTF-8), as the model's labels.
 * Whitespace around a name and blank lines are dropped; there must be as many names as the model has outputs.
 */
final class LabelsFile {

    private LabelsFile() {
    }

    /** The names of {@code file}, checked against the {@code outputs} of {@code model}. */
    static List<String> read(Path file, int outputs, String model) {
        List<String> names;
        try {
            FileErrors.requireRegularFile(file);
            names = Files.readAllLines(file).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        } catch (FormatException e) {
            throw new InvalidInputException("--labels " + e.getMessage());
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("--labels " + file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new InvalidInputException("--labels " + file + ": cannot read: " + FileErrors.reason(e, file));
        }
        if (names.size() != outputs) {
            throw new InvalidInputException("--labels " + file + ": " + names.size() + " class names for model " + model
                    + "'s " + outputs + " outputs (one name a line)");
        }
        return names;
    }
}
