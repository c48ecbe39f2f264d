package org.zfnet.plugin.occlusion.internal;

import java.util.Optional;
import org.zfnet.api.dto.ObjectAnnotation;

/**
 * One input's occlusion, everything its report needs: the unoccluded target class and probability, the watched
 * channel, the {@link Maps} over the grid, what the exact method cost and why it ran naively (if it did), the fast
 * mode's estimate (empty in the other modes), the input's ground truth where it has one, and the seconds it took.
 * About 20 bytes per grid position (ZFNet 48/8: 529 positions, 11 KB).
 */
record Occluded(int target, float probability, int channel, Maps maps, long macs, long naiveMacs,
        Optional<String> naiveBecause, Optional<FastOcclusion.Estimate> estimate, Optional<ObjectAnnotation> annotation,
        double seconds) {

    /** The grid position of the square that lowers the target's probability most (by its log; the first on ties). */
    int lowest() {
        double[] log = maps.logProbability();
        int lowest = 0;
        for (int p = 1; p < log.length; p++) {
            if (log[p] < log[lowest]) {
                lowest = p;
            }
        }
        return lowest;
    }
}
