// Boot the guest machine once, at build time, and save its state (run by hvlab/site/guest/image.py).
//
//   node scripts/guest-state.mjs '<json settings>'
//
// Settings: {folder, memory_mib, vga_memory_kib, cmdline, prompt, timeout_s}. The folder holds
// bios.bin, vgabios.bin, vmlinuz and initramfs.cpio.gz; this writes state.bin.gz there and prints
// one line of JSON: {cold_boot_s, state_bytes, state_raw_bytes, banner}.
//
// The machine boots in v86 under Node exactly as it does in the page. Once the shell prompt
// shows, the free memory is overwritten with zeros (Linux's init_on_free=1 keeps freed pages
// zeroed), so the saved state, which stores only non-zero pages, holds little more than the kernel
// and the files; the shell is then restarted so the student's history starts empty.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";
import { V86 } from "v86";

const settings = JSON.parse(process.argv[2]);
const { folder, prompt } = settings;
const require = createRequire(import.meta.url);
const wasmPath = join(require.resolve("v86/package.json"), "..", "build", "v86.wasm");

const file = (name) => {
  const bytes = readFileSync(join(folder, name));
  return { buffer: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) };
};

// Fill the free memory with zeros in a size-limited tmpfs, then free it, then restart the shell.
const WIPE =
  "mount -t tmpfs wipe /mnt && " +
  "dd if=/dev/zero of=/mnt/zero bs=1M count=$(awk '/MemFree/ { print int($2 / 1024) - 8 }' /proc/meminfo) 2>/dev/null; " +
  "rm -f /mnt/zero; umount /mnt; exit\n";

const started = Date.now();
const emulator = new V86({
  wasm_path: wasmPath,
  bios: file("bios.bin"),
  vga_bios: file("vgabios.bin"),
  bzimage: file("vmlinuz"),
  initrd: file("initramfs.cpio.gz"),
  cmdline: settings.cmdline,
  memory_size: settings.memory_mib * 1024 * 1024,
  vga_memory_size: settings.vga_memory_kib * 1024,
  autostart: true,
  disable_keyboard: true,
  disable_mouse: true,
  // No network card at all (v86 adds an NE2000 unless told otherwise): nothing leaves the page.
  net_device: { type: "none" },
});

const timer = setTimeout(() => {
  process.stderr.write(`no shell prompt after ${settings.timeout_s} s; console:\n${output.slice(-2000)}\n`);
  process.exit(2);
}, settings.timeout_s * 1000);

let output = ""; // one character per byte (the prompt is ASCII)
const bytes = [];
let phase = "boot"; // boot → wipe → saving
let bootSeconds = 0;
let bannerStart = 0;

emulator.add_listener("serial0-output-byte", (byte) => {
  output += String.fromCharCode(byte);
  bytes.push(byte);
  if (!output.endsWith(prompt)) return;
  if (phase === "boot") {
    phase = "wipe";
    bootSeconds = (Date.now() - started) / 1000;
    bannerStart = output.length;
    emulator.serial0_send(WIPE);
  } else if (phase === "wipe" && output.length > bannerStart + WIPE.length) {
    phase = "saving";
    // what the new shell printed after « exit »: the message of the day and the prompt
    const from = output.indexOf("exit\r\n", bannerStart) + "exit\r\n".length;
    const banner = new TextDecoder().decode(new Uint8Array(bytes.slice(from)));
    save(banner).catch((error) => {
      process.stderr.write(`saving the state failed: ${error.stack ?? error}\n`);
      process.exit(3);
    });
  }
});

async function save(banner) {
  const raw = new Uint8Array(await emulator.save_state());
  const packed = gzipSync(raw, { level: 9 });
  writeFileSync(join(folder, "state.bin.gz"), packed);
  clearTimeout(timer);
  await emulator.destroy();
  process.stdout.write(
    JSON.stringify({
      cold_boot_s: Math.round(bootSeconds * 10) / 10,
      state_bytes: packed.length,
      state_raw_bytes: raw.length,
      banner,
    }) + "\n",
  );
  process.exit(0);
}
