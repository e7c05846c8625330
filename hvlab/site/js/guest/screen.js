// What a serial terminal shows, as text: the guest's output with its control sequences applied.
//
// The guest writes bytes meant for a terminal: "\r\n" line ends, "\r" and "\b" that move the
// cursor back, and escape sequences (busybox's shell asks the cursor position with ESC [ 6 n).
// Screen keeps the resulting text — what a person reads, and what the lab checks read — with
// the escape sequences removed. Its length is bounded: the oldest lines go first.

// CSI (ESC [ … final byte), OSC (ESC ] … BEL or ESC \), and two-byte ESC sequences.
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

export class Screen {
  constructor(maxChars = 200000) {
    this.maxChars = maxChars;
    this.lines = [""]; // the last one is the line the cursor is on
    this.column = 0;
    this.length = 0; // characters in the finished lines
    this.carry = ""; // an escape sequence split across two writes
  }

  /** Apply `text` (decoded output of the guest). */
  write(text) {
    text = this.carry + text;
    this.carry = "";
    const cut = text.lastIndexOf("\x1b");
    if (cut !== -1 && !/^\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])/.test(text.slice(cut))) {
      if (text.length - cut < 64) {
        this.carry = text.slice(cut);
        text = text.slice(0, cut);
      }
    }
    text = text.replace(ESCAPES, "");
    let line = this.lines[this.lines.length - 1];
    for (const char of text) {
      if (char === "\n") {
        this.lines[this.lines.length - 1] = line;
        this.length += line.length + 1;
        this.lines.push("");
        line = "";
        this.column = 0;
      } else if (char === "\r") {
        this.column = 0;
      } else if (char === "\b") {
        this.column = Math.max(0, this.column - 1);
      } else if (char === "\t") {
        const next = (Math.floor(this.column / 8) + 1) * 8;
        line = line.padEnd(next, " ");
        this.column = next;
      } else if (char >= " " && char !== "\x7f") {
        line = line.slice(0, this.column) + char + line.slice(this.column + 1);
        this.column += 1;
      }
    }
    this.lines[this.lines.length - 1] = line;
    while (this.length > this.maxChars && this.lines.length > 1) {
      this.length -= this.lines.shift().length + 1;
    }
  }

  /** Add a line of the page's own (not from the guest), on a line of its own. */
  note(text) {
    if (this.lines[this.lines.length - 1] !== "") this.write("\n");
    this.write(`${text}\n`);
  }

  text() {
    return this.lines.join("\n");
  }

  clear() {
    this.lines = [""];
    this.column = 0;
    this.length = 0;
  }
}
