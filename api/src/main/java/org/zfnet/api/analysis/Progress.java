package org.zfnet.api.analysis;

import org.osgi.annotation.versioning.ConsumerType;

/** Progress of a long task, shown as a bar on a terminal and as plain lines otherwise. */
@ConsumerType
public interface Progress {

    /** Progress that goes nowhere. */
    Progress NONE = new Progress() {
        @Override
        public void start(String task, long total) {
        }

        @Override
        public void advance(long done) {
        }
    };

    /** A task of {@code total} units begins. */
    void start(String task, long total);

    /** {@code done} more units of the current task are finished. */
    void advance(long done);
}
