package org.zfnet.plugin.occlusion.internal;

import java.util.Optional;
import org.zfnet.api.model.ForwardTrace;

/**
 * Occlusion maps equal to running the whole network per square position: incrementally where every layer a square can
 * change partly can be computed from crops ({@link IncrementalOcclusion}), else the whole network per position
 * ({@link NaiveOcclusion}), saying why.
 */
interface ExactOcclusion {

    /** Fills {@code maps} at the given positions, calling {@code step} once per position done. */
    void run(int[] positions, Maps maps, Runnable step);

    /** Multiply-adds spent so far. */
    long macs();

    /** Multiply-adds of running the whole network once per position. */
    long naiveMacs(int positions);

    /** Why the whole network runs per position, when it does. */
    Optional<String> naiveBecause();

    /** {@code unoccluded}: the forward trace of the image. */
    static ExactOcclusion of(Setup setup, ForwardTrace unoccluded) {
        Plan plan = Plan.of(setup.network(), unoccluded);
        return plan.unsupported().isPresent() ? naive(setup, plan) : new IncrementalOcclusion(setup, unoccluded);
    }

    private static ExactOcclusion naive(Setup setup, Plan plan) {
        return new ExactOcclusion() {
            private long macs;

            @Override
            public void run(int[] positions, Maps maps, Runnable step) {
                NaiveOcclusion.run(setup, positions, maps, step);
                macs += plan.naiveMacs(positions.length);
            }

            @Override
            public long macs() {
                return macs;
            }

            @Override
            public long naiveMacs(int positions) {
                return plan.naiveMacs(positions);
            }

            @Override
            public Optional<String> naiveBecause() {
                return plan.unsupported();
            }
        };
    }
}
