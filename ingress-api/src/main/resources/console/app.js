// The console: sign-in, live metrics, alerts and thresholds, analysis, trying a model and
// the jobs list. Every request goes through api.js (the credential as a header) and every
// refusal is shown as the problem's words, never thrown at the browser console.

import { ApiError, credential, forget, get, isAdmin, post, put, remember } from './api.js';
import { followJob, isFinal } from './sse.js';
import { LineChart } from './charts.js';

const REFRESH_MS = 5000;
const JOBS_REFRESH_MS = 15000;
const SUMMARY_WINDOW = '5m';
const SUMMARY_SECONDS = 300;
const SERIES_MINUTES = 30;
const ALERTS_SINCE_MS = 24 * 3600 * 1000;
/** Job streams at once: the browser keeps at most six connections to a server. */
const MAX_STREAMS = 2;

const $ = (selector) => document.querySelector(selector);

const state = {
	models: [],
	timers: [],
	seenAlerts: null,
	streams: new Map(),
	waiting: [],
	charts: {},
	abort: new AbortController(),
};

document.addEventListener('DOMContentLoaded', () => {
	$('#sign-in').addEventListener('submit', signIn);
	$('#sign-out').addEventListener('click', signOut);
	$('#error').addEventListener('click', () => showError(null));
	$('#threshold-editor').addEventListener('submit', saveThresholds);
	$('#threshold-editor [name=model]').addEventListener('change', fillThresholdEditor);
	$('#analysis').addEventListener('submit', askForReport);
	$('#analysis [name=model]').addEventListener('change', showRememberedReport);
	$('#try').addEventListener('submit', tryModel);
	$('#try-model').addEventListener('change', showInputForModel);
	if (credential()) {
		start();
	}
});

// ---- sign-in -------------------------------------------------------------------------

async function signIn(event) {
	event.preventDefault();
	const form = event.target;
	remember(form.kind.value, form.secret.value.trim());
	form.secret.value = '';
	await start();
}

function signOut() {
	forget();
	stop();
	$('#console').hidden = true;
	$('#who').hidden = true;
	$('#sign-in-section').hidden = false;
	showError(null);
}

async function start() {
	try {
		// Checks the credential and loads what every form needs.
		state.models = (await get('/v1/models')).body.models;
	}
	catch (error) {
		forget();
		report(error);
		return;
	}
	showError(null);
	state.abort = new AbortController();
	$('#sign-in-section').hidden = true;
	$('#console').hidden = false;
	$('#who').hidden = false;
	$('#signed-in-as').textContent = isAdmin() ? 'Signed in as admin' : 'Signed in with an API key';
	$('#metrics-scope').textContent = isAdmin() ? '(all accounts)' : '(your account)';
	$('#threshold-editor').hidden = !isAdmin();
	for (const select of document.querySelectorAll('.model-select')) {
		select.replaceChildren(...state.models.map((model) => new Option(model.name, model.name)));
	}
	showInputForModel();
	showRememberedReport();
	every(REFRESH_MS, refreshMetrics);
	every(REFRESH_MS, refreshAlerts);
	every(REFRESH_MS * 6, refreshThresholds);
	every(JOBS_REFRESH_MS, refreshJobs);
}

function stop() {
	state.timers.forEach(clearInterval);
	state.timers = [];
	state.abort.abort();
	state.streams.clear();
	state.waiting = [];
	state.seenAlerts = null;
	for (const table of ['#metrics', '#alerts', '#thresholds', '#jobs']) {
		$(`${table} tbody`).replaceChildren();
	}
	$('#report').hidden = true;
	$('#prediction').hidden = true;
}

/** Runs task now and then every period while signed in. */
function every(period, task) {
	task();
	state.timers.push(setInterval(task, period));
}

// ---- errors --------------------------------------------------------------------------

function report(error) {
	if (error instanceof ApiError && error.status === 401 && credential()) {
		signOut();
	}
	showError(error instanceof ApiError ? error.message : `Request failed: ${error.message}`);
}

function showError(message) {
	$('#error').hidden = !message;
	$('#error').textContent = message ? `${message} (click to dismiss)` : '';
}

/** A task whose failure is shown, not thrown. */
async function guarded(task) {
	try {
		await task();
	}
	catch (error) {
		if (!state.abort.signal.aborted) {
			report(error);
		}
	}
}

// ---- metrics -------------------------------------------------------------------------

function refreshMetrics() {
	return guarded(async () => {
		const from = new Date(Date.now() - SERIES_MINUTES * 60000).toISOString();
		const answers = await Promise.all(state.models.map(async (model) => {
			const name = encodeURIComponent(model.name);
			const [summary, series] = await Promise.all([
				get(`/v1/metrics/summary?model=${name}&window=${SUMMARY_WINDOW}`),
				get(`/v1/metrics?model=${name}&from=${encodeURIComponent(from)}&step=1m`),
			]);
			return { model: model.name, summary: summary.body, points: series.body.points };
		}));
		$('#metrics tbody').replaceChildren(...answers.map(({ model, summary }) => row({ model }, [model,
			summary.count, fixed(summary.count / SUMMARY_SECONDS, 2), percent(summary.errorRate),
			fixed(summary.latencyMs.p50, 1), fixed(summary.latencyMs.p95, 1), fixed(summary.latencyMs.p99, 1)])));
		drawMetricCharts(answers);
	});
}

function drawMetricCharts(answers) {
	const times = [...new Set(answers.flatMap((answer) => answer.points.map((point) => point.from)))].sort();
	const x = times.map((time) => Date.parse(time) / 1000);
	const series = (value) => Object.fromEntries(answers.map((answer) => {
		const byTime = new Map(answer.points.map((point) => [point.from, point]));
		return [answer.model, times.map((time) => (byTime.has(time) ? value(byTime.get(time)) : null))];
	}));
	chart('#throughput-chart').update(x, series((point) => point.count / 60));
	chart('#latency-chart').update(x, series((point) => point.latencyMs.p95));
	chart('#errors-chart', { floor: 1 }).update(x, series((point) => (point.errorRate === null ? null
		: point.errorRate * 100)));
}

function chart(selector, options) {
	state.charts[selector] ??= new LineChart($(selector), options);
	return state.charts[selector];
}

// ---- alerts and thresholds -----------------------------------------------------------

function refreshAlerts() {
	return guarded(async () => {
		const since = new Date(Date.now() - ALERTS_SINCE_MS).toISOString();
		const alerts = (await get(`/v1/alerts?since=${encodeURIComponent(since)}&limit=50`)).body.alerts;
		// Alerts raised since sign-in stay marked new; those already there at sign-in do not.
		state.seenAlerts ??= new Set(alerts.map((alert) => alert.id));
		$('#alerts tbody').replaceChildren(...alerts.map((alert) => {
			const tr = row({ alertId: alert.id, model: alert.model, metric: alert.metric }, [time(alert.raisedAt),
				`${alert.model} ${alert.modelVersion}`, alert.metric, fixed(alert.observed, 3),
				fixed(alert.threshold, 3), `${time(alert.windowStart)} to ${time(alert.windowEnd)}`]);
			if (!state.seenAlerts.has(alert.id)) {
				tr.classList.add('new');
			}
			return tr;
		}));
	});
}

function refreshThresholds() {
	return guarded(async () => {
		const thresholds = (await get('/v1/metrics/thresholds')).body.thresholds;
		state.thresholds = thresholds;
		$('#thresholds tbody').replaceChildren(...thresholds.map((t) => row({ model: t.model }, [t.model,
			t.p95LatencyMs ?? '–', t.maxErrorRate ?? '–', t.minMeanConfidence ?? '–', t.minWindowCount,
			time(t.updatedAt)])));
		fillThresholdEditor();
	});
}

function fillThresholdEditor() {
	const form = $('#threshold-editor');
	const current = (state.thresholds || []).find((t) => t.model === form.model.value);
	for (const field of ['p95LatencyMs', 'maxErrorRate', 'minMeanConfidence', 'minWindowCount']) {
		form[field].value = current?.[field] ?? '';
	}
}

function saveThresholds(event) {
	event.preventDefault();
	const form = event.target;
	const number = (field) => (form[field].value === '' ? null : Number(form[field].value));
	return guarded(async () => {
		await put('/v1/metrics/thresholds', { model: form.model.value, p95LatencyMs: number('p95LatencyMs'),
			maxErrorRate: number('maxErrorRate'), minMeanConfidence: number('minMeanConfidence'),
			minWindowCount: number('minWindowCount') });
		showError(null);
		await refreshThresholds();
	});
}

// ---- analysis ------------------------------------------------------------------------

const reportKey = (model) => `pipeline.console.report.${model}`;

function askForReport(event) {
	event.preventDefault();
	const form = event.target;
	const model = form.model.value;
	const button = form.querySelector('button');
	button.disabled = true;
	$('#report-meta').textContent = 'Writing the report…';
	return guarded(async () => {
		try {
			let answer = await post('/v1/analysis/performance', { model, window: form.window.value },
				{ Prefer: 'wait=20' });
			answer = await untilWritten(answer);
			// Only the report's id is remembered (it is no secret), so the latest report
			// shows again after a reload.
			sessionStorage.setItem(reportKey(model), answer.body.id);
			showReport(answer.body);
		}
		finally {
			button.disabled = false;
		}
	});
}

/** Polls a 202's Location until the report is there. */
async function untilWritten(answer) {
	for (let attempt = 0; answer.status === 202 && attempt < 60; attempt++) {
		await new Promise((resolve) => setTimeout(resolve, 1000));
		answer = await get(answer.headers.get('Location') || `/v1/analysis/${answer.body.id}`);
	}
	if (answer.status === 202) {
		throw new Error('the report is still being written; ask again in a minute');
	}
	return answer;
}

function showRememberedReport() {
	const id = sessionStorage.getItem(reportKey($('#analysis [name=model]').value));
	$('#report').hidden = true;
	if (id) {
		guarded(async () => showReport((await untilWritten(await get(`/v1/analysis/${encodeURIComponent(id)}`))).body));
	}
}

function showReport(body) {
	$('#report').hidden = false;
	$('#report-source').textContent = body.source === 'rule-based' ? 'rule-based fallback' : `by ${body.source}`;
	$('#report-source').className = `badge ${body.source === 'rule-based' ? 'warn' : ''}`;
	$('#report-cached').textContent = body.cached ? 'from the cache' : 'freshly written';
	$('#report-meta').textContent = `${body.model}, last ${body.window}, written ${time(body.generatedAt)}`;
	$('#report-text').textContent = body.report;
}

// ---- try a model ---------------------------------------------------------------------

function modelNamed(name) {
	return state.models.find((model) => model.name === name);
}

function showInputForModel() {
	const series = modelNamed($('#try-model').value)?.inputKind === 'number-series';
	$('#try-text-input').hidden = series;
	$('#try-series-input').hidden = !series;
}

function tryModel(event) {
	event.preventDefault();
	const model = $('#try-model').value;
	const series = modelNamed(model)?.inputKind === 'number-series';
	const job = event.submitter?.value === 'job';
	return guarded(async () => {
		const input = series ? parseSeries($('#try-series').value) : $('#try-text').value;
		const path = `/v1/models/${encodeURIComponent(model)}/${job ? 'jobs' : 'predict'}`;
		const answer = await post(path, { inputs: [input] });
		showError(null);
		if (answer.status === 202) {
			// A job, asked for or because the result took longer than the wait.
			addJob({ id: answer.body.id, model, status: answer.body.status, submittedAt: new Date().toISOString() });
			return;
		}
		showPrediction(answer.body, series ? input : null);
	});
}

function parseSeries(text) {
	const numbers = text.split(/[\s,;]+/).filter((part) => part !== '').map(Number);
	if (numbers.length === 0 || numbers.some(Number.isNaN)) {
		throw new Error('the series must be numbers separated by commas or spaces');
	}
	return numbers;
}

function showPrediction(body, input) {
	const output = body.outputs[0];
	$('#prediction').hidden = false;
	$('#prediction-meta').textContent = `${body.model} ${body.modelVersion ?? ''}, ${fixed(body.timings?.totalMs, 1)} ms`;
	if (input === null) {
		$('#prediction-label').textContent = output.label;
		$('#prediction-score').textContent = `score ${fixed(output.score, 3)}`;
		$('#series-figure').hidden = true;
		return;
	}
	const estimates = Array.isArray(output) ? output : output.estimates;
	$('#prediction-label').textContent = `${estimates.length} filtered values`;
	$('#prediction-score').textContent = '';
	$('#series-figure').hidden = false;
	state.charts.series ??= new LineChart($('#series-chart'), { time: false });
	state.charts.series.update(input.map((_, i) => i), { input, filtered: estimates });
}

// ---- jobs ----------------------------------------------------------------------------

function refreshJobs() {
	return guarded(async () => {
		const jobs = (await get('/v1/jobs?limit=20')).body.items;
		jobs.reverse().forEach(upsertJob);
		jobs.filter((job) => !isFinal(job.status)).forEach(follow);
	});
}

function addJob(job) {
	upsertJob(job);
	follow(job);
}

/** Writes a job's row, creating it at the top when it is new. */
function upsertJob(job) {
	const body = $('#jobs tbody');
	let tr = body.querySelector(`tr[data-job-id="${CSS.escape(job.id)}"]`);
	if (!tr) {
		tr = row({ jobId: job.id }, ['', '', '', '', '']);
		body.prepend(tr);
	}
	const cells = tr.children;
	cells[0].textContent = time(job.submittedAt);
	cells[1].textContent = job.id;
	cells[2].textContent = job.model;
	cells[3].textContent = job.status;
	cells[3].className = `status ${job.status.toLowerCase()}`;
	cells[4].textContent = summarise(job);
	tr.dataset.status = job.status;
}

function summarise(job) {
	if (job.error) {
		return `${job.error.code}: ${job.error.message}`;
	}
	const output = job.result?.outputs?.[0];
	if (!output) {
		return '';
	}
	if (output.label !== undefined) {
		return `${output.label} (${fixed(output.score, 3)})`;
	}
	const estimates = Array.isArray(output) ? output : output.estimates;
	return estimates ? `${estimates.length} filtered values` : JSON.stringify(output);
}

/** Follows a job over SSE, a few at a time; the rest wait their turn. */
function follow(job) {
	if (state.streams.has(job.id) || state.waiting.includes(job.id)) {
		return;
	}
	if (state.streams.size >= MAX_STREAMS) {
		state.waiting.push(job.id);
		return;
	}
	const signal = state.abort.signal;
	state.streams.set(job.id, followJob(job.id, upsertJob, signal)
		.catch((error) => {
			if (!signal.aborted) {
				report(error);
			}
		})
		.finally(() => {
			if (signal.aborted) {
				return;
			}
			state.streams.delete(job.id);
			const next = state.waiting.shift();
			if (next) {
				follow({ id: next });
			}
		}));
}

// ---- helpers -------------------------------------------------------------------------

/** A table row of text cells (never HTML), with data attributes for scripts and tests. */
function row(data, cells) {
	const tr = document.createElement('tr');
	Object.assign(tr.dataset, data);
	for (const cell of cells) {
		const td = document.createElement('td');
		td.textContent = cell ?? '–';
		tr.append(td);
	}
	return tr;
}

function fixed(value, digits) {
	return (value === null || value === undefined || Number.isNaN(value)) ? '–' : Number(value).toFixed(digits);
}

function percent(value) {
	return (value === null || value === undefined) ? '–' : `${(value * 100).toFixed(2)} %`;
}

function time(iso) {
	return iso ? new Date(iso).toLocaleTimeString() : '–';
}
