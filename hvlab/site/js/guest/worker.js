// The guest machine itself: v86 in a module Web Worker (bundled into guest-worker.bundle.js).
//
// The emulator runs here, never on the page's thread, so a busy guest cannot freeze the page.
// The machine has a serial port and nothing else that talks to the outside: no network card
// (v86 adds one only when asked), so nothing leaves the page.
//
// Messages received:
//   {type: "start", image, wasm, machine, resume}   image: URL of the image folder (ends in /)
//   {type: "input", text}                            keys typed by the student (UTF-8 sent)
// Messages sent:
//   {type: "status", text} · {type: "running", resumed, ms} · {type: "output", text}
//   {type: "failed", message}
import { V86 } from "v86";

const FLUSH_MS = 30;

let emulator = null;
let pending = [];
let flushTimer = null;
const decoder = new TextDecoder();
const encoder = new TextEncoder();

function post(message) {
  self.postMessage(message);
}

function flush() {
  flushTimer = null;
  if (!pending.length) return;
  const text = decoder.decode(new Uint8Array(pending), { stream: true });
  pending = [];
  if (text) post({ type: "output", text });
}

async function fetchBuffer(url, what) {
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`${what} est introuvable sur le site (${url}\u00a0: HTTP ${response.status}).`);
  }
  if (url.endsWith(".gz")) {
    const stream = response.body.pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).arrayBuffer();
  }
  return response.arrayBuffer();
}

async function start({ image, wasm, machine, resume }) {
  const started = performance.now();
  post({ type: "status", text: resume ? "Chargement de l'état enregistré de la machine…" : "Chargement du noyau Linux…" });
  const url = (name) => new URL(name, image).href;
  const files = resume
    ? { initial_state: ["state.bin.gz", "l'état enregistré de la machine"] }
    : { bzimage: ["vmlinuz", "le noyau Linux"], initrd: ["initramfs.cpio.gz", "le système de fichiers"] };
  const entries = [
    ["bios", ["bios.bin", "le BIOS"]],
    ["vga_bios", ["vgabios.bin", "le BIOS vidéo"]],
    ...Object.entries(files),
  ];
  const loaded = await Promise.all(entries.map(([, [name, what]]) => fetchBuffer(url(name), what)));
  const options = {
    wasm_path: wasm,
    memory_size: machine.memory_mib * 1024 * 1024,
    vga_memory_size: machine.vga_memory_kib * 1024,
    autostart: true,
    disable_keyboard: true,
    disable_mouse: true,
    disable_speaker: true,
    net_device: { type: "none" }, // no network card: nothing leaves the page
  };
  entries.forEach(([option], index) => {
    options[option] = { buffer: loaded[index] };
  });
  if (!resume) options.cmdline = machine.cmdline;
  post({ type: "status", text: resume ? "Reprise de la machine…" : "Démarrage de la machine (noyau Linux)…" });
  emulator = new V86(options);
  emulator.add_listener("serial0-output-byte", (byte) => {
    pending.push(byte);
    if (flushTimer === null) flushTimer = setTimeout(flush, FLUSH_MS);
  });
  emulator.add_listener("emulator-started", () => {
    post({ type: "running", resumed: Boolean(resume), ms: Math.round(performance.now() - started) });
  });
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === "start") {
    if (emulator) return;
    try {
      await start(message);
    } catch (error) {
      post({ type: "failed", message: String(error.message ?? error) });
    }
  } else if (message.type === "input" && emulator) {
    emulator.serial_send_bytes(0, encoder.encode(message.text));
  }
};
