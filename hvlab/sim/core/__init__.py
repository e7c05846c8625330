"""The model every part of the simulator shares.

* hardware and power — :mod:`~hvlab.sim.core.units`, :mod:`~hvlab.sim.core.power` (linear and
  SPECpower models, the one interpolation of a SPECpower table),
  :mod:`~hvlab.sim.core.hardware` (server models and their catalogue, host CPUs);
* demand — :mod:`~hvlab.sim.core.workload` (demand over time and its generators),
  :mod:`~hvlab.sim.core.traces` (real traces: PlanetLab, CSV);
* virtualisation — :mod:`~hvlab.sim.core.hypervisor` (products, overheads, failure domains),
  :mod:`~hvlab.sim.core.vm` (virtual machines, their disks and NICs, their life cycle),
  :mod:`~hvlab.sim.core.datacenter` (hosts, clusters, datacentres);
* sizing — :mod:`~hvlab.sim.core.placement` (bin packing), :mod:`~hvlab.sim.core.contention`
  (CPU ready, queueing), :mod:`~hvlab.sim.core.headroom` (free capacity for restarts and
  evacuations).

It imports only :mod:`hvlab.sim.display` from the rest of the simulator.
"""
