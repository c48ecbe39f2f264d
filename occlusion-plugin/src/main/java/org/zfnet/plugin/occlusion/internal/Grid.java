package org.zfnet.plugin.occlusion.internal;

import org.zfnet.api.InvalidInputException;

/**
 * Where the grey square goes: top-left corners {@code y = 0, S, 2S, ...} while {@code y + P <= H}, the same for x,
 * so the grid is {@code floor((H - P) / S) + 1} by {@code floor((W - P) / S) + 1}. Positions are numbered row by row.
 */
record Grid(int patch, int stride, int height, int width, int rows, int cols) {

    static Grid of(int height, int width, int patch, int stride) {
        if (stride < 1) {
            throw new InvalidInputException("stride must be at least 1, got " + stride);
        }
        if (patch < 1 || patch > height || patch > width) {
            throw new InvalidInputException("patch " + patch + " exceeds input " + height + "x" + width);
        }
        return new Grid(patch, stride, height, width, (height - patch) / stride + 1, (width - patch) / stride + 1);
    }

    int positions() {
        return rows * cols;
    }

    int top(int position) {
        return (position / cols) * stride;
    }

    int left(int position) {
        return (position % cols) * stride;
    }
}
