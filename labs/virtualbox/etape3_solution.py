# Collez ci-dessous la sortie de : VBoxManage import debian-tp.ova --dry-run
SORTIE = """
0%...10%...20%...30%...40%...50%...60%...70%...80%...90%...100%
Interpreting /home/etu/debian-tp.ova...
OK.
Disks:
  vmdisk1	20480	-1	http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized	debian-tp-disk001.vmdk	-1	-1

Virtual system 0:
 0: Suggested OS type: "Debian_64"
    (change with "--vsys 0 --ostype <type>"; use "list ostypes" to list all possible values)
 1: Suggested VM name "debian-tp"
    (change with "--vsys 0 --vmname <name>")
 2: Suggested VM group "/"
    (change with "--vsys 0 --group <group>")
 3: Suggested VM settings file name "/home/etu/VirtualBox VMs/debian-tp/debian-tp.vbox"
    (change with "--vsys 0 --settingsfile <filename>")
 4: Suggested VM base folder "/home/etu/VirtualBox VMs"
    (change with "--vsys 0 --basefolder <path>")
 5: Number of CPUs: 2
    (change with "--vsys 0 --cpus <n>")
 6: Guest memory: 2048 MB
    (change with "--vsys 0 --memory <MB>")
 7: Network adapter: orig NAT, config 3, extra slot=0;type=NAT
 8: Network adapter: orig Bridged, config 3, extra slot=1;type=Bridged
 9: Network adapter: orig HostOnly, config 3, extra slot=2;type=HostOnly
10: Network adapter: orig Internal, config 3, extra slot=3;type=Internal
11: SATA controller, type AHCI
    (disable with "--vsys 0 --unit 11 --ignore")
12: Hard disk image: source image=debian-tp-disk001.vmdk, target path=/home/etu/VirtualBox VMs/debian-tp/debian-tp-disk001.vmdk, controller=11;channel=0
    (change target path with "--vsys 0 --unit 12 --disk path";
    disable with "--vsys 0 --unit 12 --ignore")
"""  # noqa: E501

vcpu = 0
memoire_mo = 0
image_source = ""
for ligne in SORTIE.splitlines():
    if "Number of CPUs:" in ligne:
        vcpu = int(ligne.split(":")[-1])
    elif "Guest memory:" in ligne:
        memoire_mo = int(ligne.split(":")[-1].split()[0])
    elif "Hard disk image:" in ligne:
        image_source = ligne.split("source image=")[1].split(",")[0]
format_disque = image_source.rsplit(".", 1)[-1].lower()

print(
    "vCPU :", vcpu, "; mémoire :", memoire_mo, "Mo ; disque :", image_source, f"({format_disque})"
)
