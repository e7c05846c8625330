"""Before virtualisation, and the case for it: a fleet of dedicated servers (utilisation,
energy, space, provisioning, downtime) and the before/after consolidation report.

* :mod:`~hvlab.sim.planning.physical` — the physical fleet;
* :mod:`~hvlab.sim.planning.report` — sizing the virtualised replacement and comparing.

Imports :mod:`hvlab.sim.core` and :mod:`hvlab.sim.display`.
"""
