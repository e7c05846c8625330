# Collez ci-dessous la sortie de : VBoxManage showvminfo debian-tp --machinereadable
SORTIE = """
name="debian-tp"
Encryption="disabled"
groups="/"
ostype="Debian (64-bit)"
UUID="3b1f5c9e-7d2a-4e8b-9c41-6f0a2d9e8b17"
CfgFile="/home/etu/VirtualBox VMs/debian-tp/debian-tp.vbox"
SnapFldr="/home/etu/VirtualBox VMs/debian-tp/Snapshots"
LogFldr="/home/etu/VirtualBox VMs/debian-tp/Logs"
hardwareuuid="3b1f5c9e-7d2a-4e8b-9c41-6f0a2d9e8b17"
memory=2048
pagefusion="off"
vram=16
cpuexecutioncap=100
hpet="off"
cpu-profile="host"
chipset="piix3"
firmware="EFI"
cpus=2
pae="off"
longmode="on"
triplefaultreset="off"
apic="on"
x2apic="on"
nested-hw-virt="off"
cpuid-portability-level=0
bootmenu="messageandmenu"
boot1="floppy"
boot2="dvd"
boot3="disk"
boot4="none"
acpi="on"
ioapic="on"
biosapic="apic"
biossystemtimeoffset=0
rtcuseutc="on"
hwvirtex="on"
nestedpaging="on"
largepages="off"
vtxvpid="on"
vtxux="on"
virtvmsavevmload="on"
iommu="none"
paravirtprovider="default"
effparavirtprovider="kvm"
VMState="poweroff"
VMStateChangeTime="2026-12-07T09:12:44.000000000"
graphicscontroller="vmsvga"
monitorcount=1
accelerate3d="off"
accelerate2dvideo="off"
teleporterenabled="off"
teleporterport=0
teleporteraddress=""
teleporterpassword=""
tracing-enabled="off"
tracing-allow-vm-access="off"
tracing-config=""
autostart-enabled="off"
autostart-delay=0
defaultfrontend=""
vmprocpriority="default"
storagecontrollername0="SATA"
storagecontrollertype0="IntelAhci"
storagecontrollerinstance0="0"
storagecontrollermaxportcount0="30"
storagecontrollerportcount0="30"
storagecontrollerbootable0="on"
"SATA-0-0"="/home/etu/VirtualBox VMs/debian-tp/debian-tp.vdi"
"SATA-ImageUUID-0-0"="9a6c2f71-0d4e-4b3a-8f25-7c1e9b0d4a63"
"SATA-1-0"="none"
"SATA-2-0"="none"
"SATA-3-0"="none"
"SATA-4-0"="none"
"SATA-5-0"="none"
"SATA-6-0"="none"
"SATA-7-0"="none"
"SATA-8-0"="none"
"SATA-9-0"="none"
"SATA-10-0"="none"
"SATA-11-0"="none"
"SATA-12-0"="none"
"SATA-13-0"="none"
"SATA-14-0"="none"
"SATA-15-0"="none"
"SATA-16-0"="none"
"SATA-17-0"="none"
"SATA-18-0"="none"
"SATA-19-0"="none"
"SATA-20-0"="none"
"SATA-21-0"="none"
"SATA-22-0"="none"
"SATA-23-0"="none"
"SATA-24-0"="none"
"SATA-25-0"="none"
"SATA-26-0"="none"
"SATA-27-0"="none"
"SATA-28-0"="none"
"SATA-29-0"="none"
natnet1="nat"
macaddress1="080027A1B2C1"
cableconnected1="on"
nic1="nat"
nictype1="82540EM"
nicspeed1="0"
mtu="0"
sockSnd="64"
sockRcv="64"
tcpWndSnd="64"
tcpWndRcv="64"
macaddress2="080027A1B2C2"
cableconnected2="on"
nic2="bridged"
bridgeadapter2="enp3s0"
nictype2="82540EM"
nicspeed2="0"
macaddress3="080027A1B2C3"
cableconnected3="on"
nic3="hostonly"
hostonlyadapter3="vboxnet0"
nictype3="82540EM"
nicspeed3="0"
macaddress4="080027A1B2C4"
cableconnected4="on"
nic4="intnet"
intnet4="labo"
nictype4="82540EM"
nicspeed4="0"
nic5="none"
nic6="none"
nic7="none"
nic8="none"
hidpointing="ps2mouse"
hidkeyboard="ps2kbd"
uart1="off"
uart2="off"
uart3="off"
uart4="off"
lpt1="off"
lpt2="off"
audio="default"
audio_out="off"
audio_in="off"
clipboard="disabled"
draganddrop="disabled"
vrde="off"
usb="off"
ehci="off"
xhci="off"
recording_enabled="off"
recording_screens=1
GuestMemoryBalloon=0
"""


def lire(sortie: str) -> dict[str, str]:
    config: dict[str, str] = {}
    for ligne in sortie.splitlines():
        if "=" not in ligne:
            continue
        cle, _, valeur = ligne.partition("=")
        config[cle.strip().strip('"')] = valeur.strip().strip('"')
    return config


config = lire(SORTIE)

# 1. Le mode de chacune des cartes 1 à 4.
modes = {n: config[f"nic{n}"] for n in range(1, 5)}

# 2. Ce que chaque mode permet, sans redirection de port (True ou False).
joignabilite = {
    "nat": {"hote_vers_vm": False, "vm_vers_lan": True, "lan_vers_vm": False, "vm_vers_vm": False},
    "bridged": {"hote_vers_vm": True, "vm_vers_lan": True, "lan_vers_vm": True, "vm_vers_vm": True},
    "hostonly": {
        "hote_vers_vm": True,
        "vm_vers_lan": False,
        "lan_vers_vm": False,
        "vm_vers_vm": True,
    },
    "intnet": {
        "hote_vers_vm": False,
        "vm_vers_lan": False,
        "lan_vers_vm": False,
        "vm_vers_vm": True,
    },
}

print("Modes :", modes)
