import xml.etree.ElementTree as ET

# La sortie de « virsh dumpxml web1 » (remplacez-la par la vôtre si vous avez un hôte KVM).
SORTIE = """
<domain type='kvm' id='3'>
  <name>web1</name>
  <uuid>8f2c1a6e-4b7d-4e21-9c3a-5d6e7f801234</uuid>
  <memory unit='KiB'>4194304</memory>
  <currentMemory unit='KiB'>4194304</currentMemory>
  <vcpu placement='static'>2</vcpu>
  <resource>
    <partition>/machine</partition>
  </resource>
  <os>
    <type arch='x86_64' machine='pc-q35-8.2'>hvm</type>
    <boot dev='hd'/>
  </os>
  <features>
    <acpi/>
    <apic/>
  </features>
  <cpu mode='host-passthrough' check='none' migratable='on'/>
  <clock offset='utc'>
    <timer name='rtc' tickpolicy='catchup'/>
    <timer name='pit' tickpolicy='delay'/>
    <timer name='hpet' present='no'/>
  </clock>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2' cache='writeback' discard='unmap'/>
      <source file='/var/lib/libvirt/images/web1.qcow2' index='2'/>
      <backingStore/>
      <target dev='vda' bus='virtio'/>
      <alias name='virtio-disk0'/>
      <address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>
    </disk>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw' cache='writeback'/>
      <source file='/var/lib/libvirt/images/web1-donnees.img' index='1'/>
      <backingStore/>
      <target dev='sda' bus='sata'/>
      <alias name='sata0-0-0'/>
      <address type='drive' controller='0' bus='0' target='0' unit='0'/>
    </disk>
    <controller type='sata' index='0'>
      <alias name='ide'/>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x1f' function='0x2'/>
    </controller>
    <interface type='network'>
      <mac address='52:54:00:3a:7c:91'/>
      <source network='default' portid='1c2d3e4f-5a6b-7c8d-9e0f-a1b2c3d4e5f6' bridge='virbr0'/>
      <target dev='vnet2'/>
      <model type='e1000'/>
      <alias name='net0'/>
      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>
    </interface>
    <serial type='pty'>
      <source path='/dev/pts/1'/>
      <target type='isa-serial' port='0'>
        <model name='isa-serial'/>
      </target>
      <alias name='serial0'/>
    </serial>
    <console type='pty' tty='/dev/pts/1'>
      <source path='/dev/pts/1'/>
      <target type='serial' port='0'/>
      <alias name='serial0'/>
    </console>
    <channel type='unix'>
      <source mode='bind' path='/run/libvirt/qemu/channel/3-web1/org.qemu.guest_agent.0'/>
      <target type='virtio' name='org.qemu.guest_agent.0' state='connected'/>
      <alias name='channel0'/>
      <address type='virtio-serial' controller='0' bus='0' port='1'/>
    </channel>
    <input type='mouse' bus='ps2'>
      <alias name='input0'/>
    </input>
    <input type='keyboard' bus='ps2'>
      <alias name='input1'/>
    </input>
    <graphics type='vnc' port='5901' autoport='yes' listen='127.0.0.1'>
      <listen type='address' address='127.0.0.1'/>
    </graphics>
    <video>
      <model type='virtio' heads='1' primary='yes'/>
      <alias name='video0'/>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>
    </video>
    <memballoon model='virtio'>
      <alias name='balloon0'/>
      <address type='pci' domain='0x0000' bus='0x05' slot='0x00' function='0x0'/>
    </memballoon>
    <rng model='virtio'>
      <backend model='random'>/dev/urandom</backend>
      <alias name='rng0'/>
      <address type='pci' domain='0x0000' bus='0x06' slot='0x00' function='0x0'/>
    </rng>
  </devices>
  <seclabel type='dynamic' model='apparmor' relabel='yes'>
    <label>libvirt-8f2c1a6e-4b7d-4e21-9c3a-5d6e7f801234</label>
    <imagelabel>libvirt-8f2c1a6e-4b7d-4e21-9c3a-5d6e7f801234</imagelabel>
  </seclabel>
</domain>
"""

racine = ET.fromstring(SORTIE.strip()) if SORTIE.strip() else ET.Element("domain")

UNITES_EN_MIO = {"KiB": 1 / 1024, "MiB": 1, "GiB": 1024}

nom = racine.findtext("name")
memoire = racine.find("memory")
assert memoire is not None and memoire.text is not None
memoire_mio = int(memoire.text) * UNITES_EN_MIO[memoire.get("unit", "KiB")]
vcpu = int(racine.findtext("vcpu", "1"))
disques = []
for d in racine.findall("devices/disk"):
    cible, pilote, source = d.find("target"), d.find("driver"), d.find("source")
    if cible is None or pilote is None or source is None:
        continue
    disques.append((cible.get("dev"), pilote.get("type"), source.get("file")))
cartes = []
for i in racine.findall("devices/interface"):
    modele = i.find("model")
    cartes.append((i.get("type"), modele.get("type") if modele is not None else None))

print(nom, ":", memoire_mio, "Mio,", vcpu, "vCPU")
print("Disques :", disques)
print("Cartes :", cartes)
