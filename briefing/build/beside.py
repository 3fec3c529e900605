"""A computation run in a forked process beside the build's own, on the core its one-core stretches leave idle.

Between reading and rendering, a build on two cores runs on one: Pelican's
context, the plugins' whole-site passes and the briefings' fingerprints follow
one another in this process while the other core idles (about 4 s of a
10,000-briefing full build). A pure computation there whose result is small
(positions, digests) can run in a forked copy of this process while this one
goes on: :class:`Beside` starts it, :meth:`Beside.result` waits for it.

Only while ``briefing build`` runs with more than one job (see
:data:`briefing.build.plugin.ACTIVE`) is anything forked; otherwise, and if
the helper fails in any way, :meth:`Beside.result` works the result out in this
process, so the result never depends on where it was computed.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing

logger = logging.getLogger(__name__)

def helpers_allowed(items: int) -> bool:
    """Whether a build runs with a core to spare and ``items`` pieces of work are worth a fork (as for reading)."""
    from . import plugin
    from .reading import worker_count

    session = plugin.ACTIVE
    return session is not None and worker_count(session.jobs, items) > 0


def _run(function, arguments, connection) -> None:
    """In the forked helper: compute, send the result back (or None if it failed), and exit."""
    gc.disable()  # short-lived: a collection would walk, and copy, the whole heap it shares with the build
    try:
        result = ("ok", function(*arguments))
    except Exception:  # noqa: BLE001 - the build computes it again itself and reports the error there
        result = None
    try:
        connection.send(result)
    except Exception:  # noqa: BLE001 - a result that does not pickle: the build computes it itself
        connection.send(None)
    connection.close()


class Beside:
    """``function(*arguments)`` computed in a forked helper when :func:`helpers_allowed`, else on demand here.

    ``function`` must be pure: its result may come from the helper or from this
    process, and must be the same either way.
    """

    def __init__(self, function, *arguments, items: int):
        self.function, self.arguments = function, arguments
        self._process = self._connection = None
        if not helpers_allowed(items):
            return
        try:
            context = multiprocessing.get_context("fork")
            receiving, sending = context.Pipe(duplex=False)
            process = context.Process(target=_run, args=(function, arguments, sending), daemon=True)
            process.start()
        except (OSError, ValueError) as error:  # no fork here, or no process to spare: compute it here
            logger.debug("no helper process (%s); computed in the build's process", error)
            return
        sending.close()
        self._process, self._connection = process, receiving

    def result(self):
        """The helper's result, or the function's worked out here (no helper, or it failed)."""
        process, connection = self._process, self._connection
        self._process = self._connection = None
        outcome = None
        if process is not None:
            try:
                outcome = connection.recv()
            except (EOFError, OSError):
                outcome = None
            finally:
                connection.close()
                process.join()
        if outcome is None:
            return self.function(*self.arguments)
        return outcome[1]

    def cancel(self) -> None:
        """Stop the helper, if any, without waiting for its result."""
        process, connection = self._process, self._connection
        self._process = self._connection = None
        if process is not None:
            process.terminate()
            process.join()
            connection.close()
