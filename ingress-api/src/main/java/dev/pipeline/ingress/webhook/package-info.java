/**
 * Job webhooks: callback URLs checked against SSRF, per-account signing secrets and the
 * signed, retried delivery of a job's final state (Standard Webhooks).
 */
@NullMarked
package dev.pipeline.ingress.webhook;

import org.jspecify.annotations.NullMarked;
