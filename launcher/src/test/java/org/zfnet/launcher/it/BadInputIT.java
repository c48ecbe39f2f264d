package org.zfnet.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.zfnet.formats.FloatArray;
import org.zfnet.formats.Npy;
import org.zfnet.formats.Npz;
import org.zfnet.formats.SafeTensors;
import org.zfnet.launcher.it.TestDistribution.Result;

/**
 * Every class of bad input the tool meets, through the commands a user runs, in a container booted from the
 * distribution: each gives exit code 2, one line on standard error naming the problem, and no output folder (not even
 * a hidden staging folder beside it).
 */
class BadInputIT {

    @TempDir
    static Path dir;
    @RegisterExtension
    static final SharedContainer container = new SharedContainer();
    private static Path good;
    private static Path image;

    @BeforeAll
    static void start() throws Exception {
        good = dir.resolve("good.safetensors");
        Result init = run("model", "init", "--model", "zfnet-mini", "--out", good.toString());
        assertEquals(0, init.code(), init.err());
        image = dir.resolve("rgb.png");
        BufferedImage rgb = new BufferedImage(112, 112, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(10, 10, 0xff8040);
        ImageIO.write(rgb, "png", image.toFile());
    }

    private static Result run(String... args) throws Exception {
        return container.run(args);
    }

    private static void refused(String expected, String... args) throws Exception {
        container.refused(dir, expected, args);
    }

    private static void forwardWith(String expected, Path weights) throws Exception {
        refused(expected, "forward", "--weights", weights.toString(), "--input", image.toString());
    }

    // --- weights -------------------------------------------------------------------------------------------------

    private record SafeTensorsFile(ObjectNode header, byte[] data) {
        static SafeTensorsFile of(Path file) throws IOException {
            byte[] all = Files.readAllBytes(file);
            int n = (int) ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            ObjectNode header = (ObjectNode) new ObjectMapper().readTree(new String(all, 8, n, StandardCharsets.UTF_8));
            return new SafeTensorsFile(header, Arrays.copyOfRange(all, 8 + n, all.length));
        }

        Path write(Path file, Long headerLength) throws IOException {
            byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
            ByteBuffer b = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(headerLength == null ? json.length : headerLength).put(json).put(data);
            Files.write(file, b.array());
            return file;
        }

        ObjectNode tensor(String name) {
            return (ObjectNode) header.get(name);
        }
    }

    @Test
    void corruptedSafetensorsAreRefusedNamingTheProblem() throws Exception {
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = Files.write(dir.resolve("truncated.safetensors"), Arrays.copyOf(bytes, bytes.length / 2));
        forwardWith("truncated.safetensors: tensor", truncated);

        Path outside = SafeTensorsFile.of(good).write(dir.resolve("outside.safetensors"), (long) bytes.length + 100);
        forwardWith("outside.safetensors: header length", outside);

        Path absurd = SafeTensorsFile.of(good).write(dir.resolve("absurd.safetensors"), 1L << 62);
        forwardWith("absurd.safetensors: header length 4611686018427387904 does not fit", absurd);

        SafeTensorsFile offsets = SafeTensorsFile.of(good);
        offsets.tensor("fc8.bias").putArray("data_offsets").add(0).add(offsets.data().length + 24);
        forwardWith("has data_offsets", offsets.write(dir.resolve("offsets.safetensors"), null));

        SafeTensorsFile overlap = SafeTensorsFile.of(good);
        long begin = overlap.tensor("conv1.weight").get("data_offsets").get(0).asLong();
        long size = overlap.tensor("conv1.bias").get("data_offsets").get(1).asLong()
                - overlap.tensor("conv1.bias").get("data_offsets").get(0).asLong();
        overlap.tensor("conv1.bias").putArray("data_offsets").add(begin).add(begin + size);
        forwardWith("overlap", overlap.write(dir.resolve("overlap.safetensors"), null));

        SafeTensorsFile dtype = SafeTensorsFile.of(good);
        dtype.tensor("conv1.weight").put("dtype", "I32");
        forwardWith("tensor 'conv1.weight' has dtype I32", dtype.write(dir.resolve("dtype.safetensors"), null));

        Path garbage = Files.write(dir.resolve("garbage.safetensors"), "{not a safetensors file at all}".getBytes());
        forwardWith("garbage.safetensors", garbage);
    }

    @Test
    void nanOrInfiniteWeightsAreReportedByName() throws Exception {
        SafeTensorsFile nan = SafeTensorsFile.of(good);
        int at = nan.tensor("conv2.weight").get("data_offsets").get(0).asInt();
        ByteBuffer.wrap(nan.data()).order(ByteOrder.LITTLE_ENDIAN).putFloat(at + 12, Float.NaN);
        forwardWith("tensor 'conv2.weight' holds NaN at index 3", nan.write(dir.resolve("nan.safetensors"), null));

        SafeTensorsFile inf = SafeTensorsFile.of(good);
        at = inf.tensor("fc6.bias").get("data_offsets").get(0).asInt();
        ByteBuffer.wrap(inf.data()).order(ByteOrder.LITTLE_ENDIAN).putFloat(at, Float.NEGATIVE_INFINITY);
        forwardWith("tensor 'fc6.bias' holds", inf.write(dir.resolve("inf.safetensors"), null));
    }

    @Test
    void missingExtraOrMisshapenTensorsAreRefusedByName() throws Exception {
        Map<String, FloatArray> tensors = new java.util.LinkedHashMap<>(SafeTensors.read(good).tensors());
        FloatArray bias = tensors.remove("fc8.bias");
        Path missing = dir.resolve("missing.safetensors");
        SafeTensors.write(missing, tensors, Map.of());
        forwardWith("missing tensor 'fc8.bias'", missing);

        tensors.put("fc8.bias", bias);
        tensors.put("fc9.weight", new FloatArray(new long[] {2, 2}, new float[4]));
        Path extra = dir.resolve("extra.safetensors");
        SafeTensors.write(extra, tensors, Map.of());
        forwardWith("fc9.weight", extra);

        tensors.remove("fc9.weight");
        FloatArray w = tensors.get("conv1.weight");
        long[] s = w.shape();
        tensors.put("conv1.weight", new FloatArray(new long[] {s[0] * s[1], 1, s[2], s[3]}, w.data()));
        Path shape = dir.resolve("shape.safetensors");
        SafeTensors.write(shape, tensors, Map.of());
        forwardWith("tensor 'conv1.weight' has shape [96, 1, 7, 7], model zfnet-mini expects [32, 3, 7, 7]", shape);
    }

    @Test
    void corruptedNpzIsRefused() throws Exception {
        Path random = dir.resolve("random.npz");
        byte[] noise = new byte[1000];
        new java.util.Random(1).nextBytes(noise);
        Files.write(random, noise);
        forwardWith("random.npz: not a valid .npz", random);

        Path valid = dir.resolve("valid.npz");
        Npz.write(valid, SafeTensors.read(good).tensors());
        byte[] bytes = Files.readAllBytes(valid);
        Path truncated = Files.write(dir.resolve("truncated.npz"), Arrays.copyOf(bytes, bytes.length * 2 / 3));
        forwardWith("truncated.npz", truncated);
    }

    // --- specs ---------------------------------------------------------------------------------------------------

    @Test
    void badSpecsAreRefusedNamingTheFileAndPlace() throws Exception {
        Path malformed = Files.writeString(dir.resolve("malformed.json"), "{\"name\": \"x\", \"layers\": [");
        refused("malformed.json: not valid JSON: Unexpected end-of-input", "forward", "--model", malformed.toString(),
                "--input", image.toString());
        String spec = new ObjectMapper().readTree(run("model", "summary", "--model", "zfnet-mini", "--json").out())
                .get("spec").toString();
        Path unknown = Files.writeString(dir.resolve("unknown.json"), spec.replaceFirst("\"conv\"", "\"conv3d\""));
        refused("unknown.json: layer 0 'conv1' (conv3d): unknown layer type 'conv3d'", "forward", "--model",
                unknown.toString(), "--input", image.toString());
        Path tooBig = Files.writeString(dir.resolve("compose.json"), spec.replaceFirst("\"kernel\":7", "\"kernel\":700"));
        refused("compose.json: layer 0 'conv1' (conv): kernel 700 does not fit input 112", "forward", "--model",
                tooBig.toString(), "--input", image.toString());
    }

    // --- images and arrays ---------------------------------------------------------------------------------------

    @Test
    void unreadableTruncatedOrEnormousImagesAreRefused() throws Exception {
        byte[] png = Files.readAllBytes(image);
        Path truncated = Files.write(dir.resolve("truncated.png"), Arrays.copyOf(png, png.length / 2));
        refused("truncated.png", "forward", "--input", truncated.toString());
        Path text = Files.writeString(dir.resolve("text.png"), "not an image");
        refused("text.png: not a readable image", "forward", "--input", text.toString());
        Path huge = Files.write(dir.resolve("huge.png"), pngHeaderOnly(100_000, 100_000));
        refused("huge.png: 100000x100000 pixels is more than zfnet decodes", "forward", "--input", huge.toString());
    }

    @Test
    void greyAndRgbaImagesAreConverted() throws Exception {
        for (int type : new int[] {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_INT_ARGB}) {
            Path file = dir.resolve("type" + type + ".png");
            ImageIO.write(new BufferedImage(80, 90, type), "png", file.toFile());
            Result r = run("forward", "--input", file.toString(), "--taps", "prob", "--out",
                    dir.resolve("converted-" + type).toString());
            assertEquals(0, r.code(), r.err());
        }
    }

    @Test
    void npyOfTheWrongTypeOrRankIsRefused() throws Exception {
        Path ints = dir.resolve("int64.npy");
        Files.write(ints, npy("<i8", "(1, 3, 112, 112)", 8 * 3 * 112 * 112));
        refused("int64.npy: expected float32 ('<f4'), got dtype <i8", "forward", "--input", ints.toString());
        Path rank = dir.resolve("rank2.npy");
        Files.write(rank, npy("<f4", "(3, 112)", 4 * 3 * 112));
        refused("rank2.npy: shape [3, 112] does not fit model zfnet-mini, which takes [N, 3, 112, 112]", "forward",
                "--input", rank.toString());
    }

    // --- options -------------------------------------------------------------------------------------------------

    @Test
    void impossibleOptionsAreRefused() throws Exception {
        String in = image.toString();
        refused("patch 500 exceeds input 112x112", "analyze", "occlusion", "--input", in, "--patch", "500");
        refused("--stride must be at least 1, got 0", "analyze", "occlusion", "--input", in, "--stride", "0");
        refused("unknown tap 'conv9'", "analyze", "occlusion", "--input", in, "--layer", "conv9");
        refused("class 5000 does not exist", "analyze", "occlusion", "--input", in, "--target-class", "5000");
        refused("channel 999 does not exist at tap conv5", "analyze", "deconv", "--input", in, "--layer", "conv5",
                "--channel", "999");
        refused("Unknown option: '--no-such-option'", "analyze", "deconv", "--input", in, "--no-such-option", "1");
        refused("Unknown option: '--ptach' (did you mean '--patch'?)", "analyze", "occlusion", "--input", in,
                "--ptach", "8");
        refused("no analysis plugin 'occlusoin' (did you mean 'occlusion'?)", "analyze", "occlusoin", "--input", in);
        refused("nothing-here.png: no such file", "forward", "--input", dir.resolve("nothing-here.png").toString());
        refused("--layers names no tap", "analyze", "invariance", "--input", in, "--layers", "");
        refused("--layers names no tap", "analyze", "invariance", "--input", in, "--layers", " , ");
        refused("--layers names no tap", "analyze", "correspondence", "--input", in, "--layers", "");
    }

    @Test
    void arraysAndImagesAreNotMixed() throws Exception {
        Path batch = dir.resolve("one.npy");
        Npy.write(batch, new FloatArray(new long[] {1, 3, 112, 112}, new float[3 * 112 * 112]));
        refused("--input mixes .npy arrays (" + batch + ") and images (" + image + ")", "forward", "--input",
                batch.toString(), image.toString());
    }

    /** A PNG signature and an IHDR chunk claiming the given size, then an empty image: decoders must not try it. */
    private static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** A version 1.0 {@code .npy} file of zeros with the given dtype and shape. */
    private static byte[] npy(String descr, String shape, int dataBytes) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - total % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }
}
