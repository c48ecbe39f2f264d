package org.zfnet.cli.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.analysis.DemoRun;
import org.zfnet.data.ProceduralDataset;

/**
 * The images of {@code zfnet demo}'s runs ({@link DemoRun#inputs()}): the procedural samples it renders, one folder
 * per class with part annotations, or the user's own images ({@code --input}). On one's own images a run of "every
 * image" takes them all, a run of "one image per class" the first {@link #SINGLE}, and a run of one sample class
 * (which needs the samples' annotations) cannot run.
 */
final class DemoInputs {

    /**
     * How many of the user's images a run of one image per class takes (each image is a row of figures in the
     * report, and occlusion of a 224x224 image takes seconds): as many as the sample classes.
     */
    static final int SINGLE = 6;

    /** The samples' split folder (one sub-folder per class), or null for the user's images. */
    private final Path split;
    /** The user's paths as given, and the images in them. */
    private final List<Path> given;
    private final List<Path> images;

    private DemoInputs(Path split, List<Path> given, List<Path> images) {
        this.split = split;
        this.given = given;
        this.images = images;
    }

    /** The rendered samples of {@code split} ({@code samples/val}). */
    static DemoInputs samples(Path split) {
        return new DemoInputs(split, List.of(), List.of());
    }

    /** The user's images and folders of them, checked before any work (see {@link FileInputs#expand}). */
    static DemoInputs own(List<Path> given) {
        List<Path> images = new ArrayList<>();
        given.forEach(p -> images.addAll(FileInputs.expand(p)));
        return new DemoInputs(null, List.copyOf(given), List.copyOf(images));
    }

    boolean isOwn() {
        return split == null;
    }

    /** How many of the user's images there are. */
    int size() {
        return images.size();
    }

    /** Why {@code run} cannot run on these images, or empty when it can. */
    Optional<String> unavailable(DemoRun run) {
        if (!isOwn() || List.of(DemoRun.NONE, DemoRun.ALL, DemoRun.ONE_PER_CLASS).contains(run.inputs())) {
            return Optional.empty();
        }
        return Optional.of("it needs the procedural sample images of class '" + run.inputs() + "' with their object "
                + "and part annotations, which --input images do not have; run zfnet demo without --input for it");
    }

    /** The images {@code run} asked for. */
    List<Path> of(DemoRun run) {
        String selection = run.inputs();
        if (selection.equals(DemoRun.NONE)) {
            return List.of();
        }
        if (isOwn()) {
            if (unavailable(run).isPresent()) {
                throw new IllegalStateException(run.title() + ": " + unavailable(run).get());
            }
            return selection.equals(DemoRun.ALL) ? given : images.subList(0, Math.min(SINGLE, images.size()));
        }
        return switch (selection) {
            case DemoRun.ALL -> List.of(split);
            case DemoRun.ONE_PER_CLASS -> ProceduralDataset.CLASSES.stream()
                    .map(c -> split.resolve(c).resolve(String.format(Locale.ROOT, "%s_%05d.png", c, 0))).toList();
            default -> {
                if (!ProceduralDataset.CLASSES.contains(selection)) {
                    throw new InvalidInputException("the demo has no sample class '" + selection + "' (classes: "
                            + String.join(", ", ProceduralDataset.CLASSES) + ")");
                }
                yield List.of(split.resolve(selection));
            }
        };
    }
}
