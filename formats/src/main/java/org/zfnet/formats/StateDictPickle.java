package org.zfnet.formats;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A restricted unpickler for the {@code data.pkl} that {@code torch.save(model.state_dict())} writes (pickle
 * protocol 2), in the spirit of {@code torch.load(weights_only=True)}: it knows only the opcodes such a pickle uses
 * and only the globals a state dict needs ({@code collections.OrderedDict}, the tensor and parameter rebuild
 * functions, the storage types), and builds plain records from them. Nothing named in the pickle is ever looked
 * up, called or instantiated: any other global or opcode is refused with one line naming it. Tensor data is not
 * here: a tensor is a {@link TensorRef} to a storage the caller reads from the archive.
 */
final class StateDictPickle {

    /** A storage of the archive ({@code data/<key>}), as the persistent id {@code ('storage', type, key, location, numel)} names it. */
    record StorageRef(String key, StorageType type, long numel) {
    }

    /** A tensor: a strided view of a storage. */
    record TensorRef(StorageRef storage, long offset, long[] shape, long[] stride) {
    }

    /** The storage classes a state dict's tensors may have, with their element sizes. */
    enum StorageType {
        FloatStorage(4), HalfStorage(2), BFloat16Storage(2), DoubleStorage(8), LongStorage(8), IntStorage(4);

        final int itemSize;

        StorageType(int itemSize) {
            this.itemSize = itemSize;
        }

        boolean isFloatingPoint() {
            return this != LongStorage && this != IntStorage;
        }
    }

    /** A global the pickle named and the allowlist accepted; only ever compared, never resolved. */
    private record Global(String module, String name) {
        @Override
        public String toString() {
            return module + "." + name;
        }
    }

    private record Tuple(List<Object> items) {
    }

    private static final Global ORDERED_DICT = new Global("collections", "OrderedDict");
    private static final Global REBUILD_TENSOR = new Global("torch._utils", "_rebuild_tensor_v2");
    private static final Global REBUILD_PARAMETER = new Global("torch._utils", "_rebuild_parameter");
    private static final Global REBUILD_PARAMETER_WITH_STATE =
            new Global("torch._utils", "_rebuild_parameter_with_state");
    private static final Set<Global> CALLABLES =
            Set.of(ORDERED_DICT, REBUILD_TENSOR, REBUILD_PARAMETER, REBUILD_PARAMETER_WITH_STATE);
    private static final int MAX_DIMENSIONS = 64;

    private final ByteBuffer in;
    private final String source;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private StateDictPickle(byte[] pickle, String source) {
        this.in = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
        this.source = source;
    }

    /**
     * The state dict the pickle describes: tensors by name, in the pickle's order.
     *
     * @param source name for messages, e.g. {@code model.pth!archive/data.pkl}
     */
    static Map<String, TensorRef> read(byte[] pickle, String source) {
        Object result = new StateDictPickle(pickle, source).run();
        if (!(result instanceof Map<?, ?> map)) {
            throw new FormatException(source + ": holds a " + typeName(result) + ", not a state dict; save "
                    + "torch.save(model.state_dict(), file)");
        }
        Map<String, TensorRef> tensors = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String name)) {
                throw new FormatException(source + ": a state dict key is a " + typeName(e.getKey()) + ", not a string");
            }
            if (!(e.getValue() instanceof TensorRef tensor)) {
                throw new FormatException(source + ": entry '" + name + "' is a " + typeName(e.getValue())
                        + ", not a tensor; only state dicts (torch.save(model.state_dict(), file)) are read");
            }
            tensors.put(name, tensor);
        }
        return tensors;
    }

    private Object run() {
        while (true) {
            int position = in.position();
            int opcode = u8();
            switch (opcode) {
                case 0x80 -> { // PROTO
                    int protocol = u8();
                    if (protocol > 2) {
                        throw refused("pickle protocol " + protocol + " (torch.save writes protocol 2)");
                    }
                }
                case '.' -> { // STOP
                    Object result = pop();
                    if (!stack.isEmpty() || !marks.isEmpty()) {
                        throw bad("ends with " + stack.size() + " values left on its stack");
                    }
                    return result;
                }
                case '(' -> marks.add(stack.size()); // MARK
                case ')' -> stack.add(new Tuple(List.of())); // EMPTY_TUPLE
                case 't' -> stack.add(new Tuple(popMark())); // TUPLE
                case 0x85 -> stack.add(new Tuple(popN(1))); // TUPLE1
                case 0x86 -> stack.add(new Tuple(popN(2))); // TUPLE2
                case 0x87 -> stack.add(new Tuple(popN(3))); // TUPLE3
                case '}' -> stack.add(new LinkedHashMap<Object, Object>()); // EMPTY_DICT
                case 's' -> { // SETITEM
                    List<Object> keyValue = popN(2);
                    setItems(peekDict(), keyValue);
                }
                case 'u' -> { // SETITEMS
                    List<Object> items = popMark();
                    setItems(peekDict(), items);
                }
                case 'N' -> stack.add(null); // NONE
                case 0x88 -> stack.add(Boolean.TRUE); // NEWTRUE
                case 0x89 -> stack.add(Boolean.FALSE); // NEWFALSE
                case 'K' -> stack.add((long) u8()); // BININT1
                case 'M' -> stack.add((long) (bytes(2).getShort() & 0xffff)); // BININT2
                case 'J' -> stack.add((long) bytes(4).getInt()); // BININT
                case 0x8a -> stack.add(long1()); // LONG1
                case 'X' -> stack.add(utf8(bytes(length(bytes(4).getInt() & 0xffffffffL)))); // BINUNICODE
                case 'q' -> memo.put((long) u8(), peek()); // BINPUT
                case 'r' -> memo.put(bytes(4).getInt() & 0xffffffffL, peek()); // LONG_BINPUT
                case 'h' -> stack.add(memoGet(u8())); // BINGET
                case 'j' -> stack.add(memoGet(bytes(4).getInt() & 0xffffffffL)); // LONG_BINGET
                case 'c' -> stack.add(global(line(), line())); // GLOBAL
                case 'Q' -> stack.add(storage(pop())); // BINPERSID
                case 'R' -> { // REDUCE
                    Object args = pop();
                    Object callable = pop();
                    stack.add(reduce(callable, args));
                }
                case 'b' -> { // BUILD
                    Object state = pop();
                    build(peek(), state);
                }
                default -> throw refused("pickle opcode " + opcodeName(opcode) + " at byte " + position);
            }
        }
    }

    private Object global(String module, String name) {
        Global g = new Global(module, name);
        if (CALLABLES.contains(g)) {
            return g;
        }
        if (module.equals("torch")) {
            for (StorageType type : StorageType.values()) {
                if (type.name().equals(name)) {
                    return type;
                }
            }
        }
        throw refused("global " + g);
    }

    private Object reduce(Object callable, Object args) {
        if (!(callable instanceof Global g) || !(args instanceof Tuple tuple)) {
            throw refused("calling a " + typeName(callable) + " (only state dict rebuild functions are allowed)");
        }
        List<Object> a = tuple.items();
        if (g.equals(ORDERED_DICT)) {
            if (!a.isEmpty()) {
                throw bad("collections.OrderedDict called with " + a.size() + " arguments");
            }
            return new LinkedHashMap<Object, Object>();
        }
        if (g.equals(REBUILD_TENSOR)) {
            // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
            if (a.size() < 6 || a.size() > 7 || !(a.get(0) instanceof StorageRef storage)) {
                throw bad(g + " called with " + describe(a) + "; expected a storage, offset, size, stride, "
                        + "requires_grad and hooks");
            }
            long[] shape = longs(a.get(2), "size");
            long[] stride = longs(a.get(3), "stride");
            if (shape.length != stride.length) {
                throw bad("a tensor has " + shape.length + " sizes but " + stride.length + " strides");
            }
            return new TensorRef(storage, nonNegative(a.get(1), "storage offset"), shape, stride);
        }
        // _rebuild_parameter(data, requires_grad, backward_hooks[, state])
        int expected = g.equals(REBUILD_PARAMETER) ? 3 : 4;
        if (a.size() != expected || !(a.get(0) instanceof TensorRef tensor)) {
            throw bad(g + " called with " + describe(a) + "; expected a tensor and " + (expected - 1) + " more");
        }
        return tensor;
    }

    /** BUILD: state dict sets its {@code _metadata} attribute this way; the versions it records are not needed. */
    private void build(Object target, Object state) {
        if (!(target instanceof Map<?, ?>) || !(state instanceof Map<?, ?>)) {
            throw refused("setting the state of a " + typeName(target) + " from a " + typeName(state));
        }
    }

    /** BINPERSID: {@code ('storage', storage_type, key, location, numel)}. */
    private StorageRef storage(Object pid) {
        if (!(pid instanceof Tuple t) || t.items().size() != 5 || !"storage".equals(t.items().get(0))
                || !(t.items().get(1) instanceof StorageType type) || !(t.items().get(2) instanceof String key)
                || !(t.items().get(3) instanceof String)) {
            throw bad("persistent id " + describe(pid) + " is not ('storage', storage type, key, location, numel)");
        }
        return new StorageRef(key, type, nonNegative(t.items().get(4), "storage size"));
    }

    private void setItems(Map<Object, Object> dict, List<Object> items) {
        if (items.size() % 2 != 0) {
            throw bad("SETITEMS with an odd number of values");
        }
        for (int i = 0; i < items.size(); i += 2) {
            Object key = items.get(i);
            if (!(key instanceof String) && !(key instanceof Long)) {
                throw bad("a dict key is a " + typeName(key) + "; a state dict's keys are strings");
            }
            dict.put(key, items.get(i + 1));
        }
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> peekDict() {
        Object top = peek();
        if (!(top instanceof Map<?, ?>)) {
            throw bad("sets items of a " + typeName(top) + ", not a dict");
        }
        return (Map<Object, Object>) top;
    }

    private long[] longs(Object tuple, String what) {
        if (!(tuple instanceof Tuple t) || t.items().size() > MAX_DIMENSIONS) {
            throw bad("a tensor's " + what + " is " + describe(tuple) + ", not a tuple of at most "
                    + MAX_DIMENSIONS + " integers");
        }
        long[] out = new long[t.items().size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = nonNegative(t.items().get(i), what);
        }
        return out;
    }

    private long nonNegative(Object value, String what) {
        if (!(value instanceof Long n) || n < 0) {
            throw bad("a " + what + " is " + describe(value) + ", not a non-negative integer");
        }
        return n;
    }

    /** LONG1: a little-endian two's complement integer of n bytes; more than 8 cannot be a size. */
    private long long1() {
        int n = u8();
        if (n > 8) {
            throw bad("an integer of " + n + " bytes");
        }
        ByteBuffer b = bytes(n);
        long value = 0;
        for (int i = 0; i < n; i++) {
            value |= (b.get() & 0xffL) << (8 * i);
        }
        if (n > 0 && n < 8 && (value >>> (8 * n - 1) & 1) != 0) {
            value |= -1L << (8 * n); // sign extension
        }
        return value;
    }

    private Object memoGet(long index) {
        Object value = memo.get(index);
        if (value == null && !memo.containsKey(index)) {
            throw bad("refers to memo entry " + index + ", never stored");
        }
        return value;
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) {
            throw bad("ends a tuple or dict that was never begun (no MARK)");
        }
        int from = marks.remove(marks.size() - 1);
        List<Object> items = new ArrayList<>(stack.subList(from, stack.size()));
        stack.subList(from, stack.size()).clear();
        return items;
    }

    private List<Object> popN(int n) {
        int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
        if (stack.size() - n < floor) {
            throw bad("takes " + n + " values from a stack that holds " + (stack.size() - floor));
        }
        List<Object> items = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
        stack.subList(stack.size() - n, stack.size()).clear();
        return items;
    }

    private Object pop() {
        return popN(1).get(0);
    }

    private Object peek() {
        int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
        if (stack.size() <= floor) {
            throw bad("uses a value from an empty stack");
        }
        return stack.get(stack.size() - 1);
    }

    private int u8() {
        return bytes(1).get() & 0xff;
    }

    private ByteBuffer bytes(long n) {
        if (n > in.remaining()) {
            throw bad("truncated: " + n + " bytes needed at byte " + in.position() + ", " + in.remaining() + " left");
        }
        ByteBuffer slice = in.slice(in.position(), (int) n).order(ByteOrder.LITTLE_ENDIAN);
        in.position(in.position() + (int) n);
        return slice;
    }

    private int length(long n) {
        if (n > in.remaining()) {
            throw bad("truncated: a string of " + n + " bytes at byte " + in.position() + ", " + in.remaining()
                    + " left");
        }
        return (int) n;
    }

    /** A GLOBAL argument: text up to a newline. */
    private String line() {
        int start = in.position();
        int limit = Math.min(in.limit(), start + 256);
        for (int i = start; i < limit; i++) {
            if (in.get(i) == '\n') {
                String text = utf8(bytes(i - start));
                in.get();
                return text;
            }
        }
        throw bad("a global name without its newline at byte " + start);
    }

    private String utf8(ByteBuffer b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(b).toString();
        } catch (CharacterCodingException e) {
            throw bad("a string that is not valid UTF-8 before byte " + in.position());
        }
    }

    private FormatException refused(String what) {
        return new FormatException(source + ": refused " + what + ": only a state dict's tensors are read, nothing "
                + "in the file is run (as torch.load(weights_only=True))");
    }

    private FormatException bad(String what) {
        return new FormatException(source + ": not a valid state dict pickle: " + what);
    }

    private static String describe(Object value) {
        if (value instanceof Tuple t) {
            return "(" + String.join(", ", t.items().stream().map(StateDictPickle::describeItem).toList()) + ")";
        }
        return describeItem(value);
    }

    private static String describeItem(Object value) {
        if (value instanceof String s) {
            return "'" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
        }
        if (value instanceof Long || value instanceof Boolean || value instanceof Global
                || value instanceof StorageType) {
            return String.valueOf(value);
        }
        return typeName(value);
    }

    private static String typeName(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Tuple) {
            return "tuple";
        }
        if (value instanceof Map<?, ?>) {
            return "dict";
        }
        if (value instanceof TensorRef) {
            return "tensor";
        }
        if (value instanceof StorageRef) {
            return "storage";
        }
        if (value instanceof Global g) {
            return "function " + g;
        }
        if (value instanceof StorageType t) {
            return "torch." + t.name();
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Long) {
            return "integer";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        return value.getClass().getSimpleName();
    }

    private static String opcodeName(int opcode) {
        String name = switch (opcode) {
            case 'i' -> "INST";
            case 'o' -> "OBJ";
            case 0x81 -> "NEWOBJ";
            case 0x92 -> "NEWOBJ_EX";
            case 0x93 -> "STACK_GLOBAL";
            case 'P' -> "PERSID";
            case ']' -> "EMPTY_LIST";
            case 'a' -> "APPEND";
            case 'e' -> "APPENDS";
            case 'l' -> "LIST";
            case 'd' -> "DICT";
            case 'I' -> "INT";
            case 'L' -> "LONG";
            case 'S' -> "STRING";
            case 'V' -> "UNICODE";
            case 'G' -> "BINFLOAT";
            case 'F' -> "FLOAT";
            case 0x82, 0x83, 0x84 -> "EXT";
            case 0x8c -> "SHORT_BINUNICODE";
            case 0x95 -> "FRAME";
            default -> null;
        };
        String hex = String.format("0x%02x", opcode);
        return name == null ? hex : name + " (" + hex + ")";
    }
}
