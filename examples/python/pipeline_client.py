#!/usr/bin/env python3
"""A small client of the prediction pipeline's REST API, on Python's standard library alone.

Predictions answer synchronously when they can; a 202 (the wait budget ran out, or the
caller asked for a job) is followed to its job until it is final. docs/quickstart.md runs
every command below against the local stack (docs/quickstart.sh).

    export PIPELINE_URL=http://localhost:8080 PIPELINE_API_KEY=pk_...
    python3 pipeline_client.py predict sentiment "I love this product" "Terrible support"
    python3 pipeline_client.py predict kalman '[1, 2, 3, 2, 1]'
    python3 pipeline_client.py job sentiment "Queued, then polled"
    python3 pipeline_client.py metrics sentiment
    python3 pipeline_client.py analyze sentiment

Or from Python: ``PipelineClient(url, api_key).predict("sentiment", ["I love it"])``.
"""

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request


class PipelineError(Exception):
    """An RFC 9457 problem answer: its status, type and detail."""

    def __init__(self, status, problem):
        self.status = status
        self.problem = problem
        super().__init__("%s %s: %s" % (status, problem.get("title", ""), problem.get("detail", problem)))


class JobFailed(Exception):
    """A job that ended FAILED or EXPIRED: its error code and message."""

    def __init__(self, job):
        self.job = job
        error = job.get("error") or {}
        super().__init__("job %s %s: %s %s" % (job["id"], job["status"], error.get("code"), error.get("message")))


class PipelineClient:
    """One API key against one ingress. Every method returns the decoded JSON answer."""

    def __init__(self, url, api_key, timeout=60.0):
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    def predict(self, model, inputs, parameters=None, wait_seconds=None):
        """A synchronous prediction; a 202 is followed to its job's result."""
        headers = {"Prefer": "wait=%d" % wait_seconds} if wait_seconds is not None else {}
        status, answer, location = self._call("POST", "/v1/models/%s/predict" % _path(model),
                                              _body(inputs, parameters), headers)
        if status == 202:
            job = self.wait_for_job(answer["id"], location)
            if job["status"] != "SUCCEEDED":
                raise JobFailed(job)
            return job["result"]
        return answer

    def submit_job(self, model, inputs, parameters=None, idempotency_key=None):
        """An asynchronous job: answers {"id", "status": "QUEUED"} at once."""
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        return self._call("POST", "/v1/models/%s/jobs" % _path(model), _body(inputs, parameters), headers)[1]

    def job(self, job_id):
        return self._call("GET", "/v1/jobs/%s" % _path(job_id))[1]

    def wait_for_job(self, job_id, location=None, timeout=60.0, interval=0.5):
        """Polls the job until it is SUCCEEDED, FAILED or EXPIRED."""
        path = location or "/v1/jobs/%s" % _path(job_id)
        deadline = time.monotonic() + timeout
        while True:
            job = self._call("GET", path)[1]
            if job["status"] != "QUEUED":
                return job
            if time.monotonic() > deadline:
                raise TimeoutError("job %s still QUEUED after %.0f s" % (job_id, timeout))
            time.sleep(interval)

    def models(self):
        return self._call("GET", "/v1/models")[1]

    def metrics_summary(self, model, window="1h"):
        query = urllib.parse.urlencode({"model": model, "window": window})
        return self._call("GET", "/v1/metrics/summary?" + query)[1]

    def analyze(self, model, window="1h", timeout=60.0):
        """A performance report; a 202 (still being written) is polled until it is ready."""
        status, answer, location = self._call("POST", "/v1/analysis/performance",
                                              {"model": model, "window": window})
        deadline = time.monotonic() + timeout
        while status == 202:
            if time.monotonic() > deadline:
                raise TimeoutError("analysis %s still pending after %.0f s" % (answer["id"], timeout))
            time.sleep(1)
            status, answer, _ = self._call("GET", location or "/v1/analysis/%s" % _path(answer["id"]))
        return answer

    def _call(self, method, path, body=None, headers=None):
        request = urllib.request.Request(self.url + path, method=method)
        request.add_header("Authorization", "Bearer " + self.api_key)
        request.add_header("Accept", "application/json, application/problem+json")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, data, timeout=self.timeout) as response:
                return response.status, json.load(response), response.headers.get("Location")
        except urllib.error.HTTPError as error:
            text = error.read().decode("utf-8", "replace")
            try:
                problem = json.loads(text)
            except ValueError:
                problem = {"detail": text}
            raise PipelineError(error.code, problem) from None


def _body(inputs, parameters):
    body = {"inputs": inputs}
    if parameters:
        body["parameters"] = parameters
    return body


def _path(segment):
    return urllib.parse.quote(str(segment), safe="")


def _inputs(model_inputs):
    """Texts as they are; a JSON array (a Kalman series) as numbers."""
    return [json.loads(value) if value.lstrip().startswith("[") else value for value in model_inputs]


def main(argv=None):
    parser = argparse.ArgumentParser(description="Calls the prediction pipeline's REST API.")
    parser.add_argument("--url", default=os.environ.get("PIPELINE_URL", "http://localhost:8080"))
    parser.add_argument("--api-key", default=os.environ.get("PIPELINE_API_KEY"),
                        help="an account's API key (default: $PIPELINE_API_KEY)")
    commands = parser.add_subparsers(dest="command", required=True)
    predict = commands.add_parser("predict", help="a synchronous prediction")
    predict.add_argument("model")
    predict.add_argument("inputs", nargs="+", help="texts, or JSON arrays of numbers for kalman")
    job = commands.add_parser("job", help="an asynchronous job, polled until it is final")
    job.add_argument("model")
    job.add_argument("inputs", nargs="+")
    metrics = commands.add_parser("metrics", help="the model's metrics over the last hour")
    metrics.add_argument("model")
    analyze = commands.add_parser("analyze", help="a performance report on the model")
    analyze.add_argument("model")
    args = parser.parse_args(argv)
    if not args.api_key:
        parser.error("an API key is needed: --api-key or PIPELINE_API_KEY")

    client = PipelineClient(args.url, args.api_key)
    try:
        if args.command == "predict":
            answer = client.predict(args.model, _inputs(args.inputs))
        elif args.command == "job":
            answer = client.wait_for_job(client.submit_job(args.model, _inputs(args.inputs))["id"])
        elif args.command == "metrics":
            answer = client.metrics_summary(args.model)
        else:
            answer = client.analyze(args.model)
    except (PipelineError, JobFailed, TimeoutError) as error:
        print(error, file=sys.stderr)
        return 1
    print(json.dumps(answer, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
