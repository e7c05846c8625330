"""Units of the simulator: binary sizes (MiB, GiB) and decimal transfer units (MB, MB/s).

One convention for the whole package:

* **memory and disk sizes** are binary: 1 MiB = 2^20 bytes, 1 GiB = 2^30 bytes = 1,024 MiB
  (``ram_mib``, ``ram_gib``, ``size_gib``);
* **transfer quantities and rates** are decimal, as networks and disks quote them: 1 MB =
  10^6 bytes, rates in MB/s = 10^6 bytes per second (``memory_mb``, ``bandwidth_mb_s``,
  ``copy_mb_s``), and 1 Gbit/s = 125 MB/s.

So a size becomes a transfer quantity by multiplying by `MB_PER_MIB` (1.048576) or
`MB_PER_GIB` (1,073.741824), never by 1,024: the live migration model (vMotion), storage
vMotion and eager-zeroed disk creation all convert the same way.

Examples:
    >>> mib_to_mb(4096)
    4294.967296
    >>> round(gib_to_mb(100) / 200, 6)  # 100 GiB copied at 200 MB/s, in seconds
    536.870912
"""

from __future__ import annotations

__all__ = ["MB_PER_GIB", "MB_PER_MIB", "gib_to_mb", "mib_to_mb"]

#: Megabytes (10^6 bytes) in one mebibyte (2^20 bytes).
MB_PER_MIB = 1.048576
#: Megabytes (10^6 bytes) in one gibibyte (2^30 bytes).
MB_PER_GIB = 1073.741824


def mib_to_mb(mib: float) -> float:
    """``mib`` MiB in MB (10^6 bytes)."""
    return mib * MB_PER_MIB


def gib_to_mb(gib: float) -> float:
    """``gib`` GiB in MB (10^6 bytes)."""
    return gib * MB_PER_GIB
