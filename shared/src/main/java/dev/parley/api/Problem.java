package dev.parley.api;

import java.util.List;

/**
 * An RFC 9457 problem details body. {@code errors} lists the offending fields of a validation failure
 * and is null otherwise.
 */
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid input field; {@code field} is the JSON property name (or a query parameter). */
    public record FieldError(String field, String message) {}
}
