// The one place that holds the credential and talks to the API. The credential lives in
// this tab's sessionStorage only and leaves the page only as a request header (the API's
// Authorization or X-Admin-Token), never in a URL.

const STORAGE_KEY = 'pipeline.console.credential';

/** The signed-in credential, {kind: 'key' | 'admin', secret}, or null. */
export function credential() {
	const stored = sessionStorage.getItem(STORAGE_KEY);
	return stored ? JSON.parse(stored) : null;
}

export function remember(kind, secret) {
	sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ kind, secret }));
}

export function forget() {
	sessionStorage.removeItem(STORAGE_KEY);
}

export function isAdmin() {
	return credential()?.kind === 'admin';
}

/** The headers that authenticate a request, as the API reads them (docs/api.md). */
export function authHeaders() {
	const signedIn = credential();
	if (!signedIn) {
		return {};
	}
	return signedIn.kind === 'admin' ? { 'X-Admin-Token': signedIn.secret }
		: { Authorization: `Bearer ${signedIn.secret}` };
}

/** An answer the API refused: the problem+json fields, readable as one sentence. */
export class ApiError extends Error {

	constructor(status, problem) {
		super(describe(status, problem));
		this.status = status;
		this.problem = problem;
	}

}

function describe(status, problem) {
	if (!problem || typeof problem !== 'object') {
		return `The server answered ${status}.`;
	}
	let text = `${problem.title || 'Error'} (${problem.status || status})`;
	if (problem.detail) {
		text += `: ${problem.detail}`;
	}
	// Validation problems name each field (docs/api.md, "Errors").
	for (const error of problem.errors || []) {
		text += ` ${error.field || error.pointer || ''} ${error.message || error.detail || ''}.`;
	}
	return text;
}

/**
 * Sends a request with the credential; answers {status, headers, body} for 2xx and
 * throws an ApiError with the problem's words otherwise.
 */
export async function call(method, path, body, headers = {}) {
	const init = { method, headers: { Accept: 'application/json', ...authHeaders(), ...headers } };
	if (body !== undefined) {
		init.headers['Content-Type'] = 'application/json';
		init.body = JSON.stringify(body);
	}
	const response = await fetch(path, init);
	const text = await response.text();
	let parsed = null;
	if (text) {
		try {
			parsed = JSON.parse(text);
		}
		catch {
			parsed = text;
		}
	}
	if (!response.ok) {
		throw new ApiError(response.status, parsed);
	}
	return { status: response.status, headers: response.headers, body: parsed };
}

export const get = (path) => call('GET', path);
export const post = (path, body, headers) => call('POST', path, body, headers);
export const put = (path, body) => call('PUT', path, body);
