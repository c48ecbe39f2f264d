package org.zfnet.api.analysis;

/** The value types an analysis option can take. */
public enum OptionType {
    /** A whole number. */
    INT,
    /** A floating-point number. */
    FLOAT,
    /** Free text. */
    STRING,
    /** One of the option's declared choices. */
    CHOICE,
    /** A switch without a value; present means {@code true}. */
    FLAG
}
