package org.sparkmore.data;

/**
 * One name of the embedded default dataset with the language it was listed under.
 *
 * @param name     the name as Datafaker lists it, trimmed and in Unicode NFC, case kept
 * @param language ISO 639-1 code of the locale it came from, e.g. "el" for el-GR
 */
public record NameRow(String name, String language) {
}
