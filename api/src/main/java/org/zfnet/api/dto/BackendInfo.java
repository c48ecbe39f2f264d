package org.zfnet.api.dto;

/**
 * What a compute backend runs on.
 *
 * @param name         {@code cpu} or {@code cuda}
 * @param device       the device in words, e.g. "x86_64, 2 cores, AVX-512" or "NVIDIA H100 (80 GiB)"
 * @param nd4jBackend  the ND4J backend class that executes the kernels
 * @param onednn       whether ND4J's oneDNN helpers are compiled in and enabled
 * @param threads      threads the backend uses for one kernel
 */
public record BackendInfo(String name, String device, String nd4jBackend, boolean onednn, int threads) {
}
