package org.zfnet.bench;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.model.ModelProvider;
import org.zfnet.api.model.Network;
import org.zfnet.backend.nd4j.Nd4jKernels;
import org.zfnet.backend.nd4j.Nd4jRuntime;
import org.zfnet.model.internal.Networks;
import org.zfnet.model.internal.TorchvisionModels;
import org.zfnet.model.internal.ZfnetModel;
import org.zfnet.plugin.deconv.internal.DeconvPlugin;
import org.zfnet.plugin.occlusion.internal.OcclusionPlugin;

/**
 * Where a network's work spends its time: every kernel call timed through a proxy of the CPU backend, summed per kernel
 * and shape, beside the whole. {@code java … KernelProfile forward|deconv|occlusion [batch] [runs] [model]} (deconv:
 * one projection from conv5 per image of the batch, ZFNet only; occlusion: patch 48, stride 8, exact, on one image;
 * model: {@code zfnet} (default), {@code resnet50} or {@code vgg16}, seeded He weights).
 */
public final class KernelProfile {

    private KernelProfile() {
    }

    public static void main(String[] args) {
        String work = args.length > 0 ? args[0] : "forward";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        ComputeBackend cpu = new Nd4jKernels(Nd4jRuntime.start("cpu", Nd4jRuntime.CPU_BACKEND));
        Map<String, long[]> spent = new TreeMap<>();
        ComputeBackend timed = (ComputeBackend) Proxy.newProxyInstance(ComputeBackend.class.getClassLoader(),
                new Class<?>[] {ComputeBackend.class}, (proxy, method, params) -> {
                    long start = System.nanoTime();
                    try {
                        return method.invoke(cpu, params);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        String key = method.getName() + (params != null && params.length > 0 && params[0] instanceof INDArray a
                                ? java.util.Arrays.toString(a.shape()) : "");
                        spent.computeIfAbsent(key, k -> new long[2])[0] += System.nanoTime() - start;
                        spent.get(key)[1]++;
                    }
                });
        ModelProvider model = switch (args.length > 3 ? args[3] : "zfnet") {
            case "zfnet" -> new ZfnetModel();
            case "resnet50" -> new TorchvisionModels.Resnet50();
            case "vgg16" -> new TorchvisionModels.Vgg16();
            default -> throw new IllegalArgumentException("zfnet, resnet50 or vgg16, not " + args[3]);
        };
        Network network = new Networks().random(model.spec(), 1, timed);
        INDArray x = Nd4j.randn(DataType.FLOAT, batch, 3, 224, 224);
        Runnable task = switch (work) {
            case "forward" -> () -> network.forward(x).close();
            case "deconv" -> () -> PluginRuns.runAndClose(new DeconvPlugin(), network, x, Map.of("layer", "conv5"));
            case "occlusion" -> () -> PluginRuns.runAndClose(new OcclusionPlugin(), network, x, Map.of("patch", "48", "stride", "8"));
            default -> throw new IllegalArgumentException("forward, deconv or occlusion, not " + work);
        };
        for (int i = 0; i < 2; i++) {
            task.run();
        }
        spent.clear();
        long total = 0;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            task.run();
            total += System.nanoTime() - start;
        }
        long kernels = 0;
        for (Map.Entry<String, long[]> e : spent.entrySet()) {
            if (e.getKey().startsWith("info")) {
                continue;
            }
            kernels += e.getValue()[0];
            System.out.printf(Locale.ROOT, "%-40s %8.2f ms %6d calls%n", e.getKey(), e.getValue()[0] / 1e6 / runs,
                    e.getValue()[1] / runs);
        }
        System.out.printf(Locale.ROOT, "%-40s %8.2f ms%n%-40s %8.2f ms%n", "kernels", kernels / 1e6 / runs,
                "whole " + work, total / 1e6 / runs);
    }
}
