package dev.pipeline.contracts;

/** Terminal state of one inference request. */
public enum ResultStatus {

	SUCCEEDED, FAILED, EXPIRED

}
