package org.zfnet.model.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.osgi.service.component.annotations.Component;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.NetworkTrainer;
import org.zfnet.api.model.TrainingListener;
import org.zfnet.api.model.TrainingRequest;
import org.zfnet.data.Batches;
import org.zfnet.data.ImageFolder;
import org.zfnet.formats.FileErrors;
import org.zfnet.formats.FloatArray;
import org.zfnet.model.internal.layers.Conv;

/**
 * Training as in Zeiler and Fergus (Sec. 3): SGD with momentum on mini-batches, dropout 0.5 in the fully
 * connected layers, random crops and flips, filter renormalisation, a falling learning rate; held-out
 * accuracy after every epoch; checkpoints to visualise training later (Fig. 4) and to resume from.
 */
@Component(service = NetworkTrainer.class)
public class Trainer implements NetworkTrainer {

    @Override
    public Report train(TrainingRequest request, TrainingListener listener, ComputeBackend backend) {
        check(request);
        ImageFolder trainSet = ImageFolder.scan(request.trainDir());
        ImageFolder valSet = ImageFolder.scan(request.valDir(), trainSet.classes());
        ModelSpec spec = withLabels(request.spec(), trainSet.classes());
        CompiledSpec compiled = CompiledSpec.of(spec);
        requireTrainable(compiled);
        Batches train = new Batches(trainSet, spec);
        Batches val = new Batches(valSet, spec);

        LearningRateSchedule schedule = new LearningRateSchedule(request.schedule(), request.learningRate());
        Map<String, FloatArray> initial;
        int startEpoch = 1;
        TrainingFiles.State state = null;
        if (request.resume() != null) {
            initial = Weights.read(request.resume(), compiled);
            state = TrainingFiles.readState(request.resume(), compiled);
            startEpoch = TrainingFiles.epochOf(request.resume()) + 1;
        } else {
            initial = "paper".equals(request.init()) ? Weights.paper(compiled, request.seed()) : Weights.he(compiled, request.seed());
        }
        GraphNetwork network = new GraphNetwork(compiled, Weights.toArrays(initial), backend, "training");
        Set<String> convWeights = new LinkedHashSet<>();
        for (int i = 0; i < spec.layers().size(); i++) {
            if (compiled.type(i) instanceof Conv) {
                convWeights.add(spec.layers().get(i).name() + ".weight");
            }
        }
        Sgd sgd = new Sgd(network.parameters(), convWeights, request.momentum(), request.weightDecay(),
                request.renormRadius());
        if (state != null) {
            state.momentum().forEach((name, v) -> sgd.velocity().get(name).assign(v));
            schedule.restore(state.rate(), state.best(), state.flat());
        }
        TrainingFiles files = new TrainingFiles(request.outDir(), spec);
        files.writeSpec();

        int steps = (train.size() + request.batchSize() - 1) / request.batchSize();
        List<TrainingListener.Epoch> history = new ArrayList<>(files.readHistory(startEpoch));
        long started = System.nanoTime();
        long trainedImages = 0;
        double trainSeconds = 0;
        for (int epoch = startEpoch; epoch <= request.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            double lossSum = 0;
            int correct = 0;
            int seen = 0;
            int step = 0;
            double rate = schedule.rate();
            Iterator<Batches.Batch> batches = train.epoch(request.batchSize(), request.seed() * 7919 + epoch, true);
            while (batches.hasNext()) {
                Batches.Batch batch = batches.next();
                step++;
                Backprop.Result result;
                try (INDArray x = input(batch, spec)) {
                    result = Backprop.step(network, x, batch.labels(), request.seed() * 104_729 + (long) epoch * steps + step);
                }
                sgd.step(result.gradients(), rate);
                result.gradients().values().forEach(INDArray::close);
                lossSum += result.loss() * batch.size();
                correct += result.correct();
                seen += batch.size();
                double elapsed = (System.nanoTime() - epochStart) / 1e9;
                double perStep = elapsed / step;
                double eta = perStep * ((steps - step) + (long) (request.epochs() - epoch) * steps);
                listener.step(new TrainingListener.Step(epoch, request.epochs(), step, steps, result.loss(),
                        (double) result.correct() / batch.size(), rate, seen / elapsed, eta));
            }
            double trainTime = (System.nanoTime() - epochStart) / 1e9;
            trainedImages += seen;
            trainSeconds += trainTime;
            double valAccuracy = evaluate(network, val, request.batchSize(), spec);
            schedule.endOfEpoch(epoch, valAccuracy);
            TrainingListener.Epoch summary = new TrainingListener.Epoch(epoch, lossSum / seen, (double) correct / seen,
                    valAccuracy, rate, seen / trainTime, (System.nanoTime() - epochStart) / 1e9);
            history.add(summary);
            listener.epoch(summary);
            if (epoch == startEpoch && summary.trainAccuracy() < 1.5 / trainSet.classes().size()) {
                listener.warn("training accuracy is at chance after epoch " + epoch + "; with the paper's initial "
                        + "weights (0.01) narrow networks on normalised inputs often do not start: try --init he");
            }
            files.writeLast(network, sgd, schedule, epoch);
            if (request.checkpoints().contains(epoch)) {
                listener.checkpoint(files.writeCheckpoint(network, epoch));
            }
            files.writeHistory(request, history, (System.nanoTime() - started) / 1e9);
        }
        Path model = files.writeModel(network, request.epochs());
        double wall = (System.nanoTime() - started) / 1e9;
        files.writeHistory(request, history, wall);
        return new Report(history, model, wall, trainSeconds > 0 ? trainedImages / trainSeconds : 0);
    }

    /** Top-1 accuracy over a dataset with centre crops, in inference mode. */
    static double evaluate(GraphNetwork network, Batches data, int batchSize, ModelSpec spec) {
        int correct = 0;
        Iterator<Batches.Batch> batches = data.epoch(batchSize, 0, false);
        while (batches.hasNext()) {
            Batches.Batch batch = batches.next();
            try (INDArray x = input(batch, spec); ForwardTrace trace = network.forward(x)) {
                INDArray prob = trace.output(spec.layers().size() - 1);
                int[] predicted = prob.argMax(1).toIntVector();
                for (int i = 0; i < batch.size(); i++) {
                    correct += predicted[i] == batch.labels()[i] ? 1 : 0;
                }
            }
        }
        return (double) correct / data.size();
    }

    private static INDArray input(Batches.Batch batch, ModelSpec spec) {
        return HostArrays.floats(batch.data(), batch.size(), spec.input().get(0), spec.input().get(1),
            spec.input().get(2));
    }

    /** The spec with the dataset's class names as labels; its classifier must have one output per class. */
    static ModelSpec withLabels(ModelSpec spec, List<String> classes) {
        CompiledSpec compiled = CompiledSpec.of(spec);
        List<Integer> last = compiled.summary.get(compiled.summary.size() - 1).outputShape();
        if (last.size() != 1 || last.get(0) != classes.size()) {
            throw new InvalidInputException("model " + spec.name() + " ends in " + last + " outputs but the dataset has "
                    + classes.size() + " classes " + classes);
        }
        return new ModelSpec(spec.name(), spec.description(), spec.input(), spec.preprocessing(), classes, spec.layers());
    }

    /** Refuses, before the first step, a network with a layer whose training the layer types do not compute. */
    static void requireTrainable(CompiledSpec compiled) {
        for (int i = 0; i < compiled.types.size(); i++) {
            if (!compiled.type(i).trainable()) {
                throw new InvalidInputException("model " + compiled.spec.name() + ": "
                        + CompiledSpec.where(i, compiled.spec.layers().get(i)) + " cannot be trained (batch "
                        + "statistics are not computed; it runs in inference mode only)");
            }
        }
    }

    private static void check(TrainingRequest r) {
        if (r.epochs() < 1 || r.batchSize() < 1) {
            throw new InvalidInputException("epochs and batch size must be at least 1, got " + r.epochs() + " and "
                    + r.batchSize());
        }
        if (!(r.momentum() >= 0 && r.momentum() < 1) || !(r.weightDecay() >= 0) || !(r.renormRadius() >= 0)) {
            throw new InvalidInputException("momentum must be in [0, 1), weight decay and radius at least 0");
        }
        if (r.init() != null && !r.init().equals("paper") && !r.init().equals("he")) {
            throw new InvalidInputException("init must be paper or he, got '" + r.init() + "'");
        }
        if (r.resume() != null) {
            FileErrors.requireRegularFile(r.resume());
        }
    }

}
