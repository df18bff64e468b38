"""A worker process for the concurrency tests: opens the store, says ``ready``, waits for
``go`` on stdin (so both workers start their write at the same moment), does one thing and
prints the result as JSON. Run as ``python sql_worker.py COMMAND URL [ARGS]``.

Commands:
    lines N REVERSED   write lines 0..N-1 of the test data (in reverse order if REVERSED=1)
    approve            approve every line in the store
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    command, url, *args = sys.argv[1:]
    import sql_data
    from shuangyong.storage import LedgerStateError
    from shuangyong.storage.model import LineStatus

    from shuangyong_sql.store import PgStore

    with PgStore(url) as store:
        if command == "lines":
            n, reversed_ = int(args[0]), args[1] == "1"
            lines = [sql_data.line(i) for i in range(n)]
            if reversed_:
                lines.reverse()
        else:
            ids = [line.line_id for line in store.lines()]
        print("ready", flush=True)
        if sys.stdin.readline().strip() != "go":
            raise SystemExit("expected go")
        try:
            if command == "lines":
                result = {"written": store.add_lines(lines, actor="worker")}
            elif command == "approve":
                result = {"approved": store.set_status(ids, LineStatus.APPROVED, actor="w")}
            else:
                raise SystemExit(f"unknown command {command}")
        except LedgerStateError as exc:
            result = {"error": type(exc).__name__, "line_id": exc.line_id}
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
