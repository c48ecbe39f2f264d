package org.zfnet.launcher.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.zfnet.launcher.Container;

/** Boots Felix from the built distribution's bundles, as {@code zfnet} does, and inspects it. */
class ContainerIT {

    private static final String COMPUTE_BACKEND = "org.zfnet.api.backend.ComputeBackend";

    @TempDir
    static Path plugins;
    private static Container container;

    @BeforeAll
    static void start() throws Exception {
        container = Container.start(TestDistribution.dist(), TestDistribution.cpu(plugins), System.err);
    }

    @AfterAll
    static void stop() {
        if (container != null) {
            container.close();
        }
    }

    @Test
    void everyInstalledBundleIsActiveAndEveryFragmentResolved() {
        List<String> wrong = new ArrayList<>();
        Bundle[] bundles = container.context().getBundles();
        for (Bundle bundle : bundles) {
            boolean fragment = bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (bundle.getState() != expected) {
                wrong.add(bundle.getSymbolicName() + " state " + bundle.getState());
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(bundles.length > 20, "the core, the CPU backend and the system bundle: " + bundles.length);
        assertTrue(installed("org.zfnet.backend.cpu.natives"), "the CPU natives fragment is installed");
        assertTrue(!installed("org.zfnet.backend.cuda") && !installed("org.zfnet.backend.cuda.natives"),
                "the CUDA bundles are not installed when the CPU backend was chosen");
    }

    @Test
    void exactlyOneComputeBackendIsRegisteredAndItIsTheCpuOne() throws Exception {
        ServiceReference<?>[] all = container.context().getServiceReferences(COMPUTE_BACKEND, null);
        assertEquals(1, all.length);
        assertEquals("cpu", all[0].getProperty("zfnet.backend"));
        assertEquals("org.zfnet.backend.cpu", all[0].getBundle().getSymbolicName());
    }

    @Test
    void oneConvolutionRunsThroughTheRegisteredService() throws Exception {
        BundleContext context = container.context();
        ServiceReference<?> ref = context.getServiceReferences(COMPUTE_BACKEND, "(zfnet.backend=cpu)")[0];
        Object backend = context.getService(ref);
        try {
            // the container's own classes: ND4J from the host bundle, ConvGeometry from the api bundle
            Bundle api = bundle("org.zfnet.api");
            Class<?> nd4j = bundle("org.nd4j.osgi").loadClass("org.nd4j.linalg.factory.Nd4j");
            Class<?> indArray = bundle("org.nd4j.osgi").loadClass("org.nd4j.linalg.api.ndarray.INDArray");
            Class<?> geometry = api.loadClass("org.zfnet.api.backend.ConvGeometry");
            Method fromArray = nd4j.getMethod("createFromArray", float[].class);
            Method reshape = indArray.getMethod("reshape", long[].class);
            Object x = reshape.invoke(fromArray.invoke(null, (Object) new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}),
                    (Object) new long[] {1, 1, 3, 3});
            Object w = reshape.invoke(fromArray.invoke(null, (Object) new float[] {1, 0, 0, -1}),
                    (Object) new long[] {1, 1, 2, 2});
            Object g = geometry.getMethod("of", int.class, int.class).invoke(null, 1, 0);
            Method conv = api.loadClass(COMPUTE_BACKEND).getMethod("conv2d", indArray, indArray, indArray, geometry);
            Object y = conv.invoke(backend, x, w, null, g);
            Object data = indArray.getMethod("data").invoke(y);
            float[] values = (float[]) data.getClass().getMethod("asFloat").invoke(data);
            // y[i][j] = x[i][j] - x[i+1][j+1] = -4 for every position of the 2x2 output
            assertArrayEquals(new float[] {-4, -4, -4, -4}, values, 0f);
        } finally {
            context.ungetService(ref);
        }
    }

    @Test
    void backendsCommandReportsTheActiveBackendAndPassesItsCheck() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = container.run(List.of("backends", "--check", "--json"), new PrintStream(out, true),
                new PrintStream(err, true));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        JsonNode report = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals("cpu", report.at("/active/name").asText());
        assertEquals("org.nd4j.linalg.cpu.nativecpu.CpuBackend", report.at("/active/nd4jBackend").asText());
        assertTrue(report.at("/active/onednn").asBoolean(), "the CPU backend ships the oneDNN natives");
        assertTrue(report.at("/check").asText().contains("-3.5"), report.toString());
    }

    @Test
    void conformanceKitPassesAgainstTheRegisteredService() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = container.run(List.of("backends", "--verify", "--json"), new PrintStream(out, true), System.err);
        JsonNode conformance = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)).get("conformance");
        for (JsonNode kernel : conformance.get("kernels")) {
            System.out.printf("in container: %-16s %2d cases, max error %.2e%n", kernel.get("kernel").asText(),
                    kernel.get("cases").asInt(), kernel.get("maxError").asDouble());
        }
        assertEquals(0, code, conformance.get("failures").toString());
        assertTrue(conformance.get("passed").asBoolean());
        assertTrue(conformance.get("cases").asInt() >= 50, conformance.toString());
        assertEquals("cpu", conformance.get("backend").asText());
    }

    private static Bundle bundle(String symbolicName) {
        for (Bundle b : container.context().getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("bundle " + symbolicName + " is not installed");
    }

    private static boolean installed(String symbolicName) {
        for (Bundle b : container.context().getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return true;
            }
        }
        return false;
    }
}
