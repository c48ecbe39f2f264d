package org.zfnet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * PyTorch's side of the comparison, {@code zfnet_torch.py DIR} in its own process: started once (it writes its
 * outputs, then says {@code ready}), then asked for one workload's timing at a time. Its errors go to ours.
 */
final class TorchSide implements AutoCloseable {

    private final Process process;
    private final PrintWriter requests;
    private final BufferedReader replies;
    private final ObjectMapper json = new ObjectMapper();

    TorchSide(String python, String script, Path dir) throws IOException {
        process = new ProcessBuilder(python, script, dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        requests = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first = replies.readLine();
        if (!"ready".equals(first)) {
            throw new IOException(script + " did not start (said " + first + ")");
        }
    }

    /** The workload's result: its median seconds, GFLOP/s for {@code gemm-gflops}, an object for {@code meta}. */
    JsonNode ask(String workload) throws IOException {
        requests.println(workload);
        String reply = replies.readLine();
        if (reply == null) {
            throw new IOException("PyTorch's side ended before answering " + workload);
        }
        return json.readTree(reply).get(workload);
    }

    @Override
    public void close() throws IOException {
        requests.close();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
        }
    }
}
