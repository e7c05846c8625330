"""Contention: what happens when VMs ask for more CPU than a host gives, and why ~80 %.

* **CPU ready** (`ready_percent`): the share of a sampling interval during which a vCPU was
  ready to run but waited for a physical core. ``%RDY = ready_ms / (interval_s × 1000) × 100``:
  2000 ms of ready time in a 20 s sample is 10 %. Under 5 % per vCPU is healthy; above 10 % per
  vCPU the VM suffers (REFERENCES.md).
* **M/M/1 response time** (`response_time_factor`): a server busy a share ρ of the time
  answers in ``R = S / (1 − ρ)``: twice the service time at 50 %, 5× at 80 %, 10× at 90 %,
  20× at 95 %. The last 20 % of capacity costs more waiting than the first 80 %.
* **Estimated ready time** (`estimate_ready_percent`): a teaching model that turns the
  demand and capacity of a host into a per-vCPU %RDY, so that a lab can sweep the load from 50 %
  to 110 % and see the knee.

Examples:
    >>> ready_percent(2000, 20)
    10.0
    >>> round(response_time_factor(0.8), 9)
    5.0
"""

from __future__ import annotations

__all__ = [
    "READY_HARMFUL_PERCENT",
    "READY_HEALTHY_PERCENT",
    "ContentionEstimate",
    "erlang_c",
    "estimate_contention",
    "estimate_ready_percent",
    "ready_percent",
    "ready_status",
    "response_time_factor",
]

from dataclasses import dataclass

from hvlab.errors import SimulationError
from hvlab.fr import number

#: %RDY per vCPU under which a VM is healthy (REFERENCES.md).
READY_HEALTHY_PERCENT = 5.0
#: %RDY per vCPU above which a VM suffers (REFERENCES.md).
READY_HARMFUL_PERCENT = 10.0


def ready_percent(ready_ms: float, interval_s: float) -> float:
    """CPU ready as a percentage of the sampling interval.

    ``%RDY = ready_ms / (interval_s × 1000) × 100``.

    Args:
        ready_ms: time spent ready but not running during the interval, in ms (≥ 0).
        interval_s: the sampling interval, in s (20 s for vCenter's real-time charts).

    Returns:
        The ready percentage.

    Raises:
        SimulationError: negative ready time or non-positive interval.
    """
    if not interval_s > 0:
        raise SimulationError(
            f"Intervalle d'échantillonnage invalide : {interval_s!r} s. Il doit être positif "
            "(20 s pour les graphiques temps réel de vCenter)."
        )
    if not ready_ms >= 0:
        raise SimulationError(
            f"Temps « prêt » invalide : {ready_ms!r} ms. Il doit être positif ou nul."
        )
    return ready_ms / (interval_s * 1000.0) * 100.0


def ready_status(percent_per_vcpu: float) -> str:
    """French verdict on a %RDY per vCPU.

    « sain » under 5 %, « à surveiller » from 5 to 10 %, « dégradé » above 10 %.
    """
    if percent_per_vcpu < READY_HEALTHY_PERCENT:
        return "sain"
    if percent_per_vcpu <= READY_HARMFUL_PERCENT:
        return "à surveiller"
    return "dégradé"


def response_time_factor(utilisation: float) -> float:
    """M/M/1 response time in multiples of the service time: ``1 / (1 − ρ)``.

    Args:
        utilisation: ρ, the share of time the server is busy, in [0, 1).

    Returns:
        R / S (2 at 0.5, 5 at 0.8, 10 at 0.9, 20 at 0.95).

    Raises:
        SimulationError: ρ outside [0, 1): at 100 % or more the queue grows without end.
    """
    if not 0 <= utilisation < 1:
        raise SimulationError(
            f"Taux d'occupation invalide : {utilisation!r}. Il doit être compris entre 0 et 1 "
            "exclu : à 100 % ou plus, la file d'attente grandit sans fin et le temps de réponse "
            "n'est plus borné."
        )
    return 1.0 / (1.0 - utilisation)


#: The most servers (cores) the Erlang C formula accepts: its cost grows with them.
MAX_SERVERS = 100_000


def erlang_c(servers: int, offered_load: float) -> float:
    """Probability that a request waits in an M/M/c queue (Erlang C formula).

    Args:
        servers: c, the number of servers (physical cores), ≥ 1.
        offered_load: a = λ/μ, the demand in servers (cores), with 0 ≤ a < c.

    Returns:
        The probability of waiting, in [0, 1).

    Raises:
        SimulationError: c < 1, c above :data:`MAX_SERVERS`, or a outside [0, c).
    """
    if isinstance(servers, int) and servers > MAX_SERVERS:
        raise SimulationError(
            f"File M/M/c trop grande : {number(servers, 0)} serveurs, la limite est "
            f"{number(MAX_SERVERS, 0)} (un très grand datacentre)."
        )
    if servers < 1 or not 0 <= offered_load < servers:
        raise SimulationError(
            f"File M/M/c invalide : {servers!r} serveur(s) pour une charge de {offered_load!r}. "
            "Il faut au moins un serveur et une charge positive inférieure au nombre de serveurs."
        )
    if offered_load == 0:
        return 0.0
    blocking = 1.0
    for k in range(1, servers + 1):
        blocking = offered_load * blocking / (k + offered_load * blocking)
    rho = offered_load / servers
    return blocking / (1.0 - rho * (1.0 - blocking))


@dataclass(frozen=True)
class ContentionEstimate:
    """Estimated contention on one host.

    Attributes:
        demand_cores: CPU the VMs want, in cores.
        capacity_cores: physical cores.
        vcpus: vCPUs of the running VMs.
        utilisation: demand / capacity (may exceed 1).
        ready_percent: estimated %RDY per vCPU.
        response_time_factor: M/M/1 R/S at this utilisation, ``None`` at 100 % or more.
        status: « sain », « à surveiller » or « dégradé ».
    """

    demand_cores: float
    capacity_cores: int
    vcpus: int
    utilisation: float
    ready_percent: float
    response_time_factor: float | None
    status: str

    def to_dict(self) -> dict[str, object]:
        """The estimate, ready for JSON."""
        return {
            "demand_cores": self.demand_cores,
            "capacity_cores": self.capacity_cores,
            "vcpus": self.vcpus,
            "utilisation": self.utilisation,
            "ready_percent": self.ready_percent,
            "response_time_factor": self.response_time_factor,
            "status": self.status,
        }


def estimate_ready_percent(demand_cores: float, capacity_cores: int, vcpus: int) -> float:
    """Estimated CPU ready per vCPU, in %, for a host (teaching model).

    The vCPUs are pooled on ``capacity_cores`` cores as in an M/M/c queue (``c`` cores, offered
    load ``a`` = ``demand_cores``). Each vCPU wants to run a share ``u = a / vcpus`` of the time.

    * With no more vCPUs than cores, a vCPU never waits for another: 0 %.
    * Below saturation (a < c), a vCPU waits on average ``C(c, a) / (c − a)`` of a run burst
      for every burst (Erlang C), so ``%RDY = 100 × min(u × C(c, a) / (c − a), 1 − u)``.
    * At or above saturation (a ≥ c), the vCPUs are always runnable and share the cores:
      each runs ``c / vcpus`` of the time and waits the rest, ``%RDY = 100 × (1 − c / vcpus)``.

    The two branches meet at a = c. Assumptions: exponential bursts, no co-scheduling, no
    hypervisor threads, no NUMA: orders of magnitude for a lab, not a capacity-planning tool.

    Args:
        demand_cores: CPU the VMs want, in cores (≥ 0).
        capacity_cores: physical cores of the host (≥ 1).
        vcpus: vCPUs of the running VMs (≥ 1).

    Returns:
        The estimated %RDY per vCPU.

    Raises:
        SimulationError: a negative demand, no core or no vCPU.
    """
    if capacity_cores < 1 or vcpus < 1 or not demand_cores >= 0:
        raise SimulationError(
            f"Estimation impossible : demande {demand_cores!r} cœurs, {capacity_cores!r} cœurs "
            f"physiques, {vcpus!r} vCPU. Il faut une demande positive, au moins un cœur et un vCPU."
        )
    if vcpus <= capacity_cores:
        return 0.0
    per_vcpu = min(1.0, demand_cores / vcpus)
    if demand_cores >= capacity_cores:
        return 100.0 * (1.0 - capacity_cores / vcpus)
    waiting = erlang_c(capacity_cores, demand_cores) / (capacity_cores - demand_cores)
    return 100.0 * min(per_vcpu * waiting, 1.0 - per_vcpu)


def estimate_contention(demand_cores: float, capacity_cores: int, vcpus: int) -> ContentionEstimate:
    """Everything a lab shows about a host's load: utilisation, %RDY, M/M/1 factor, verdict.

    Examples:
        >>> e = estimate_contention(demand_cores=8.0, capacity_cores=16, vcpus=48)
        >>> e.utilisation, e.response_time_factor, e.status
        (0.5, 2.0, 'sain')
    """
    ready = estimate_ready_percent(demand_cores, capacity_cores, vcpus)
    utilisation = demand_cores / capacity_cores
    factor = response_time_factor(utilisation) if utilisation < 1 else None
    return ContentionEstimate(
        demand_cores=demand_cores,
        capacity_cores=capacity_cores,
        vcpus=vcpus,
        utilisation=utilisation,
        ready_percent=ready,
        response_time_factor=factor,
        status=ready_status(ready),
    )
