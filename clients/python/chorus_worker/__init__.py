"""A bring-your-own scoring worker for Chorus competitions with a custom metric (docs/arena.md, "Workers").

Standard library only. The worker claims its competition's scoring jobs, runs the organiser's scorer command once per
split as ``COMMAND... SOLUTION.csv SUBMISSION.csv`` (both files hold the same ids in the same order) and reports:

* metric ``custom``: the command prints one number, the split's score (higher is better);
* metric ``custom_loss``: the command prints one loss per row, in the files' row order (lower is better).

For a competition that takes models (``mode: model`` in the job's files), the command is run once per job as
``COMMAND... MODEL_DIR INPUTS PREDICTIONS``: MODEL_DIR holds the submitted model's files (downloaded through the job's
lease), INPUTS is the test inputs' file, and the command writes its predictions (CSV or Parquet, the sample submission's
columns) to PREDICTIONS. The server checks and scores them; it never sends the solution.

Exit code 2 means the submission is at fault (final; it counts against the team's daily cap). Any other failure --
another exit code, a timeout, output that is not numbers, a crash -- is the infrastructure's: the job is retried,
possibly by another worker, and never counts against the cap. While the scorer runs, heartbeats keep the lease; if the
lease is lost, the scorer is stopped and nothing is reported.
"""

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

SUBMISSION_FAULT = 2
"""The scorer's exit code for "this submission is wrong" (a final failure blamed on the input)."""


class LeaseLost(Exception):
    """The server no longer lets this worker report on the job (lease expired or given to another worker)."""


class Failure(Exception):
    """A scoring attempt that failed, with whose fault it is: "input" or "infrastructure"."""

    def __init__(self, blame, message):
        super().__init__(message)
        self.blame = blame


class Worker:
    def __init__(self, server, token, command, timeout=300.0, lease=60, wait=25, log=None):
        self.server = server.rstrip("/")
        self.token = token
        self.command = list(command)
        self.timeout = timeout
        self.lease = int(lease)
        self.wait = int(wait)
        self.log = log or (lambda message: print(message, file=sys.stderr, flush=True))

    # --- HTTP -------------------------------------------------------------------------------------------------

    def _call(self, method, path, lease=None, body=None, predictions=None):
        """A call with a JSON body, or the bytes of predictions; returns the status and the parsed JSON answer."""
        if predictions is not None:
            status, text = self._raw(method, path, lease, predictions, "text/csv")
        else:
            data = None if body is None else json.dumps(body).encode("utf-8")
            status, text = self._raw(method, path, lease, data, "application/json")
        text = text.decode("utf-8")
        return status, (json.loads(text) if text else None)

    def _raw(self, method, path, lease=None, data=None, content_type=None):
        """The status and body bytes of a call; LeaseLost for 404 or 409 on a call that names a lease."""
        request = urllib.request.Request(self.server + "/api/chorus/workers" + path, data=data, method=method)
        request.add_header("Authorization", "Bearer " + self.token)
        if data is not None:
            request.add_header("Content-Type", content_type)
        if lease is not None:
            request.add_header("X-Chorus-Lease", lease)
        try:
            with urllib.request.urlopen(request, timeout=self.wait + 30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as e:
            text = e.read().decode("utf-8", "replace")
            if e.code in (404, 409) and lease is not None:
                raise LeaseLost(text) from e
            raise RuntimeError("%s %s answered %d: %s" % (method, path, e.code, text)) from e

    def claim(self):
        status, job = self._call("POST", "/claim?wait=%d&lease=%d" % (self.wait, self.lease))
        return job if status == 200 else None

    # --- one job ----------------------------------------------------------------------------------------------

    def run_once(self):
        """Claims one job (waiting up to ``wait`` seconds) and scores it; returns whether there was one."""
        job = self.claim()
        if job is None:
            return False
        self.score(job)
        return True

    def run(self):
        """Scores jobs until interrupted; network trouble is retried after a pause that grows up to 30 s."""
        pause = 1.0
        while True:
            try:
                self.run_once()
                pause = 1.0
            except (OSError, RuntimeError) as e:
                self.log("chorus_worker: %s; retrying in %.0f s" % (e, pause))
                time.sleep(pause)
                pause = min(pause * 2, 30.0)

    def score(self, job):
        job_id, lease = job["job"], job["lease"]
        stop = threading.Event()
        lost = threading.Event()
        beating = threading.Thread(target=self._heartbeat, args=(job_id, lease, stop, lost), daemon=True)
        beating.start()
        try:
            try:
                _, files = self._call("GET", "/jobs/%s/files" % job_id, lease=lease)
                if files.get("mode") == "model":
                    predictions = self._predict(job_id, lease, files, lost)
                    _, answer = self._call("POST", "/jobs/%s/predictions" % job_id, lease=lease, predictions=predictions)
                    self.log("chorus_worker: job %s: predictions %s" % (job_id, answer.get("error") or "scored"))
                    return
                report = self._report(files, lost)
            except Failure as f:
                self.log("chorus_worker: job %s failed (%s): %s" % (job_id, f.blame, f))
                self._call("POST", "/jobs/%s/failure" % job_id, lease=lease, body={"blame": f.blame, "message": str(f)})
                return
            self._call("POST", "/jobs/%s/result" % job_id, lease=lease, body=report)
            self.log("chorus_worker: job %s scored" % job_id)
        except LeaseLost as e:
            self.log("chorus_worker: lost the lease on job %s: %s" % (job_id, e))
        finally:
            stop.set()
            beating.join()

    def _heartbeat(self, job_id, lease, stop, lost):
        while not stop.wait(max(self.lease / 3.0, 0.2)):
            try:
                self._call("POST", "/jobs/%s/heartbeat?lease=%d" % (job_id, self.lease), lease=lease)
            except LeaseLost:
                lost.set()
                return
            except (OSError, RuntimeError) as e:
                self.log("chorus_worker: heartbeat failed: %s" % e)

    def _report(self, files, lost):
        metric = files["metric"]
        report = {}
        with tempfile.TemporaryDirectory(prefix="chorus-worker-") as scratch:
            for part in files["parts"]:
                split = part["split"]
                solution = os.path.join(scratch, split + "-solution.csv")
                submission = os.path.join(scratch, split + "-submission.csv")
                with open(solution, "w", encoding="utf-8", newline="") as f:
                    f.write(part["solution"])
                with open(submission, "w", encoding="utf-8", newline="") as f:
                    f.write(part["submission"])
                out = self._run([solution, submission], lost)
                if metric == "custom_loss":
                    report[split + "Losses"] = _numbers(out, part["rows"], split)
                else:
                    report[split] = _numbers(out, 1, split)[0]
        return report

    def _predict(self, job_id, lease, files, lost):
        """Downloads the model through the lease, runs the command on it and the test inputs; returns the predictions' bytes."""
        with tempfile.TemporaryDirectory(prefix="chorus-worker-") as scratch:
            model_dir = os.path.join(scratch, "model")
            os.mkdir(model_dir)
            _, listing = self._call("GET", "/jobs/%s/model" % job_id, lease=lease)
            for entry in listing["files"]:
                target = os.path.normpath(os.path.join(model_dir, entry["path"]))
                if not target.startswith(model_dir + os.sep):
                    raise Failure("infrastructure", "the server listed a model file outside the model: %s" % entry["path"])
                os.makedirs(os.path.dirname(target), exist_ok=True)
                quoted = "/".join(urllib.parse.quote(segment, safe="") for segment in entry["path"].split("/"))
                _, content = self._raw("GET", "/jobs/%s/model/%s" % (job_id, quoted), lease=lease)
                with open(target, "wb") as f:
                    f.write(content)
            inputs = os.path.join(scratch, os.path.basename(files["inputsPath"]))
            with open(inputs, "w", encoding="utf-8", newline="") as f:
                f.write(files["inputs"])
            predictions = os.path.join(scratch, "predictions")
            self._run([model_dir, inputs, predictions], lost)
            if not os.path.isfile(predictions):
                raise Failure("infrastructure", "the command wrote no predictions")
            with open(predictions, "rb") as f:
                return f.read()

    def _run(self, arguments, lost):
        """The command's stdout; Failure for a non-zero exit or a timeout; LeaseLost when the lease went meanwhile."""
        try:
            process = subprocess.Popen(self.command + arguments, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError as e:
            raise Failure("infrastructure", "cannot start the scorer: %s" % e)
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                out, err = process.communicate(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if lost.is_set() or time.monotonic() >= deadline:
                    process.kill()
                    process.communicate()
                    if lost.is_set():
                        raise LeaseLost("the lease was lost while the scorer ran")
                    raise Failure("infrastructure", "the scorer timed out after %g s" % self.timeout)
        tail = err.decode("utf-8", "replace").strip()[-800:]
        if process.returncode == SUBMISSION_FAULT:
            raise Failure("input", tail or "the scorer refused the submission")
        if process.returncode != 0:
            raise Failure("infrastructure", "the scorer exited with %d: %s" % (process.returncode, tail))
        return out.decode("utf-8", "replace")


def _numbers(out, expected, split):
    try:
        values = [float(line) for line in out.split()]
    except ValueError:
        raise Failure("infrastructure", "the scorer printed something other than numbers for the %s split" % split)
    if len(values) != expected:
        raise Failure("infrastructure", "the scorer printed %d numbers for the %s split; expected %d" % (len(values), split, expected))
    return values
