"""Executes one notebook through the real Jupyter kernel protocol (nbclient) and reports each cell
as a JSON line on stdout, so `kit notebook run` can show progress and fail on stderr output.
Usage: nbrun.py INPUT OUTPUT KERNEL_NAME CELL_TIMEOUT_SECONDS
"""
import json
import sys
import time

import nbformat
from nbclient import NotebookClient


def emit(**event):
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def text_of(value):
    return "".join(value) if isinstance(value, list) else (value or "")


def main():
    src, dst, kernel, timeout = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    nb = nbformat.read(src, as_version=4)
    client = NotebookClient(nb, kernel_name=kernel, timeout=timeout, allow_errors=True,
                            resources={"metadata": {"path": sys.argv[5] if len(sys.argv) > 5 else "."}})
    code = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    emit(event="start", cells=len(code))
    failed = False
    with client.setup_kernel():
        for n, (index, cell) in enumerate(code, start=1):
            started = time.time()
            try:
                client.execute_cell(cell, index)
            except Exception as e:  # a timeout or a dead kernel
                cell.outputs.append(nbformat.v4.new_output("error", ename=type(e).__name__, evalue=str(e), traceback=[]))
            stderr = "".join(text_of(o.get("text")) for o in cell.outputs
                             if o.output_type == "stream" and o.get("name") == "stderr")
            errors = [{"ename": o.get("ename"), "evalue": o.get("evalue"), "traceback": o.get("traceback", [])}
                      for o in cell.outputs if o.output_type == "error"]
            ok = not stderr and not errors
            emit(event="cell", n=n, index=index, ok=ok, seconds=round(time.time() - started, 3),
                 source=text_of(cell.source), stderr=stderr, errors=errors)
            if not ok:
                failed = True
                break
    nbformat.write(nb, dst)
    emit(event="end", ok=not failed)


if __name__ == "__main__":
    main()
