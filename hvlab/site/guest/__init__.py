"""A real guest machine in the page: a small Linux that v86 emulates in the student's browser.

* :mod:`~hvlab.site.guest.image` — what the image is made of (``image.json``, ``rootfs/``) and
  how it is built and cached;
* :mod:`~hvlab.site.guest.debian` — the pinned Debian packages, fetched with apt;
* :mod:`~hvlab.site.guest.initramfs` — the guest's root file system as a cpio archive;
* :mod:`~hvlab.site.guest.fence` — the ``guest`` Markdown block that puts the machine in a page.

The browser side is ``hvlab/site/js/guest/`` (the console and its buttons; v86 in a worker);
lab code and checks read the console through :mod:`hvlab.guest`.
"""

from __future__ import annotations

__all__ = ["GuestImage", "ImageError", "build_image", "load_image"]

from hvlab.site.guest.image import GuestImage, ImageError, build_image, load_image
