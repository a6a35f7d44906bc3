package dev.pipeline.ingress.prediction;

/**
 * What a prediction route answers: its result (200: {@link PredictionBody}, or a
 * compatibility route's own shape) or, when the result is not back within the wait
 * budget, the job it became (202: {@link JobTicket}). Each route's OpenAPI responses name
 * the record of each status.
 */
public interface PredictionAnswer {

}
