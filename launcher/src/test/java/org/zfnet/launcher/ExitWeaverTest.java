package org.zfnet.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.zfnet.launcher.spi.PluginExitException;

/** The rewriting itself, on classes of this test; the container's use of it is in {@code ExitingPluginsIT}. */
class ExitWeaverTest {

    /** Calls every exit the weaver replaces; never run unwoven. */
    public static final class Quitter {
        public static void exit() {
            System.exit(7);
        }

        public static void runtimeExit() {
            Runtime.getRuntime().exit(8);
        }

        public static void halt() {
            Runtime r = Runtime.getRuntime();
            r.halt(9);
        }
    }

    /** Mentions exit and halt, but calls neither. */
    static final class Innocent {
        public static String words() {
            return "exit halt " + Runtime.getRuntime().availableProcessors();
        }
    }

    @Test
    void everyExitCallBecomesACallOfPluginExitsThatThrowsWithTheStatus() throws Exception {
        byte[] woven = ExitWeaver.rewrite(bytes(Quitter.class));
        assertEquals(List.of("org/zfnet/launcher/spi/PluginExits.systemExit(I)V",
                "org/zfnet/launcher/spi/PluginExits.runtimeExit(Ljava/lang/Runtime;I)V",
                "org/zfnet/launcher/spi/PluginExits.runtimeHalt(Ljava/lang/Runtime;I)V"), exitCalls(woven),
                "no exit is left, so running the woven class below is safe");
        Class<?> quitter = new ClassLoader(getClass().getClassLoader()) {
            Class<?> define() {
                return defineClass(Quitter.class.getName(), woven, 0, woven.length);
            }
        }.define();
        assertEquals("called System.exit(7)", thrownBy(quitter, "exit"));
        assertEquals("called Runtime.exit(8)", thrownBy(quitter, "runtimeExit"));
        assertEquals("called Runtime.halt(9)", thrownBy(quitter, "halt"));
    }

    @Test
    void aClassWithoutExitCallsIsLeftAsItIs() throws IOException {
        assertNull(ExitWeaver.rewrite(bytes(Innocent.class)));
    }

    private static String thrownBy(Class<?> type, String method) {
        InvocationTargetException e = assertThrows(InvocationTargetException.class,
                () -> type.getMethod(method).invoke(null));
        return assertInstanceOf(PluginExitException.class, e.getCause()).getMessage();
    }

    /** The calls of methods named exit, halt, systemExit, runtimeExit or runtimeHalt: owner.name(descriptor). */
    private static List<String> exitCalls(byte[] bytes) {
        List<String> calls = new ArrayList<>();
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                        if (method.toLowerCase().endsWith("exit") || method.toLowerCase().endsWith("halt")) {
                            calls.add(owner + "." + method + desc);
                        }
                    }
                };
            }
        }, 0);
        return calls;
    }

    private static byte[] bytes(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getName().substring(type.getName().lastIndexOf('.') + 1)
                + ".class")) {
            return in.readAllBytes();
        }
    }
}
