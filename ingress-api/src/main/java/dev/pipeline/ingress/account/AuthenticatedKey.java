package dev.pipeline.ingress.account;

/** A valid, unrevoked API key and the account it belongs to. */
record AuthenticatedKey(String keyId, String accountId) {

}
