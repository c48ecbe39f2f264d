package org.zfnet.spark;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Spark standalone cluster on this machine, started from the Spark jars as its scripts would: a master and
 * {@code workers} worker JVMs of one core each, which launch the executors of the jobs sent to them.
 */
final class StandaloneCluster implements AutoCloseable {

    private final List<Process> daemons = new ArrayList<>();
    private final int port;
    private final int webPort;

    private StandaloneCluster(int port, int webPort) {
        this.port = port;
        this.webPort = webPort;
    }

    /** Starts the master and the workers and waits until every worker has registered (at most 90 s). */
    static StandaloneCluster start(Path dir, int workers) throws Exception {
        StandaloneCluster cluster = new StandaloneCluster(freePort(), freePort());
        try {
            cluster.daemons.add(daemon(dir.resolve("master.log"), dir, "org.apache.spark.deploy.master.Master",
                    "--host", "127.0.0.1", "--port", Integer.toString(cluster.port), "--webui-port",
                    Integer.toString(cluster.webPort)));
            for (int i = 0; i < workers; i++) {
                Path work = Files.createDirectories(dir.resolve("worker-" + i));
                cluster.daemons.add(daemon(dir.resolve("worker-" + i + ".log"), work,
                        "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1", "--memory", "3g",
                        "--webui-port", Integer.toString(freePort()), "--work-dir", work.toString(), cluster.url()));
            }
            cluster.awaitWorkers(workers, dir);
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    String url() {
        return "spark://127.0.0.1:" + port;
    }

    /** The executor JVMs that the workers run now. */
    static List<ProcessHandle> executors() {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(c -> c.contains("org.apache.spark.executor.CoarseGrainedExecutorBackend")).orElse(false)).toList();
    }

    private static Process daemon(Path log, Path workDir, String main, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(SparkJobs.javaOptions());
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(SparkJobs.sparkHome().resolve("jars") + File.separator + "*");
        command.add(main);
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().put("SPARK_HOME", SparkJobs.sparkHome().toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    private void awaitWorkers(int workers, Path dir) throws Exception {
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (System.nanoTime() < deadline) {
            Optional<String> status = status();
            if (status.isPresent() && status.get().contains("\"aliveworkers\" : " + workers)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the cluster did not come up with " + workers + " workers; see the logs in " + dir);
    }

    private Optional<String> status() {
        try (var in = URI.create("http://127.0.0.1:" + webPort + "/json/").toURL().openStream()) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException notYet) {
            return Optional.empty();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Whether the master still answers (a test that kills executors must not have hit it). */
    boolean masterUp() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        for (Process p : daemons) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        executors().forEach(ProcessHandle::destroyForcibly);
    }
}
