package se.tillit.pseudonymize.mask;

import se.tillit.pseudonymize.EntityType;

/**
 * One masked entity. {@code start} and {@code end} are the half-open range in the ORIGINAL text
 * (Java {@code char} indices, i.e. UTF-16 code units, as in JavaScript);
 * {@code maskedStart}/{@code maskedEnd} are the range of its placeholder in the masked text.
 * {@code placeholder} is always the numbered form ({@code [PERSON_1]}), whatever the output style.
 *
 * <p>Holds no text of the document, so printing or logging it leaks nothing.
 */
public record MaskedEntity(
    EntityType type,
    int start,
    int end,
    String placeholder,
    String source,
    double confidence,
    int maskedStart,
    int maskedEnd) {}
