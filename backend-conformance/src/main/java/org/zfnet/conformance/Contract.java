package org.zfnet.conformance;

import java.util.function.Function;
import org.zfnet.api.backend.ComputeBackend;

/**
 * One case of a kernel's contract.
 *
 * @param kernel the {@link ComputeBackend} method it holds to
 * @param name   what the case covers, e.g. "ceil mode 13 to 6, all negative"
 * @param check  runs the case on a backend and compares with the reference
 */
public record Contract(String kernel, String name, Function<ComputeBackend, Outcome> check) {

    public Outcome run(ComputeBackend backend) {
        return check.apply(backend);
    }

    @Override
    public String toString() {
        return kernel + ": " + name;
    }
}
