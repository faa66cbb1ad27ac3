"""The garbage collector while a process starts: paused, then what start-up built is frozen.

Starting Django with every module imports ~1,300 modules and creates ~1M objects (modules, classes,
functions, models) that live as long as the process. None of them is garbage, yet the collector walks
them again and again while they are created: ~350 passes, 0.17 s of the ~2.5 s of CPU time of
``manage.py check`` of the all-modules project (docs/performance.md). A generated project's
``manage.py`` calls :func:`pause_collector` before Django starts; ``quickscale_core``'s
``AppConfig.ready()`` calls :func:`resume_collector` once every app's models are imported: the
objects built so far are frozen (``gc.freeze()``: moved where the collector no longer walks them)
and the collector runs as usual from then on, over what the process creates afterwards.

Trade-off: the few thousand objects start-up leaves unreachable (~4,700 with every module) are
never collected, a fixed amount per process, as with the ``gc.freeze()`` gunicorn's master already
calls before it forks.
"""

from __future__ import annotations

import gc

_paused = False


def pause_collector() -> None:
    """Stop automatic collections until :func:`resume_collector` (no-op if they are already off)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_collector() -> None:
    """Freeze what exists and turn collections back on, if :func:`pause_collector` turned them off."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
