package org.zfnet.formats;

/** IEEE 754 half precision (float16) and bfloat16 to float32. */
public final class HalfFloats {

    private HalfFloats() {
    }

    /** float16: 1 sign bit, 5 exponent bits (bias 15), 10 mantissa bits. */
    public static float half(short bits) {
        int h = bits & 0xffff;
        int sign = (h >>> 15) << 31;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0) {
            if (mantissa == 0) {
                return Float.intBitsToFloat(sign);
            }
            // subnormal: mantissa * 2^-24
            float value = mantissa * 0x1p-24f;
            return sign == 0 ? value : -value;
        }
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /** bfloat16: the upper 16 bits of a float32. */
    static float bfloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }
}
