"""A datacentre scenario: storage, network, vMotion, and the scenario that ties them together.

* :mod:`~hvlab.sim.world.storage` — datastores, disk formats, snapshots, a full datastore;
* :mod:`~hvlab.sim.world.network` — vSwitches, uplinks and teaming, port groups and VLANs,
  VMkernel ports, reachability between VMs;
* :mod:`~hvlab.sim.world.vmotion` — vMotion prerequisites and bandwidth;
* :mod:`~hvlab.sim.world.events` — what happened, in time order;
* :mod:`~hvlab.sim.world.scenario` — a scenario document (YAML or dict) made into a datacentre;
  :mod:`~hvlab.sim.world.checks` validates the document, :mod:`~hvlab.sim.world.views` draws it
  and summarises it into a :mod:`~hvlab.sim.world.report`.

Imports :mod:`hvlab.sim.core`, :mod:`hvlab.sim.migration` and :mod:`hvlab.sim.display`.
"""
