package dev.pipeline.ingress.account;

/**
 * The authenticated account behind a request, set as a request attribute by the
 * authentication filter. Controllers take it with
 * {@code @RequestAttribute(Caller.ATTRIBUTE) Caller caller}.
 *
 * @param accountId the account the API key belongs to
 * @param admin whether the request carried the admin token instead of an API key
 */
public record Caller(String accountId, boolean admin) {

	public static final String ATTRIBUTE = "dev.pipeline.ingress.caller";

	/**
	 * Whether this caller may see or act on resources of the given account: its own, or any as
	 * admin. Routes answer 403 ({@code /api/v1/{account_id}/kalman}) or 404 (jobs) otherwise.
	 */
	public boolean mayActFor(String ownerAccountId) {
		return this.admin || (this.accountId != null && this.accountId.equals(ownerAccountId));
	}

}
