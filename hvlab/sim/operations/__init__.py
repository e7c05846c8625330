"""Running a cluster: maintenance mode (evacuation by live migration) and vSphere-style HA
(admission control, restarts after a host failure).

* :mod:`~hvlab.sim.operations.maintenance`;
* :mod:`~hvlab.sim.operations.ha`.

Imports :mod:`hvlab.sim.core`, :mod:`hvlab.sim.migration` and :mod:`hvlab.sim.display`.
"""
