package dev.pipeline.contracts;

/**
 * Why a request did not succeed: a stable machine-readable code and a message for people.
 */
public record ErrorInfo(String code, String message) {
}
