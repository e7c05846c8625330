# Contenus de /sys/fs/cgroup/…/memory.max et memory.current de deux conteneurs.
WEB_MEMORY_MAX = "536870912\n"
WEB_MEMORY_CURRENT = "214958080\n"
OUTIL_MEMORY_MAX = "max\n"


# 1. La limite en Mio, ou None s'il n'y en a pas.
def limite_mio(contenu: str) -> float | None:
    texte = contenu.strip()
    if texte == "max":
        return None
    return int(texte) / 2**20


# 2. Les limites des deux conteneurs.
limite_web = limite_mio(WEB_MEMORY_MAX)
limite_outil = limite_mio(OUTIL_MEMORY_MAX)

# 3. La part de sa limite que « web » utilise (fraction).
part_web = int(WEB_MEMORY_CURRENT) / int(WEB_MEMORY_MAX)

print("web :", limite_web, "Mio ; outil :", limite_outil, "; web utilise", part_web)
