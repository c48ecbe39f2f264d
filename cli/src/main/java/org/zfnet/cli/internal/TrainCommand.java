package org.zfnet.cli.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.NetworkTrainer;
import org.zfnet.api.model.TrainingListener;
import org.zfnet.api.model.TrainingRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zfnet train}: SGD as in the paper on an image-folder dataset, with checkpoints. */
@Command(name = "train", description = "Train a network as in the paper (SGD with "
        + "momentum, dropout, filter renormalisation, random crops and flips) on DATA/train, evaluating on DATA/val.")
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = Models.LABEL, description = Models.HELP + ".")
    String model;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Dataset with train/ and val/, one "
            + "sub-folder per class (e.g. from 'zfnet dataset generate').")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Checkpoints, final weights, training.json.")
    Path out;

    @Option(names = "--epochs", defaultValue = "20", description = "Passes over the training set (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "128", description = "Images per step (default: ${DEFAULT-VALUE}, as the paper).")
    int batch;

    @Option(names = "--lr", defaultValue = "0.01", description = "Initial learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--momentum", defaultValue = "0.9", description = "Momentum (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--weight-decay", defaultValue = "0.0005", description = "L2 on weights (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--schedule", defaultValue = "plateau:2", description = "step:N (rate / 10 every N epochs) or "
            + "plateau:P (rate / 10 after P epochs without better held-out accuracy) (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--init", defaultValue = "paper", description = "paper (N(0, 0.01^2), biases 0) or he "
            + "(default: ${DEFAULT-VALUE}).")
    String init;

    @Option(names = "--renorm", defaultValue = "0.1", description = "Conv filter RMS radius, 0 for none "
            + "(default: ${DEFAULT-VALUE}, as the paper).")
    double renorm;

    @Option(names = "--checkpoints", split = ",", paramLabel = "EPOCH", description = "Epochs after which to keep the "
            + "weights, e.g. 1,2,5,10,20.")
    List<Integer> checkpoints;

    @Option(names = "--resume", paramLabel = "CHECKPOINT", description = "Continue from a checkpoint of an earlier run.")
    Path resume;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    private final Session session;
    private final List<String> commandLine;

    TrainCommand(Session session, List<String> commandLine) {
        this.session = session;
        this.commandLine = commandLine;
    }

    @Override
    public Integer call() {
        ModelSpec spec = Models.spec(session, model);
        TrainingRequest request = new TrainingRequest(spec, data.resolve("train"), data.resolve("val"), out, epochs,
                batch, learningRate, momentum, weightDecay, schedule, init, renorm, checkpoints, resume, seed,
                "zfnet " + String.join(" ", commandLine));
        ProgressPrinter progress = new ProgressPrinter(session.err);
        session.err.println("zfnet: loading " + data + " ...");
        NetworkTrainer.Report report = session.service(NetworkTrainer.class).train(request, new TrainingListener() {
            @Override
            public void step(Step s) {
                progress.show(String.format(Locale.ROOT, "epoch %d/%d %s step %d/%d loss %.4f acc %.3f lr %.0e %.0f img/s ETA %s",
                        s.epoch(), s.epochs(), ProgressPrinter.bar(s.step(), s.steps()), s.step(), s.steps(), s.loss(),
                        s.accuracy(), s.learningRate(), s.imagesPerSecond(), ProgressPrinter.duration(s.etaSeconds())),
                        false);
            }

            @Override
            public void epoch(Epoch e) {
                progress.line(String.format(Locale.ROOT, "epoch %d: train loss %.4f, train accuracy %.3f, held-out "
                        + "accuracy %.3f, lr %.0e, %.0f img/s, %s", e.epoch(), e.trainLoss(), e.trainAccuracy(),
                        e.valAccuracy(), e.learningRate(), e.imagesPerSecond(), ProgressPrinter.duration(e.seconds())));
            }

            @Override
            public void checkpoint(Path weights) {
                progress.line("checkpoint " + weights);
            }

            @Override
            public void warn(String message) {
                progress.line("zfnet: warning: " + message);
            }
        }, session.backend());
        List<TrainingListener.Epoch> epochsRun = report.epochs();
        double last = epochsRun.isEmpty() ? 0 : epochsRun.get(epochsRun.size() - 1).valAccuracy();
        session.out.printf(Locale.ROOT, "trained %s in %s (%.0f img/s): held-out accuracy %.4f; weights %s%n", spec.name(),
                ProgressPrinter.duration(report.wallSeconds()), report.imagesPerSecond(), last, report.weights());
        return 0;
    }
}
