"""python3 -m chorus_worker --server URL [--once] [--timeout S] [--lease S] [--wait S] -- COMMAND [ARGS...]

The worker's token comes from $CHORUS_WORKER_TOKEN (so it never shows in a process list)."""

import argparse
import os
import signal
import sys

from chorus_worker import Worker


def main(argv=None):
    parser = argparse.ArgumentParser(prog="chorus_worker", description="Score a Chorus competition's submissions with your own command.")
    parser.add_argument("--server", required=True, help="the Chorus server, e.g. http://localhost:8080")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds a scorer run may take (default 300)")
    parser.add_argument("--lease", type=int, default=60, help="seconds of each lease; heartbeats renew it (default 60)")
    parser.add_argument("--wait", type=int, default=25, help="seconds a claim waits for a job (0 to 25, default 25)")
    parser.add_argument("--once", action="store_true", help="score at most one job, then exit")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the scorer: COMMAND ARGS... (given SOLUTION.csv SUBMISSION.csv; for models MODEL_DIR INPUTS PREDICTIONS)")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    token = os.environ.get("CHORUS_WORKER_TOKEN")
    if not command or not token:
        parser.error("set $CHORUS_WORKER_TOKEN and give the scorer command after --")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    worker = Worker(args.server, token, command, timeout=args.timeout, lease=args.lease, wait=args.wait)
    if args.once:
        worker.run_once()
    else:
        worker.run()


if __name__ == "__main__":
    main()
