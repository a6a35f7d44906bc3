// Server-sent events over fetch(): EventSource cannot send the credential header, and the
// credential never goes into a URL, so the stream is read and parsed here (the
// text/event-stream format of the HTML standard, the parts this API sends).

import { authHeaders, ApiError } from './api.js';

/**
 * Splits a text/event-stream into events. Returns the events complete so far and the
 * unfinished rest of the buffer.
 */
export function parseEvents(buffer) {
	const events = [];
	const blocks = buffer.replace(/\r\n?/g, '\n').split('\n\n');
	const rest = blocks.pop();
	for (const block of blocks) {
		const event = { event: 'message', data: [], id: null };
		for (const line of block.split('\n')) {
			if (line === '' || line.startsWith(':')) {
				continue; // a comment: the keep-alive
			}
			const colon = line.indexOf(':');
			const field = colon < 0 ? line : line.slice(0, colon);
			let value = colon < 0 ? '' : line.slice(colon + 1);
			if (value.startsWith(' ')) {
				value = value.slice(1);
			}
			if (field === 'data') {
				event.data.push(value);
			}
			else if (field === 'event') {
				event.event = value;
			}
			else if (field === 'id') {
				event.id = value;
			}
		}
		if (event.data.length > 0) {
			events.push({ event: event.event, id: event.id, data: event.data.join('\n') });
		}
	}
	return { events, rest };
}

/**
 * Follows one job's events until the server closes the stream (after the final state),
 * calling onJob with each state. Resumes with Last-Event-ID when the connection drops
 * before the end. Resolves with the last state seen.
 */
export async function followJob(id, onJob, signal) {
	let lastId = null;
	let last = null;
	for (let attempt = 0; attempt < 5; attempt++) {
		const headers = { Accept: 'text/event-stream', ...authHeaders() };
		if (lastId !== null) {
			headers['Last-Event-ID'] = lastId;
		}
		let response;
		try {
			response = await fetch(`/v1/jobs/${encodeURIComponent(id)}/events`, { headers, signal });
		}
		catch (error) {
			if (signal?.aborted) {
				return last;
			}
			continue;
		}
		if (response.status === 204) {
			return last; // Last-Event-ID already named the final state
		}
		if (response.status === 503 && attempt < 4) {
			// The instance has as many streams open as it may: try again when it says.
			const seconds = Number(response.headers.get('Retry-After')) || 5;
			await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
			continue;
		}
		if (!response.ok) {
			let problem = null;
			try {
				problem = await response.json();
			}
			catch {
				// not JSON: described by its status
			}
			throw new ApiError(response.status, problem);
		}
		const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
		let buffer = '';
		try {
			for (;;) {
				const { value, done } = await reader.read();
				if (done) {
					break;
				}
				const parsed = parseEvents(buffer + value);
				buffer = parsed.rest;
				for (const event of parsed.events) {
					if (event.id !== null) {
						lastId = event.id;
					}
					if (event.event === 'job') {
						last = JSON.parse(event.data);
						onJob(last);
					}
				}
			}
		}
		catch (error) {
			if (signal?.aborted) {
				return last;
			}
			continue; // dropped mid-stream: resume from the last id
		}
		if (last && isFinal(last.status)) {
			return last;
		}
	}
	return last;
}

export function isFinal(status) {
	return status === 'SUCCEEDED' || status === 'FAILED' || status === 'EXPIRED';
}
